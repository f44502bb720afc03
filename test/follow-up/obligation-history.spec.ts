import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { HistoryChanges, type HistoryRow, emptyHistory, historyThrough } from '../../src/follow-up/obligation-history';
import { questionDecider } from '../../src/questions/question.decider';
import type { ExistingQuestionState } from '../../src/questions/contract';
import { actor, lifeOfAQuestion } from './question-story';

/**
 * follow-up-history's rows must not depend on how the events were cut into
 * batches. (That it derives obligations only when the question slice's
 * `sameObligations` says they may have changed is checked in
 * src/questions/question-standing.spec.ts.)
 */
/**
 * The events and the states after each, built inside each test rather than when the file loads: code run
 * at load time is "static" to mutation testing, which then runs every related test for each mutant of the
 * question decider and state (docs/testing.md).
 */
function storyOfAQuestion(): { events: RecordedEvent[]; states: ExistingQuestionState[] } {
  const events = lifeOfAQuestion();
  const states = events
    .reduce(
      (folded, event) => [
        ...folded,
        questionDecider.evolve(folded[folded.length - 1], { type: event.type, data: event.data } as never, { occurredAt: event.metadata.occurredAt, actor }),
      ],
      [questionDecider.initialState()],
    )
    .filter((state): state is ExistingQuestionState => state.exists);
  return { events, states };
}

describe('the history does not depend on the batches', () => {
  /** The rows a run of batches leaves in the table. */
  const tableAfter = (events: RecordedEvent[], batchSize: number, forget: boolean) => {
    const table = new Map<string, HistoryRow>();
    const questions = new Map<string, unknown>();
    let history = emptyHistory(events[0].streamId.slice('question-'.length));
    for (let start = 0; start < events.length; start += batchSize) {
      const changes = new HistoryChanges();
      if (forget && start > 0) history = historyThrough(emptyHistory(history.questionId), events.slice(0, start), null);
      history = historyThrough(history, events.slice(start, start + batchSize), changes);
      for (const [key, { before, after }] of changes.rows) {
        expect(table.get(key) ?? null).toEqual(before);
        if (after) table.set(key, after);
        else table.delete(key);
      }
      // A row the batch removes is one it or an earlier batch wrote; one it writes is inserted only if no batch before wrote it.
      for (const [key, { row, stored }] of changes.questions) {
        expect(stored).toBe(questions.has(key));
        if (row) questions.set(key, structuredClone(row));
        else questions.delete(key);
      }
    }
    return { rows: [...table.entries()].sort(), questions: [...questions.entries()].sort() };
  };

  it.each([
    [1, false],
    [2, true],
    [3, false],
    [5, true],
  ])('in batches of %i (forgetting between them: %s) as in one', (batchSize, forget) => {
    const { events } = storyOfAQuestion();
    const inOne = tableAfter(events, events.length, false);
    expect(inOne.rows.length).toBeGreaterThan(10);
    expect(tableAfter(events, batchSize, forget)).toEqual(inOne);
  });
});
