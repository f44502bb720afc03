import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { MeetingCommand, MeetingSystemCommand } from './meeting.commands';
import { decide, evolve, initialState, type MeetingRule, type MeetingState } from './meeting.decider';
import type { MeetingEvent } from './meeting.events';

/** RecordOutcomeNotCarried: what the reaction records when a question refuses an item's outcome (meeting-outcome.reaction.ts). */

const system: Actor = { userId: 'fragespar', displayName: 'Frågespår (automatisk följd)', role: 'system', organisationId: 'region-varmland' };
const { given, stateAfter } = givenWhenThen<MeetingCommand | MeetingSystemCommand, MeetingEvent, MeetingState, MeetingRule>(
  { decide, evolve, initialState },
  { actor: system, now: '2026-12-10T12:00:00.000Z', occurredAt: (index) => `2026-12-10T${String(8 + index).padStart(2, '0')}:00:00.000Z` },
);

const meetingId = 'meeting-1';
const dialogueItem = { itemId: 'i-2', title: 'Kollektivtrafik', kind: 'dialogue' as const, logic: 'process' as const, questionId: 'q-2', documents: [] };
const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId,
    forum: 'council',
    title: 'Värmlandsrådet 2026-12-10',
    startsAt: '2026-12-10T08:00:00.000Z',
    endsAt: '2026-12-10T10:00:00.000Z',
    place: 'Karlstad',
    agendaDeadline: '2026-11-26T15:00:00.000Z',
  },
};
const published: MeetingEvent = { type: 'AgendaPublished', data: { meetingId, items: [{ ...dialogueItem, origin: { kind: 'manual' }, late: false }] } };
const outcome: MeetingEvent = {
  type: 'ItemOutcomeRecorded',
  data: { meetingId, itemId: 'i-2', status: 'concluded', summary: 'Dialog förd', questionId: 'q-2' },
};
const refusal = { itemId: 'i-2', questionId: 'q-2', outcomeEventId: 'e-1', rule: 'question-not-open', message: 'The question is withdrawn' };
const notCarried: MeetingEvent = { type: 'MeetingOutcomeNotCarried', data: { meetingId, ...refusal } };
const approved: MeetingEvent = { type: 'MinutesApproved', data: { meetingId, adjustedBy: [{ userId: 'eva.ek', name: 'Eva Ek' }], adjustedOn: '2026-12-14' } };
const record: MeetingSystemCommand = { type: 'RecordOutcomeNotCarried', data: { meetingId, ...refusal } };

describe('RecordOutcomeNotCarried (utfall ej överfört till frågan)', () => {
  it('records the question’s refusal of an outcome, with its rule', () => given(scheduled, published, outcome).when(record).then(notCarried));
  it('records it once: the reaction may be handed the same outcome again', () => given(scheduled, published, outcome, notCarried).when(record).then());
  it('records it even once the minutes are approved: it is a fact about the question, not an edit of the minutes', () =>
    given(scheduled, published, outcome, approved).when(record).then(notCarried));
  it('refuses a meeting never scheduled', () => given().when(record).thenNotFound());
  it('shows the refusal on the meeting beside the outcome, which stands', () => {
    const state = stateAfter(scheduled, published, outcome, notCarried);
    expect(state.exists && state.outcomes.map((entry) => entry.itemId)).toEqual(['i-2']);
    expect(state.exists && state.notCarried).toEqual([{ ...refusal, recordedAt: '2026-12-10T11:00:00.000Z' }]);
  });
});

describe('RecordOutcomeNotCarried: once per outcome and question, and its neighbours', () => {
  const recordOf = (change: Partial<typeof refusal>): MeetingSystemCommand => ({ type: 'RecordOutcomeNotCarried', data: { meetingId, ...refusal, ...change } });
  const notCarriedOf = (change: Partial<typeof refusal>): MeetingEvent => ({ type: 'MeetingOutcomeNotCarried', data: { meetingId, ...refusal, ...change } });

  it('records the same outcome refused by another question', () =>
    given(scheduled, published, outcome, notCarried)
      .when(recordOf({ questionId: 'q-3' }))
      .then(notCarriedOf({ questionId: 'q-3' })));

  it('records another outcome refused by the same question', () =>
    given(scheduled, published, outcome, notCarried)
      .when(recordOf({ outcomeEventId: 'e-2' }))
      .then(notCarriedOf({ outcomeEventId: 'e-2' })));

  it('records it on a cancelled meeting, where every other command is refused (meeting-cancelled)', () => {
    const cancelled: MeetingEvent = { type: 'MeetingCancelled', data: { meetingId, reason: 'Inställt' } };
    given(scheduled, published, outcome, cancelled).when(record).then(notCarried);
    given(scheduled, published, outcome, cancelled).when({ type: 'PublishAgenda', data: { meetingId } }).thenRefused('meeting-cancelled');
  });

  it('records it on a meeting folded before the list existed (no notCarried yet)', () => {
    const folded = stateAfter(scheduled, published, outcome);
    const { notCarried: _none, ...older } = folded.exists ? folded : ({} as never);
    expect(decide(record, older as MeetingState, { actor: system, now: '2026-12-10T12:00:00.000Z', timeZone: 'Europe/Stockholm' })).toStrictEqual([notCarried]);
  });
});
