import type { RecordDialogue, TableQuestion, TakePosition } from '../questions';
import { FORUMS } from '../reference-data/forums';
import { calendarDateOf } from '../shared-kernel/calendar';
import type { ItemOutcomeRecorded } from './meeting.events';
import type { ExistingMeetingState } from './meeting.state';

/**
 * The forum's Swedish name on a day, as the structure register names it
 * (`forumNameOn` of register/contract.ts on the folded register); undefined
 * for a forum it does not know, and while it is empty.
 */
export type ForumNameOn = (forumId: string, day: string) => string | undefined;

/**
 * The question command that carries an item's outcome into the question's
 * history, if any, each with the meeting reference (forum, day, §): an item
 * continued (bordlagd) tables the question — it was not dealt with, so no
 * dialogue is recorded —; a concluded dialogue item records the dialogue; a
 * concluded position item takes the position.
 */
export function questionCommandOf(
  event: ItemOutcomeRecorded,
  meeting: ExistingMeetingState,
  timeZone: string,
  forumNameOn?: ForumNameOn,
): RecordDialogue | TableQuestion | TakePosition | undefined {
  const { questionId, itemId, status, summary, position } = event.data;
  const item = meeting.agenda.find((entry) => entry.itemId === itemId);
  if (!questionId || !item) return undefined;
  const meetingReference = meetingReferenceOf(meeting, itemId, timeZone, forumNameOn);
  const heldOn = calendarDateOf(meeting.startsAt, timeZone);
  if (status === 'continued') {
    return { type: 'TableQuestion', data: { questionId, forum: meeting.forum, heldOn, meetingReference, summary } };
  }
  if (item.kind === 'position' && position) {
    return {
      type: 'TakePosition',
      data: { questionId, text: position.text, organisationsToDecide: position.organisationsToDecide, decideBy: position.decideBy, meetingReference },
    };
  }
  if (item.kind === 'dialogue') {
    return { type: 'RecordDialogue', data: { questionId, forum: meeting.forum, heldOn, summary, meetingReference } };
  }
  return undefined;
}

/**
 * "Ordföranderådet 2026-12-10 § 2": the forum as the register named it on the
 * meeting's day (another collaboration's forum by its own name; the default
 * data's name while the register is empty, or the id), that day where the
 * meeting is held, and the item's number in the agenda.
 */
export function meetingReferenceOf(meeting: ExistingMeetingState, itemId: string, timeZone: string, forumNameOn?: ForumNameOn): string {
  const day = calendarDateOf(meeting.startsAt, timeZone);
  const forum = forumNameOn?.(meeting.forum, day) ?? FORUMS.find((candidate) => candidate.id === meeting.forum)?.nameSv ?? meeting.forum;
  return `${forum} ${day} § ${meeting.agenda.findIndex((item) => item.itemId === itemId) + 1}`;
}
