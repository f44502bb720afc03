import { EventStore, formatPosition } from '../event-store/event-store.port';
import { reactionCommandId } from './reaction-ids';

/** Where a reaction's step into one question stands. */
export type SecondStep =
  | { status: 'taken'; events: Array<{ id: string; type: string; revision: number }>; revision: number; position: string }
  /** `revision`: the first aggregate's, at the recorded refusal. */
  | { status: 'refused'; rule: string; message: string; revision: number; position: string }
  | { status: 'pending' };

/**
 * Whether the step that `triggerEventId` causes in question `questionId`
 * (stored in `questionStreamId`, which the caller names so that this mechanism
 * knows no capability) is
 * taken (its events, found by the step's command id), refused (the first
 * aggregate's `refusalType` event naming the trigger in `triggerField`), or
 * neither yet.
 */
export async function secondStepIntoQuestion(
  store: EventStore,
  { questionId, questionStreamId }: { questionId: string; questionStreamId: string },
  triggerEventId: string,
  refusal: { streamId: string; type: string; triggerField: string },
): Promise<SecondStep> {
  const commandId = reactionCommandId(triggerEventId, questionId);
  const taken = (await store.readStream(questionStreamId)).filter((event) => event.metadata.commandId === commandId);
  if (taken.length > 0) {
    const last = taken[taken.length - 1];
    return {
      status: 'taken',
      events: taken.map(({ id, type, revision }) => ({ id, type, revision })),
      revision: last.revision,
      position: formatPosition(last.position),
    };
  }
  const refused = (await store.readStream(refusal.streamId)).find((event) => {
    const data = event.data as Record<string, unknown>;
    return event.type === refusal.type && data[refusal.triggerField] === triggerEventId && data.questionId === questionId;
  });
  if (refused) {
    const { rule, message } = refused.data as { rule: string; message: string };
    return { status: 'refused', rule, message, revision: refused.revision, position: formatPosition(refused.position) };
  }
  return { status: 'pending' };
}
