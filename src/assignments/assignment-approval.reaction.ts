import { executeWithDecider, foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { ExecuteQuestionCommand, questionDecider } from '../questions';
import type { AttachDecisionDocument } from '../questions';
import { Reaction, ReactionFactory, reactionActor } from '../reactions/reaction';
import { reactionCommandId } from '../reactions/reaction-ids';
import { secondStepIntoQuestion } from '../reactions/second-step';
import { refusalOf } from '../reactions/refusal';
import { assignmentDecider } from './assignment.decider';
import { ExistingAssignmentState } from './assignment.state';

/** The checkpoint name of the reaction that attaches approved decision documents to their questions. */
export const ASSIGNMENT_APPROVALS_REACTION = 'reaction:assignment-approvals';

/** Where an approval's step into one question stands. */
export type ApprovalAttachment =
  | { status: 'attached'; events: Array<{ id: string; type: string; revision: number }>; revision: number; position: string }
  /** `revision`: the assignment's, at the recorded refusal. */
  | { status: 'not-attached'; rule: string; message: string; revision: number; position: string }
  | { status: 'pending' };

/**
 * Attaches an approved decision document (*beslutsunderlag*) to each question
 * the assignment is linked to (AttachDecisionDocument), through the question's
 * own write path, by the person who approved, caused by the approval event. A
 * question that refuses it (withdrawn in the meantime, say) gets nothing, and
 * the assignment records ApprovalNotAttached with the question's rule.
 */
export const assignmentApprovalReaction: ReactionFactory = ({ store, commandBus, clock }): Reaction => ({
  name: ASSIGNMENT_APPROVALS_REACTION,

  handles: (event) => event.type === 'AssignmentApproved' && event.streamId.startsWith(`${assignmentDecider.streamPrefix}-`),

  async react(trigger: RecordedEvent): Promise<void> {
    const before = foldEvents(assignmentDecider, await store.readStream(trigger.streamId, { maxCount: trigger.revision }));
    if (!before.exists) return;
    for (const attach of attachmentsOnApproval(before)) {
      const questionId = attach.data.questionId;
      if ((await approvalAttachment(store, before.id, trigger.id, questionId)).status !== 'pending') continue;
      const envelope = { correlationId: trigger.metadata.correlationId, causationId: trigger.id };
      try {
        await commandBus.execute(
          new ExecuteQuestionCommand(attach, { ...envelope, commandId: reactionCommandId(trigger.id, questionId), actor: trigger.metadata.actor }),
        );
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        await executeWithDecider(
          store,
          clock,
          assignmentDecider,
          before.id,
          { type: 'RecordApprovalNotAttached', data: { assignmentId: before.id, questionId, approvalEventId: trigger.id, ...refusal } },
          { ...envelope, commandId: reactionCommandId(trigger.id, `not-attached:${questionId}`), actor: reactionActor(trigger) },
        );
      }
    }
  },
});

/** The question commands approving this assignment (as it stands awaiting review) causes: its delivered decision document, to each linked question. */
export function attachmentsOnApproval(assignment: ExistingAssignmentState): AttachDecisionDocument[] {
  const delivery = assignment.deliveries[assignment.deliveries.length - 1];
  if (assignment.deliverable !== 'decision-document' || !delivery || assignment.status !== 'delivered') return [];
  const { reference, title, url, proposedPosition } = delivery.document;
  return assignment.questionIds.map((questionId) => ({
    type: 'AttachDecisionDocument',
    data: { questionId, reference, title, proposedPosition: proposedPosition ?? '', ...(url ? { url } : {}) },
  }));
}

/**
 * Whether the approval `approvalEventId` has attached its document to the
 * question (its events, found by the step's command id), was refused (the
 * assignment's ApprovalNotAttached), or neither yet.
 */
export async function approvalAttachment(store: EventStore, assignmentId: string, approvalEventId: string, questionId: string): Promise<ApprovalAttachment> {
  const step = await secondStepIntoQuestion(store, { questionId, questionStreamId: streamIdOf(questionDecider, questionId) }, approvalEventId, {
    streamId: streamIdOf(assignmentDecider, assignmentId),
    type: 'ApprovalNotAttached',
    triggerField: 'approvalEventId',
  });
  if (step.status === 'taken') return { ...step, status: 'attached' };
  if (step.status === 'refused') return { ...step, status: 'not-attached' };
  return step;
}
