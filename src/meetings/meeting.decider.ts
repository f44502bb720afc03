/**
 * The rules of a meeting (sammanträde): `decide` turns a command into events or
 * refuses it with the rule it breaks. Pure: time and actor arrive in the context.
 * State and `evolve` live in meeting.state.ts and are re-exported here.
 */
import type { Actor } from '../event-store/event-store.port';
import { FORUMS } from '../reference-data/forums';
import { knownIds, type KnownIds } from '../reference-data/organisations';
import { calendarDateOf } from '../shared-kernel/calendar';
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';
import type { AdjusterInput, AgendaItemInput, MeetingCommand, MeetingSystemCommand } from './meeting.commands';
import {
  AGENDA_ITEM_KINDS,
  AGENDA_ITEM_LOGICS,
  ITEM_OUTCOME_STATUSES,
  MEETING_EVENT_SCHEMA_VERSIONS,
  type AdvanceDocument,
  type Adjuster,
  type AgendaItem,
  type AttendanceEntry,
  type ItemPosition,
  type MeetingEvent,
} from './meeting.events';
import { type ExistingMeetingState, type MeetingState, evolve, initialState } from './meeting.state';
import { upcastMeetingEvent } from './meeting.upcasters';

export { evolve, initialState, openItemsOf } from './meeting.state';
export type { MeetingState } from './meeting.state';

export interface MeetingCommandContext {
  actor: Actor;
  /** ISO-8601 instant at which the command was received. */
  now: string;
  /** IANA time zone in which a meeting's day is read (TIME_ZONE). */
  timeZone: string;
  /** The organisations and forums the structure register knows (absent while it is empty: the default data's). */
  structure?: {
    organisations?: Readonly<Record<string, { kind: 'region' | 'municipality' | 'other' }>>;
    forums?: readonly string[];
    /** Forum names today, for a meeting's default title. */
    forumNames?: Readonly<Record<string, string>>;
  };
}

/** Every rule `decide` can refuse a command with; stable ids. */
export type MeetingRule =
  | 'meeting-already-exists'
  | 'meeting-cancelled'
  | 'meeting-held'
  | 'reschedule-changes-nothing'
  | 'required-field-blank'
  | 'unknown-forum'
  | 'unknown-organisation'
  | 'invalid-date'
  | 'invalid-date-time'
  | 'invalid-url'
  | 'ends-before-start'
  | 'deadline-after-start'
  | 'place-or-link-required'
  | 'unknown-item-kind'
  | 'unknown-item-logic'
  | 'duplicate-item'
  | 'agenda-published'
  | 'agenda-not-published'
  | 'agenda-empty'
  | 'amendment-empty'
  | 'reason-required'
  | 'item-not-on-agenda'
  | 'item-has-outcome'
  | 'duplicate-organisation'
  | 'attendance-empty'
  | 'attendance-not-recorded'
  | 'meeting-not-held'
  | 'unknown-outcome-status'
  | 'outcome-already-recorded'
  | 'position-required'
  | 'position-only-on-position-item'
  | 'adjusters-required'
  | 'duplicate-adjuster'
  | 'adjusters-not-identified'
  | 'not-a-named-adjuster'
  | 'adjuster-already-approved'
  | 'minutes-not-drafted'
  | 'minutes-already-approved'
  | 'minutes-not-approved'
  | 'minutes-already-published'
  | 'minutes-approved';

type Data<C extends MeetingCommand['type']> = Extract<MeetingCommand, { type: C }>['data'];
type Meeting = ExistingMeetingState;

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

