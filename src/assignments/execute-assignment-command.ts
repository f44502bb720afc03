import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { type AccessRule, PROCESS, authorize, authorizeRole, command, registerAccessRules } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider, foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore, comparePositions, parsePosition } from '../event-store/event-store.port';
import { questionDecider } from '../questions';
import type { AttachDecisionDocument } from '../questions';
import { ReactionsService } from '../reactions/reactions.service';
import { RegisterReader } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { ASSIGNMENT_APPROVALS_REACTION, approvalAttachment, attachmentsOnApproval } from './assignment-approval.reaction';
import { assignmentDecider } from './assignment.decider';
import { AssignmentCommand, type AssignmentCommandType } from './assignment.commands';
import { ExistingAssignmentState } from './assignment.state';

/*
 * Who may give each assignment command: the assignment slice's rows of the
 * access matrix (docs/access.md), registered with auth when this file is
 * loaded (the slice's controller and published write side load it with the
 * bus command).
 */
declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<AssignmentCommandType, true> {}
}

/** `satisfies Record<AssignmentCommandType, …>`: a command type without a rule here does not compile. */
export const ASSIGNMENT_ACCESS = {
  // Assignments (uppdrag), see docs/assignments.md. Scoped ones are done for the responsible person's organisation.
  GiveAssignment: command('Ge ett uppdrag', PROCESS),
  AcceptAssignment: command('Acceptera ett uppdrag', ['admin', 'working-group', 'member'], true),
  NoteAssignmentProgress: command('Lämna lägesrapport om ett uppdrag', ['admin', 'working-group', 'member'], true),
  DeliverAssignment: command('Leverera ett uppdrag', ['admin', 'working-group', 'member'], true),
  ApproveAssignment: command('Godkänna en leverans', PROCESS),
  ReturnAssignment: command('Återremittera en leverans med synpunkter', PROCESS),
  ExtendAssignmentDueDate: command('Förlänga ett uppdrag (ny tidpunkt, med skäl)', PROCESS),
  CancelAssignment: command('Avbryta ett uppdrag', PROCESS),
} as const satisfies Record<AssignmentCommandType, AccessRule>;

registerAccessRules(ASSIGNMENT_ACCESS);

export interface AssignmentCommandOutcome extends CommandOutcome {
  /** For an approved decision document: what was appended to each linked question. */
  questionOutcomes: Array<{ questionId: string } & CommandOutcome>;
  /** Questions that refused the approved document in the meantime, with their rule (recorded as ApprovalNotAttached). */
  notAttached: Array<{ questionId: string; rule: string; message: string }>;
  /** Questions the document is still to be attached to: the step follows, later than the answer waited. */
  pending: string[];
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
 * linked question, by a reaction that follows the stored approval
 * (assignment-approval.reaction.ts): each question gets its own
 * DecisionDocumentAttached, by the same actor, caused by the approval — or the
 * assignment records that the question refused it. The question commands are
 * checked first (the actor's right to attach, each question's decide), so what
 * is refused already now is refused with nothing appended; the answer then
 * waits for the reaction and tells what it did.
 */
@CommandHandler(ExecuteAssignmentCommand)
export class ExecuteAssignmentCommandHandler implements ICommandHandler<ExecuteAssignmentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reactions: ReactionsService,
    private readonly register: RegisterReader,
  ) {}

  async execute({ command, envelope }: ExecuteAssignmentCommand): Promise<AssignmentCommandOutcome> {
    const assignmentId = command.data.assignmentId;
    // The stream as read here is the one the command is decided on, unless an approval's attachments were checked meanwhile
    // (executeWithDecider folds it again; the append's revision check refuses it if anything was written since).
    const history = command.type === 'GiveAssignment' ? undefined : await this.store.readStream(streamIdOf(assignmentDecider, assignmentId));
    const current = history && foldEvents(assignmentDecider, history);
    // The role first, so a role that may never do this learns nothing about the assignment.
    authorizeRole(envelope.actor, command.type);
    if (current && !current.exists) throw new AggregateNotFound('Assignment', assignmentId);
    const responsibleOrganisation =
      command.type === 'GiveAssignment' ? command.data.responsible.organisationId : current?.exists ? current.responsible.organisationId : undefined;
    authorize(envelope.actor, command.type, responsibleOrganisation);
    // Assignments go to the working group's members: those the register names today, once it names any (docs/structure.md).
    if (command.type === 'GiveAssignment') await this.register.requireWorkingGroupMember(command.data.responsible.userId, today(this.clock));

    const attachments = command.type === 'ApproveAssignment' && current?.exists ? await this.checkedAttachments(current, envelope) : [];
    // The organisations an assignment may name are the register's (docs/structure.md); the default data's while it is empty.
    const structure = command.type === 'GiveAssignment' ? await this.register.structureFacts() : undefined;
    const outcome = await executeWithDecider(
      this.store,
      this.clock,
      assignmentDecider,
      assignmentId,
      command,
      { ...envelope, ...(structure ? { structure } : {}) },
      reasonOf(command),
      history && command.type !== 'ApproveAssignment' ? { history } : undefined,
    );
    const approval = outcome.events.find((event) => event.type === 'AssignmentApproved');
    const followed: AssignmentCommandOutcome = { ...outcome, questionOutcomes: [], notAttached: [], pending: [] };
    if (!approval || attachments.length === 0) return followed;
    const questionIds = attachments.map(({ data }) => data.questionId);
    try {
      await this.reactions.waitFor(ASSIGNMENT_APPROVALS_REACTION, outcome.position);
      for (const questionId of questionIds) {
        const attachment = await approvalAttachment(this.store, assignmentId, approval.id, questionId);
        if (attachment.status === 'attached') {
          const { events, revision, position } = attachment;
          followed.questionOutcomes.push({ questionId, streamId: streamIdOf(questionDecider, questionId), revision, position, events });
        } else if (attachment.status === 'not-attached') {
          followed.notAttached.push({ questionId, rule: attachment.rule, message: attachment.message });
          followed.revision = Math.max(followed.revision, attachment.revision);
        } else {
          followed.pending.push(questionId);
        }
        if (attachment.status !== 'pending' && comparePositions(parsePosition(attachment.position)!, parsePosition(followed.position)!) > 0) {
          followed.position = attachment.position;
        }
      }
    } catch {
      // The approval is stored and its steps follow; only the report of them failed.
      followed.pending = questionIds;
    }
    return followed;
  }

  /**
   * The question commands an approval will cause, checked before the approval is
   * appended: the actor must be allowed to attach a decision document, and each
   * question must accept it now, so what is refused now is refused with nothing stored.
   */
  private async checkedAttachments(assignment: ExistingAssignmentState, envelope: CommandEnvelope): Promise<AttachDecisionDocument[]> {
    const commands = attachmentsOnApproval(assignment);
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
