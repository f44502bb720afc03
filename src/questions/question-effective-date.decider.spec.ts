import type { Actor } from '../event-store/event-store.port';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import type { CommandContext, QuestionCommand } from './question.commands';
import { decide, evolve, initialState, type EventContext, type QuestionRule, type QuestionState } from './question.decider';
import type { QuestionEvent } from './question.events';

/**
 * Effective time: a command may say on which day the thing happened (the
 * record of a position taken last spring, entered today). Given events that
 * happened on their days, when a command says a day, then it is accepted or
 * refused with the rule and the field `effectiveOn`.
 */

const secretary: Actor = { userId: 'user-anna', displayName: 'Anna Sekreterare', role: 'secretary', organisationId: 'region-varmland' };
const questionId = 'question-1';
/** Recorded today, 2025-09-01 (Swedish time): everything below is entered after the fact. */
const now = '2025-09-01T08:00:00.000Z';

const raised: QuestionEvent = {
  type: 'QuestionRaised',
  data: {
    questionId,
    title: 'Kollektivtrafik',
    description: 'Trafikförsörjningsprogram',
    raisedBy: { kind: 'organisation', id: 'kil' },
    topicArea: 'Trafik',
    documents: [],
  },
};
const accepted: QuestionEvent = {
  type: 'QuestionAccepted',
  data: { questionId, forum: 'council', logic: 'process', responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' } },
};
const dialogueCommand: QuestionCommand = { type: 'RecordDialogue', data: { questionId, forum: 'council', heldOn: '2025-03-14', summary: 'Rådslag' } };

/** Given events, each with the day it happened (and recorded, all of them, today). */
function given(...events: Array<[QuestionEvent, string | undefined]>) {
  const state = events.reduce<QuestionState>((folded, [event, effectiveOn], index) => {
    const context: EventContext = { occurredAt: `2025-09-01T07:0${index}:00.000Z`, actor: secretary, ...(effectiveOn ? { effectiveOn } : {}) };
    return evolve(folded, event, context);
  }, initialState());
  return {
    when(command: QuestionCommand, effectiveOn?: string) {
      const context: CommandContext = { actor: secretary, now, timeZone: 'Europe/Stockholm', ...(effectiveOn !== undefined ? { effectiveOn } : {}) };
      const run = () => decide(command, state, context);
      return {
        thenAccepted: () => expect(run()).toHaveLength(1),
        thenRefused(rule: QuestionRule) {
          let error: unknown;
          try {
            run();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(DomainRuleViolation);
          expect(error).toMatchObject({ rule, field: 'effectiveOn' });
          expect((error as Error).message).toContain('effectiveOn');
        },
      };
    },
  };
}

describe('effective time (the day the thing happened)', () => {
  const raise: QuestionCommand = { type: 'RaiseQuestion', data: { ...(raised.data as Extract<QuestionEvent, { type: 'QuestionRaised' }>['data']) } };

  it('a question may be raised on a past day', () => {
    given().when(raise, '2024-11-05').thenAccepted();
  });

  it('today is allowed, and so is no day at all (it happened today)', () => {
    given().when(raise, '2025-09-01').thenAccepted();
    given().when(raise).thenAccepted();
  });

  it('is refused in the future: tomorrow in Sweden, even where it is still today in UTC', () => {
    given().when(raise, '2025-09-02').thenRefused('effective-date-in-future');
    // 23:30 UTC on 1 September is already 2 September in Stockholm; 3 September is still the future.
    const late = decide(raise, initialState(), { actor: secretary, now: '2025-09-01T23:30:00.000Z', timeZone: 'Europe/Stockholm', effectiveOn: '2025-09-02' });
    expect(late).toHaveLength(1);
  });

  it('is refused when not a calendar date', () => {
    given().when(raise, '2025-02-30').thenRefused('invalid-date');
    given().when(raise, '1 mars 2025').thenRefused('invalid-date');
  });

  it('is refused before the question was raised', () => {
    given([raised, '2025-02-01'], [accepted, '2025-02-01']).when(dialogueCommand, '2025-01-31').thenRefused('effective-date-before-raised');
  });

  it('is refused before the question’s last event: its events stay in the order things happened', () => {
    given([raised, '2025-02-01'], [accepted, '2025-03-20']).when(dialogueCommand, '2025-03-14').thenRefused('effective-date-out-of-order');
  });

  it('the same day as the last event is in order', () => {
    given([raised, '2025-02-01'], [accepted, '2025-03-14']).when(dialogueCommand, '2025-03-14').thenAccepted();
  });

  it('a question recorded before effective dates existed counts as happening on the day it was recorded (in Sweden)', () => {
    // No effectiveOn stored: raised and accepted on 1 September by their recorded time, so 31 August is before it was raised.
    given([raised, undefined], [accepted, undefined]).when(dialogueCommand, '2025-08-31').thenRefused('effective-date-before-raised');
    given([raised, undefined], [accepted, undefined]).when(dialogueCommand).thenAccepted();
  });

  it('the state keeps both times: raisedAt (recorded) and raisedOn (effective), lastChangedAt and lastEffectiveOn', () => {
    const state = evolve(evolve(initialState(), raised, { occurredAt: now, actor: secretary, effectiveOn: '2024-11-05' }), accepted, {
      occurredAt: now,
      actor: secretary,
      effectiveOn: '2024-12-01',
    });
    expect(state).toMatchObject({ raisedAt: now, raisedOn: '2024-11-05', lastChangedAt: now, lastEffectiveOn: '2024-12-01' });
  });
});
