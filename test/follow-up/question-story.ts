import { eventIdFor } from '../../src/command-handling/execute-with-decider';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { questionDecider } from '../../src/questions/question.decider';
import type { QuestionCommand } from '../../src/questions/question.commands';
import { SAMPLE_COMMANDS } from '../auth/sample-commands';
import { questionHistory } from '../../bench/generate';

/** The story the follow-up histories' unit tests tell (obligation-history.spec.ts, effective-divergence.spec.ts). */
export const actor = { userId: 'sara', displayName: 'Sara', role: 'secretary', organisationId: 'region-varmland' };

/** A question's events through consultation, position, decisions, feedback, correction, send-back, closing and reopening, with clocks that sometimes go back. */
export function lifeOfAQuestion(): RecordedEvent[] {
  const { questionId, events } = questionHistory(3);
  let state = events.reduce(
    (folded, event) => questionDecider.evolve(folded, { type: event.type, data: event.data } as never, { occurredAt: event.metadata.occurredAt, actor }),
    questionDecider.initialState(),
  );
  const more: QuestionCommand[] = [
    SAMPLE_COMMANDS.RecordFeedbackAtHome(questionId, state.exists && state.position ? state.position.organisationsToDecide[0] : 'kil'),
    SAMPLE_COMMANDS.CorrectMemberDecision(questionId, state.exists && state.position ? state.position.organisationsToDecide[1] : 'kil'),
    SAMPLE_COMMANDS.SendBackToDialogue(questionId, 'kil'),
    SAMPLE_COMMANDS.CloseQuestion(questionId, 'kil'),
    SAMPLE_COMMANDS.ReopenQuestion(questionId, 'kil'),
    SAMPLE_COMMANDS.WithdrawQuestion(questionId, 'kil'),
  ];
  const recorded = events.map((event, revision) => ({ ...event, revision })) as unknown as Array<Omit<RecordedEvent, 'streamId'> & { revision: number }>;
  // Some later commands recorded as earlier than the event before them, two at one instant.
  const clocks = [
    '2025-01-05T10:00:00.000Z',
    '2025-01-02T10:00:00.000Z',
    '2025-01-20T10:00:00.000Z',
    '2025-01-20T10:00:00.000Z',
    '2025-01-21T10:00:00.000Z',
    '2025-01-30T10:00:00.000Z',
  ];
  more.forEach((command, index) => {
    const now = clocks[index];
    for (const [i, event] of questionDecider.decide(command, state, { actor, now, timeZone: 'Europe/Stockholm' }).entries()) {
      state = questionDecider.evolve(state, event, { occurredAt: now, actor });
      recorded.push({
        id: eventIdFor(`c${index}`, i),
        type: event.type,
        schemaVersion: questionDecider.schemaVersionOf(event.type),
        data: event.data,
        metadata: { actor, occurredAt: now, correlationId: 'c', causationId: 'c', commandId: 'c' },
        revision: recorded.length,
      } as never);
    }
  });
  return recorded.map(
    (event) => ({ ...event, streamId: `question-${questionId}`, position: { commit: 0n, prepare: 0n }, hash: '', previousHash: '' }) as RecordedEvent,
  );
}