export function decide(command: MeetingCommand | MeetingSystemCommand, state: MeetingState, context: MeetingCommandContext): MeetingEvent[] {
  if (command.type === 'ScheduleMeeting') return [schedule(command.data, state, context)];
  if (!state.exists) throw new AggregateNotFound('Meeting', command.data.meetingId);
  const meetingId = state.id;
  if (state.cancelled && command.type !== 'RecordOutcomeNotCarried')
    refuse('meeting-cancelled', `Meeting ${meetingId} was cancelled (inställt) ${state.cancelled.cancelledAt}: ${state.cancelled.reason}`);
  switch (command.type) {
    case 'RescheduleMeeting':
      return [reschedule(command.data, state, context)];
    case 'CancelMeeting':
      requireNotHeld(state, context, 'cancelled');
      requireReason(command.data.reason, 'cancel a meeting');
      return [
        {
          type: 'MeetingCancelled',
          data: { meetingId, reason: command.data.reason, ...(command.data.yearWheel !== undefined ? { yearWheel: command.data.yearWheel } : {}) },
        },
      ];
    case 'ProposeAgenda':
      if (state.agendaPublishedAt) refuse('agenda-published', `The agenda of meeting ${meetingId} is published; propose changes as an amendment`);
      return [{ type: 'AgendaProposed', data: { meetingId, items: agendaItems(command.data.items, state, context, 'outstanding-log') } }];
    case 'SetAgenda':
      if (state.agendaPublishedAt) {
        refuse(
          'agenda-published',
          `The agenda of meeting ${meetingId} was published ${state.agendaPublishedAt}; it is frozen, so change it with an amendment (POST /meetings/${meetingId}/agenda/amendments) and a reason`,
        );
      }
      return [{ type: 'AgendaSet', data: { meetingId, items: agendaItems(command.data.items, state, context, 'manual') } }];
    case 'PublishAgenda':
      if (state.agendaPublishedAt) refuse('agenda-published', `The agenda of meeting ${meetingId} is already published`);
      if (state.agenda.length === 0) refuse('agenda-empty', 'Set the agenda (accept or edit the proposal) before publishing it');
      return [{ type: 'AgendaPublished', data: { meetingId, items: state.agenda } }];
    case 'AmendAgenda':
      return [amend(command.data, state, context)];
    case 'RecordAttendance':
      requireMinutesOpen(state);
      return [{ type: 'AttendanceRecorded', data: { meetingId, attendance: attendanceList(command.data.attendance, knownIds(context.structure)) } }];
    case 'RecordItemOutcome':
      return [outcome(command.data, state, context)];
    case 'DraftMinutes':
      requirePublished(state, 'no minutes can be drafted');
      requireHeld(state, context, 'the minutes be drafted');
      requireMinutesOpen(state);
      if (!state.attendance) refuse('attendance-not-recorded', 'The minutes carry the attendance list (närvarolista): record attendance first');
      return [
        {
          type: 'MinutesDrafted',
          data: {
            meetingId,
            adjusters: adjusters(command.data.adjusters, knownIds(context.structure)),
            ...(command.data.notes?.trim() ? { notes: command.data.notes } : {}),
          },
        },
      ];
    case 'ApproveMinutes':
      return approveMinutes(state, context);
    case 'PublishMinutes':
      if (!state.minutes?.approval) refuse('minutes-not-approved', 'Minutes are published only once approved (justerade)');
      if (state.minutes.publishedAt) refuse('minutes-already-published', `The minutes of meeting ${meetingId} are already published`);
      return [{ type: 'MinutesPublished', data: { meetingId } }];
    case 'RecordOutcomeNotCarried': {
      // A fact about the question's refusal: recorded whatever the meeting's state, once per outcome and question.
      const { itemId, questionId, outcomeEventId, rule, message } = command.data;
      if ((state.notCarried ?? []).some((entry) => entry.outcomeEventId === outcomeEventId && entry.questionId === questionId)) return [];
      return [{ type: 'MeetingOutcomeNotCarried', data: { meetingId, itemId, questionId, outcomeEventId, rule, message } }];
    }
    case 'CorrectMinutes': {
      if (!state.minutes?.approval) refuse('minutes-not-approved', 'Only approved minutes are corrected; until then, draft them again');
      requireText(command.data.correction, 'correction');
      requireReason(command.data.reason, 'correct approved minutes');
      const { itemId, correction, reason } = command.data;
      if (itemId !== undefined && !state.agenda.some((item) => item.itemId === itemId))
        refuse('item-not-on-agenda', `Item ${itemId} is not on the agenda of meeting ${meetingId}`);
      return [{ type: 'MinutesCorrected', data: { meetingId, ...(itemId !== undefined ? { itemId } : {}), correction, reason } }];
    }
  }
}

/**
 * Justering: each adjuster the draft names approves as the signed-in person
 * (the actor's user id), on today's date where the meeting is held. The last
 * one's approval also approves the minutes, which are then immutable. Anyone
 * not named is refused, whatever their role: the named adjusters are whom the
 * meeting chose to vouch for the minutes.
 */
