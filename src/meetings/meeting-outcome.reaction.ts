import { executeWithDecider, foldEvents, streamIdOf, toDomainEvent } from '../command-handling/execute-with-decider';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { ExecuteQuestionCommand, questionDecider } from '../questions';
import type { RecordDialogue, TableQuestion, TakePosition } from '../questions';
import { Reaction, ReactionFactory, reactionActor } from '../reactions/reaction';
import { reactionCommandId } from '../reactions/reaction-ids';
import { secondStepIntoQuestion } from '../reactions/second-step';
import { refusalOf } from '../reactions/refusal';
import { forumNameOn, structureIn } from '../register/contract';
import { questionCommandOf } from './meeting-outcome-step';
import { meetingDecider } from './meeting.decider';
import { ItemOutcomeRecorded } from './meeting.events';

/** The checkpoint name of the reaction that carries item outcomes into their questions. */
export const MEETING_OUTCOMES_REACTION = 'reaction:meeting-outcomes';

/** Where an outcome's step into one question stands. */
export type OutcomeCarriage =
  | { status: 'carried'; events: Array<{ id: string; type: string; revision: number }>; revision: number; position: string }
  /** `revision`: the meeting's, at the recorded refusal. */
  | { status: 'not-carried'; rule: string; message: string; revision: number; position: string }
  | { status: 'pending' };

/**
 * Carries a meeting item's outcome into its question (*utfall → frågans
 * historik*): a dialogue item's outcome records the dialogue
 * (RecordDialogue), a concluded position item's takes the position
 * (TakePosition), through the question's own write path, by the person who
 * recorded the outcome, caused by the outcome event. A question that refuses
 * it (withdrawn in the meantime, say) gets nothing, and the meeting records
 * MeetingOutcomeNotCarried with the question's rule.
 */
export const meetingOutcomeReaction: ReactionFactory = ({ store, commandBus, clock }): Reaction => ({
  name: MEETING_OUTCOMES_REACTION,

  handles: (event) =>
    event.type === 'ItemOutcomeRecorded' &&
    event.streamId.startsWith(`${meetingDecider.streamPrefix}-`) &&
    typeof (event.data as { questionId?: unknown }).questionId === 'string',

  async react(trigger: RecordedEvent): Promise<void> {
    const step = await questionStepOf(store, trigger, clock.timeZone);
    if (!step) return;
    const { meetingId, itemId } = (toDomainEvent(meetingDecider, trigger) as ItemOutcomeRecorded).data;
    const questionId = step.data.questionId;
    if ((await outcomeCarriage(store, meetingId, trigger.id, questionId)).status !== 'pending') return;
    const envelope = { correlationId: trigger.metadata.correlationId, causationId: trigger.id };
    try {
      await commandBus.execute(
        new ExecuteQuestionCommand(step, { ...envelope, commandId: reactionCommandId(trigger.id, questionId), actor: trigger.metadata.actor }),
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await executeWithDecider(
        store,
        clock,
        meetingDecider,
        meetingId,
        { type: 'RecordOutcomeNotCarried', data: { meetingId, itemId, questionId, outcomeEventId: trigger.id, ...refusal } },
        { ...envelope, commandId: reactionCommandId(trigger.id, `not-carried:${questionId}`), actor: reactionActor(trigger) },
      );
    }
  },
});

/**
 * The question command an outcome causes, from the meeting as it stood when
 * the outcome was recorded; its meeting reference names the forum as the
 * register named it on the meeting's day (the register's stream folded: tens
 * to hundreds of events, read beside the meeting's).
 */
async function questionStepOf(store: EventStore, trigger: RecordedEvent, timeZone: string): Promise<RecordDialogue | TableQuestion | TakePosition | undefined> {
  const [history, structure] = await Promise.all([store.readStream(trigger.streamId, { maxCount: trigger.revision }), structureIn(store)]);
  const before = foldEvents(meetingDecider, history);
  if (!before.exists) return undefined;
  return questionCommandOf(toDomainEvent(meetingDecider, trigger) as ItemOutcomeRecorded, before, timeZone, (forumId, day) =>
    forumNameOn(structure, forumId, day),
  );
}

/**
 * Whether the outcome `outcomeEventId` has been carried into the question
 * (its events, found by the step's command id), refused (the meeting's
 * MeetingOutcomeNotCarried), or neither yet.
 */
export async function outcomeCarriage(store: EventStore, meetingId: string, outcomeEventId: string, questionId: string): Promise<OutcomeCarriage> {
  const step = await secondStepIntoQuestion(store, { questionId, questionStreamId: streamIdOf(questionDecider, questionId) }, outcomeEventId, {
    streamId: streamIdOf(meetingDecider, meetingId),
    type: 'MeetingOutcomeNotCarried',
    triggerField: 'outcomeEventId',
  });
  if (step.status === 'taken') return { ...step, status: 'carried' };
  if (step.status === 'refused') return { ...step, status: 'not-carried' };
  return step;
}
