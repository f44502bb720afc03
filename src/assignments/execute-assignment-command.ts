import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { authorize, authorizeRole } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider, foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ExecuteQuestionCommand } from '../questions/execute-question-command';
import { questionDecider } from '../questions/question.aggregate';
import { AttachDecisionDocument } from '../questions/question.commands';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { assignmentDecider } from './assignment.aggregate';
import { AssignmentCommand } from './assignment.commands';
import { ExistingAssignmentState } from './assignment.state';

export interface AssignmentCommandOutcome extends CommandOutcome {
  /** For an approved decision document: what was appended to each linked question. */
  questionOutcomes: Array<{ questionId: string } & CommandOutcome>;
}

/** One bus command carries any assignment command, as for questions. */
export class ExecuteAssignmentCommand extends Command<AssignmentCommandOutcome> {
  constructor(
    readonly command: AssignmentCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Checks access (role, and for the responsible person's commands the
 * organisation of the assignment's responsible person), then runs the shared
 * write path. Approving a delivered decision document also attaches it to each
 * linked question through the question's own command path, so each question
 * gets its own DecisionDocumentAttached, by the same actor, caused by the
 * approval event.
 */
@CommandHandler(ExecuteAssignmentCommand)
export class ExecuteAssignmentCommandHandler implements ICommandHandler<ExecuteAssignmentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commandBus: CommandBus,
  ) {}

  async execute({ command, envelope }: ExecuteAssignmentCommand): Promise<AssignmentCommandOutcome> {
    const assignmentId = command.data.assignmentId;
    const current =
      command.type === 'GiveAssignment' ? undefined : foldEvents(assignmentDecider, await this.store.readStream(streamIdOf(assignmentDecider, assignmentId)));
    // The role first, so a role that may never do this learns nothing about the assignment.
    authorizeRole(envelope.actor, command.type);
    if (current && !current.exists) throw new AggregateNotFound('Assignment', assignmentId);
    const responsibleOrganisation =
      command.type === 'GiveAssignment' ? command.data.responsible.organisationId : current?.exists ? current.responsible.organisationId : undefined;
    authorize(envelope.actor, command.type, responsibleOrganisation);

    const attachments = command.type === 'ApproveAssignment' && current?.exists ? await this.attachmentsOnApproval(current, envelope) : [];
    const reason = reasonOf(command);
    const outcome = await executeWithDecider(this.store, this.clock, assignmentDecider, assignmentId, command, envelope, reason);
    const questionOutcomes: AssignmentCommandOutcome['questionOutcomes'] = [];
    const approval = outcome.events.find((event) => event.type === 'AssignmentApproved');
    if (approval) {
      for (const attach of attachments) {
        const questionEnvelope: CommandEnvelope = {
          commandId: derivedId(`${approval.id}:${attach.data.questionId}`),
          correlationId: envelope.correlationId,
          causationId: approval.id,
          actor: envelope.actor,
        };
        const attached = await this.commandBus.execute(new ExecuteQuestionCommand(attach, questionEnvelope));
        questionOutcomes.push({ questionId: attach.data.questionId, ...attached });
      }
    }
    const last = questionOutcomes[questionOutcomes.length - 1];
    return { ...outcome, position: last?.position ?? outcome.position, questionOutcomes };
  }

  /**
   * The question commands an approval will cause, checked before the approval is
   * appended: the actor must be allowed to attach a decision document, and each
   * question must accept it now, so an approval is not recorded half done.
   */
  private async attachmentsOnApproval(assignment: ExistingAssignmentState, envelope: CommandEnvelope): Promise<AttachDecisionDocument[]> {
    const delivery = assignment.deliveries[assignment.deliveries.length - 1];
    if (assignment.deliverable !== 'decision-document' || !delivery || assignment.status !== 'delivered') return [];
    const { reference, title, url, proposedPosition } = delivery.document;
    const commands: AttachDecisionDocument[] = assignment.questionIds.map((questionId) => ({
      type: 'AttachDecisionDocument',
      data: { questionId, reference, title, proposedPosition: proposedPosition ?? '', ...(url ? { url } : {}) },
    }));
    const now = this.clock.now().toISOString();
    for (const attach of commands) {
      authorize(envelope.actor, attach.type);
      const question = foldEvents(questionDecider, await this.store.readStream(streamIdOf(questionDecider, attach.data.questionId)));
      questionDecider.decide(attach, question, { actor: envelope.actor, now, timeZone: this.clock.timeZone });
    }
    return commands;
  }
}

function reasonOf(command: AssignmentCommand): string | undefined {
  if (command.type === 'ExtendAssignmentDueDate' || command.type === 'CancelAssignment') return command.data.reason;
  if (command.type === 'ReturnAssignment') return command.data.comments;
  return undefined;
}

function derivedId(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