function approveMinutes(meeting: Meeting, context: MeetingCommandContext): MeetingEvent[] {
  const minutes = meeting.minutes;
  if (!minutes) refuse('minutes-not-drafted', `No minutes have been drafted for meeting ${meeting.id}`);
  if (minutes.approval)
    refuse(
      'minutes-already-approved',
      `The minutes of meeting ${meeting.id} were approved (justerade) on ${minutes.approval.adjustedOn}; a correction is a new event`,
    );
  if (minutes.adjusters.some((adjuster) => adjuster.userId === null))
    refuse(
      'adjusters-not-identified',
      `The minutes of meeting ${meeting.id} name their adjusters by name only; draft them again naming each adjuster's userId, so that each can approve as themselves`,
    );
  const adjuster = minutes.adjusters.find((named) => named.userId === context.actor.userId);
  if (!adjuster)
    refuse(
      'not-a-named-adjuster',
      `Only the adjusters named in the minutes (${minutes.adjusters.map((named) => `${named.name} (${named.userId})`).join(', ')}) approve them, each signed in as themselves; ${context.actor.userId} is not one of them`,
    );
  const signed = minutes.signatures ?? [];
  const earlier = signed.find((signature) => signature.adjuster.userId === adjuster.userId);
  if (earlier) refuse('adjuster-already-approved', `${adjuster.name} approved the minutes of meeting ${meeting.id} on ${earlier.adjustedOn}`);
  const adjustedOn = calendarDateOf(context.now, context.timeZone);
  const events: MeetingEvent[] = [{ type: 'MinutesApprovedByAdjuster', data: { meetingId: meeting.id, adjuster, adjustedOn } }];
  const approvedBy = new Set([...signed.map((signature) => signature.adjuster.userId), adjuster.userId]);
  if (minutes.adjusters.every((named) => approvedBy.has(named.userId))) {
    events.push({ type: 'MinutesApproved', data: { meetingId: meeting.id, adjustedBy: minutes.adjusters, adjustedOn } });
  }
  return events;
}

/** The forum's Swedish name for a default title: the register's today, or the default data's. */
function forumNameOf(forumId: string, context: MeetingCommandContext): string {
  return context.structure?.forumNames?.[forumId] ?? FORUMS.find((forum) => forum.id === forumId)?.nameSv ?? forumId;
}

function schedule(data: Data<'ScheduleMeeting'>, state: MeetingState, context: MeetingCommandContext): MeetingEvent {
  if (state.exists) refuse('meeting-already-exists', `Meeting ${data.meetingId} has already been scheduled`);
  requireText(data.meetingId, 'meetingId');
  const known = knownIds(context.structure);
  if (!known.isForum(data.forum)) refuse('unknown-forum', `forum: "${String(data.forum)}" is no forum in ${known.source}`);
  const startsAt = instant(data.startsAt, 'startsAt');
  const endsAt = data.endsAt !== undefined ? instant(data.endsAt, 'endsAt') : new Date(Date.parse(startsAt) + TWO_HOURS_MS).toISOString();
  if (endsAt <= startsAt) refuse('ends-before-start', `endsAt ${endsAt} is not after startsAt ${startsAt}`);
  const agendaDeadline = instant(data.agendaDeadline, 'agendaDeadline');
  if (agendaDeadline > startsAt) refuse('deadline-after-start', `The deadline for agenda items (${agendaDeadline}) must come before the meeting (${startsAt})`);
  const place = data.place?.trim() || undefined;
  const digitalLink = data.digitalLink?.trim() || undefined;
  if (!place && !digitalLink) refuse('place-or-link-required', 'A meeting needs a place or a digital link (or both)');
  if (digitalLink && !isUrl(digitalLink)) refuse('invalid-url', `digitalLink must be an http(s) URL, got "${digitalLink}"`);
  const title = data.title?.trim() || `${forumNameOf(data.forum, context)} ${calendarDateOf(startsAt, context.timeZone)}`;
  return {
    type: 'MeetingScheduled',
    data: {
      meetingId: data.meetingId,
      forum: data.forum,
      title,
      startsAt,
      endsAt,
      ...(place ? { place } : {}),
      ...(digitalLink ? { digitalLink } : {}),
      agendaDeadline,
      ...(data.yearWheel !== undefined ? { yearWheel: data.yearWheel } : {}),
    },
  };
}

/**
 * A move: the whole new schedule, checked as a new one is. The title follows
 * the new day if it was the default one ("Värmlandsrådet 2027-03-12"); a title
 * of its own stays unless a new one is given.
 */
