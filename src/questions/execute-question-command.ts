import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { authorize } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { questionDecider } from './question.decider';
import { QuestionCommand } from './question.commands';
import { OrganisationId } from '../reference-data/organisations';
import { RegisterReader } from '../register/contract';
import { today } from '../shared-kernel/calendar';

/** One bus command carries any question command: the decider, not the bus, tells them apart. */
export class ExecuteQuestionCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: QuestionCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(ExecuteQuestionCommand)
export class ExecuteQuestionCommandHandler implements ICommandHandler<ExecuteQuestionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly register: RegisterReader,
  ) {}

  async execute({ command, envelope }: ExecuteQuestionCommand): Promise<CommandOutcome> {
    // Before anything is read: a refused actor learns nothing and appends nothing.
    authorize(envelope.actor, command.type, organisationOf(command));
    // A position is taken home by member organisations only: those the register names as members today (docs/structure.md).
    if (command.type === 'TakePosition') await this.register.requireMembers(command.data.organisationsToDecide, today(this.clock));
    const reason = 'reason' in command.data ? command.data.reason : undefined;
    // The register's facts reach the decider: the organisations and forums a command may name, and the forums ended,
    // in which a question must be moved (docs/structure.md).
    const structure = await this.register.structureFacts();
    return await executeWithDecider(
      this.store,
      this.clock,
      questionDecider,
      command.data.questionId,
      command,
      { ...envelope, ...(structure ? { structure } : {}) },
      reason,
    );
  }
}

/**
 * The member organisation a command is done for, which organisation scope is
 * checked against: the party whose decision, answer, input or feedback it
 * records, or the party a question is raised by. Undefined for the rest.
 */
export function organisationOf(command: QuestionCommand): OrganisationId | undefined {
  switch (command.type) {
    case 'RaiseQuestion':
      return command.data.raisedBy.kind === 'organisation' ? command.data.raisedBy.id : undefined;
    case 'SubmitInput':
    case 'AnswerConsultation':
    case 'RecordMemberDecision':
    case 'CorrectMemberDecision':
    case 'RecordFeedbackAtHome':
      return command.data.organisationId;
    default:
      return undefined;
  }
}