function reschedule(data: Data<'RescheduleMeeting'>, meeting: Meeting, context: MeetingCommandContext): MeetingEvent {
  requireNotHeld(meeting, context, 'moved');
  requireReason(data.reason, 'move a meeting');
  const startsAt = instant(data.startsAt, 'startsAt');
  const length = Date.parse(meeting.endsAt) - Date.parse(meeting.startsAt);
  const endsAt = data.endsAt !== undefined ? instant(data.endsAt, 'endsAt') : new Date(Date.parse(startsAt) + length).toISOString();
  if (endsAt <= startsAt) refuse('ends-before-start', `endsAt ${endsAt} is not after startsAt ${startsAt}`);
  const agendaDeadline = instant(data.agendaDeadline, 'agendaDeadline');
  if (agendaDeadline > startsAt) refuse('deadline-after-start', `The deadline for agenda items (${agendaDeadline}) must come before the meeting (${startsAt})`);
  const place = data.place?.trim() || undefined;
  const digitalLink = data.digitalLink?.trim() || undefined;
  if (!place && !digitalLink) refuse('place-or-link-required', 'A meeting needs a place or a digital link (or both)');
  if (digitalLink && !isUrl(digitalLink)) refuse('invalid-url', `digitalLink must be an http(s) URL, got "${digitalLink}"`);
  const defaultTitle = (at: string) => `${forumNameOf(meeting.forum, context)} ${calendarDateOf(at, context.timeZone)}`;
  const title = data.title?.trim() || (meeting.title === defaultTitle(meeting.startsAt) ? defaultTitle(startsAt) : meeting.title);
  const unchanged =
    title === meeting.title &&
    startsAt === meeting.startsAt &&
    endsAt === meeting.endsAt &&
    agendaDeadline === meeting.agendaDeadline &&
    (place ?? null) === meeting.place &&
    (digitalLink ?? null) === meeting.digitalLink;
  if (unchanged) refuse('reschedule-changes-nothing', `Meeting ${meeting.id} is already scheduled so: a move changes its time, deadline, place, link or title`);
  return {
    type: 'MeetingRescheduled',
    data: {
      meetingId: meeting.id,
      title,
      startsAt,
      endsAt,
      ...(place ? { place } : {}),
      ...(digitalLink ? { digitalLink } : {}),
      agendaDeadline,
      reason: data.reason,
      ...(data.yearWheel !== undefined ? { yearWheel: data.yearWheel } : {}),
    },
  };
}

/** A meeting is moved or cancelled only before it is held: not once it has started, nor once anything of its record exists. */
function requireNotHeld(meeting: Meeting, context: MeetingCommandContext, what: string): void {
  if (context.now >= meeting.startsAt || meeting.attendance || meeting.outcomes.length > 0 || meeting.minutes)
    refuse('meeting-held', `Meeting ${meeting.id} started ${meeting.startsAt} and has its record; it cannot be ${what} any more`);
}

function amend(data: Data<'AmendAgenda'>, meeting: Meeting, context: MeetingCommandContext): MeetingEvent {
  if (!meeting.agendaPublishedAt) refuse('agenda-not-published', 'The agenda is not published yet: set it instead of amending it');
  requireMinutesOpen(meeting);
  requireReason(data.reason, 'amend a published agenda');
  const removeItemIds = data.removeItemIds ?? [];
  if (removeItemIds.length === 0 && (data.add ?? []).length === 0) refuse('amendment-empty', 'An amendment adds or removes at least one item');
  for (const itemId of removeItemIds) {
    if (!meeting.agenda.some((item) => item.itemId === itemId)) refuse('item-not-on-agenda', `Item ${itemId} is not on the agenda of meeting ${meeting.id}`);
    if (meeting.outcomes.some((outcome) => outcome.itemId === itemId))
      refuse('item-has-outcome', `Item ${itemId} already has an outcome; it cannot be removed`);
  }
  const kept = { ...meeting, agenda: meeting.agenda.filter((item) => !removeItemIds.includes(item.itemId)) };
  const added = agendaItems(data.add ?? [], kept, context, 'manual', true);
  return { type: 'AgendaAmended', data: { meetingId: meeting.id, added, removedItemIds: [...removeItemIds], reason: data.reason } };
}

function outcome(data: Data<'RecordItemOutcome'>, meeting: Meeting, context: MeetingCommandContext): MeetingEvent {
  requirePublished(meeting, 'no outcome can be recorded');
  const item = meeting.agenda.find((entry) => entry.itemId === data.itemId);
  if (!item) refuse('item-not-on-agenda', `Item ${data.itemId} is not on the agenda of meeting ${meeting.id}: add it by an amendment first`);
  requireHeld(meeting, context, 'an outcome be recorded');
  requireMinutesOpen(meeting);
  if (meeting.outcomes.some((entry) => entry.itemId === item.itemId)) refuse('outcome-already-recorded', `Item ${item.itemId} already has its outcome`);
  if (!ITEM_OUTCOME_STATUSES.includes(data.status)) refuse('unknown-outcome-status', `status must be one of ${ITEM_OUTCOME_STATUSES.join(', ')}`);
  requireText(data.summary, 'summary');
  let position: ItemPosition | undefined;
  if (data.position !== undefined) {
    if (item.kind !== 'position' || !item.questionId)
      refuse('position-only-on-position-item', `Item ${item.itemId} is a ${item.kind} item; only a position item on a question takes a position`);
    position = itemPosition(data.position, knownIds(context.structure));
  }
  if (item.kind === 'position' && item.questionId && data.status === 'concluded' && !position) {
    refuse('position-required', `Item ${item.itemId} is a position item: a concluded outcome carries the position (text, organisationsToDecide, decideBy)`);
  }
  return {
    type: 'ItemOutcomeRecorded',
    data: {
      meetingId: meeting.id,
      itemId: item.itemId,
      status: data.status,
      summary: data.summary,
      ...(item.questionId ? { questionId: item.questionId } : {}),
      ...(position ? { position } : {}),
    },
  };
}

/** Validates items and sets `late`: an item keeps its flag if it was already proposed or on the agenda; a new one is late after the deadline. */
function agendaItems(
  inputs: AgendaItemInput[],
  meeting: Meeting,
  context: MeetingCommandContext,
  defaultOrigin: 'outstanding-log' | 'manual',
  adding = false,
): AgendaItem[] {
  const known = new Map<string, AgendaItem>([...(meeting.proposedAgenda ?? []), ...meeting.agenda].map((item) => [item.itemId, item]));
  // An item id is taken once in the list; when adding, also by the items the agenda keeps.
  const ids = new Set<string>();
  if (adding) for (const item of meeting.agenda) ids.add(item.itemId);
  const afterDeadline = context.now > meeting.agendaDeadline;
  return inputs.map((input, index) => {
    const field = `items[${index}]`;
    requireText(input.itemId, `${field}.itemId`);
    if (ids.has(input.itemId)) refuse('duplicate-item', `${field}.itemId ${input.itemId} is on the agenda more than once`);
    ids.add(input.itemId);
    requireText(input.title, `${field}.title`);
    if (!AGENDA_ITEM_KINDS.includes(input.kind)) refuse('unknown-item-kind', `${field}.kind must be one of ${AGENDA_ITEM_KINDS.join(', ')}`);
    if (!AGENDA_ITEM_LOGICS.includes(input.logic)) refuse('unknown-item-logic', `${field}.logic must be one of ${AGENDA_ITEM_LOGICS.join(', ')}`);
    if (input.questionId !== undefined) requireText(input.questionId, `${field}.questionId`);
    const earlier = adding ? undefined : known.get(input.itemId);
    return {
      itemId: input.itemId,
      title: input.title.trim(),
      kind: input.kind,
      logic: input.logic,
      ...(input.questionId !== undefined ? { questionId: input.questionId } : {}),
      documents: (input.documents ?? []).map((document, documentIndex) => advanceDocument(document, `${field}.documents[${documentIndex}]`)),
      origin: input.origin ?? earlier?.origin ?? { kind: defaultOrigin },
      late: earlier ? earlier.late : afterDeadline,
    };
  });
}

function advanceDocument(document: AdvanceDocument, field: string): AdvanceDocument {
  requireText(document.title, `${field}.title`);
  if (document.url !== undefined && !isUrl(document.url)) refuse('invalid-url', `${field}.url must be an http(s) URL, got "${document.url}"`);
  return { title: document.title, ...(document.reference ? { reference: document.reference } : {}), ...(document.url ? { url: document.url } : {}) };
}

function attendanceList(entries: AttendanceEntry[], known: KnownIds): AttendanceEntry[] {
  if (!entries || entries.length === 0) refuse('attendance-empty', 'The attendance list names at least one party');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    if (known.organisationKind(entry.organisationId) === undefined)
      refuse('unknown-organisation', `attendance[${index}].organisationId "${String(entry.organisationId)}" is no organisation in ${known.source}`);
    if (seen.has(entry.organisationId)) refuse('duplicate-organisation', `attendance names ${entry.organisationId} more than once`);
    seen.add(entry.organisationId);
    const digital = entry.status === 'attended' && entry.digital === true;
    return {
      organisationId: entry.organisationId,
      status: entry.status === 'attended' ? 'attended' : 'absent',
      ...(entry.name?.trim() ? { name: entry.name.trim() } : {}),
      ...(entry.capacity?.trim() ? { capacity: entry.capacity.trim() } : {}),
      digital,
    };
  });
}

function itemPosition(position: ItemPosition, known: KnownIds): ItemPosition {
  requireText(position.text, 'position.text');
  if (!position.organisationsToDecide?.length) refuse('required-field-blank', 'position.organisationsToDecide names at least one member organisation');
  for (const id of position.organisationsToDecide) {
    if (known.organisationKind(id) === undefined)
      refuse('unknown-organisation', `position.organisationsToDecide: "${String(id)}" is no organisation in ${known.source}`);
  }
  requireDate(position.decideBy, 'position.decideBy');
  return { text: position.text, organisationsToDecide: [...position.organisationsToDecide], decideBy: position.decideBy };
}

function adjusters(list: AdjusterInput[], known: KnownIds): Adjuster[] {
  if (!list || list.length === 0) refuse('adjusters-required', 'Minutes are approved (justerade) by at least one named adjuster (justerare)');
  const seen = new Set<string>();
  return list.map((adjuster, index) => {
    requireText(adjuster.userId, `adjusters[${index}].userId`);
    requireText(adjuster.name, `adjusters[${index}].name`);
    const userId = adjuster.userId.trim();
    if (seen.has(userId)) refuse('duplicate-adjuster', `adjusters names ${userId} more than once`);
    seen.add(userId);
    if (adjuster.organisationId !== undefined && known.organisationKind(adjuster.organisationId) === undefined)
      refuse('unknown-organisation', `adjusters[${index}].organisationId is no organisation in ${known.source}`);
    return { userId, name: adjuster.name.trim(), ...(adjuster.organisationId ? { organisationId: adjuster.organisationId } : {}) };
  });
}

function requirePublished(meeting: Meeting, what: string): void {
  if (!meeting.agendaPublishedAt) refuse('agenda-not-published', `The agenda of meeting ${meeting.id} is not published yet, so ${what}`);
}

function requireHeld(meeting: Meeting, context: MeetingCommandContext, what: string): void {
  if (context.now < meeting.startsAt) refuse('meeting-not-held', `Meeting ${meeting.id} starts ${meeting.startsAt}; only then can ${what}`);
}

function requireMinutesOpen(meeting: Meeting): void {
  if (meeting.minutes?.approval)
    refuse('minutes-approved', `The minutes of meeting ${meeting.id} are approved (justerade) and immutable; record a correction instead`);
}

function requireText(value: string | undefined, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse('required-field-blank', `${field} must not be blank`);
}

function requireReason(reason: string | undefined, what: string): void {
  if (typeof reason !== 'string' || reason.trim() === '') refuse('reason-required', `A reason is required to ${what}`);
}

function requireDate(value: string, field: string): void {
  const date = new Date(`${value}T00:00:00Z`);
  const valid = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  if (!valid) refuse('invalid-date', `${field} must be a date written YYYY-MM-DD, got "${String(value)}"`);
}

/** A date-time with its offset, normalised to UTC ISO-8601 so instants compare as text. */
function instant(value: string, field: string): string {
  const shaped = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const time = shaped ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) refuse('invalid-date-time', `${field} must be a date and time with offset, e.g. 2026-12-10T09:00:00+01:00, got "${String(value)}"`);
  return new Date(time).toISOString();
}

function isUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function refuse(rule: MeetingRule, message: string): never {
  throw new DomainRuleViolation(rule, message);
}

/**
 * The meeting's decider as the shared write path (`executeWithDecider`) sees
 * it: `initialState`, `evolve`, `decide`, each event type's schema version and
 * the upcaster of older versions. Streams are named `meeting-<id>`.
 */
export const meetingDecider = {
  aggregateName: 'Meeting',
  streamPrefix: 'meeting',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type: MeetingEvent['type']): number => MEETING_EVENT_SCHEMA_VERSIONS[type],
  upcast: upcastMeetingEvent,
};
