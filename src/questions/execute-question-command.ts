import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { authorize } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore, type RecordedEvent } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { questionDecider } from './question.decider';
import { questionStreamId } from './contract';
import { QuestionCommand } from './question.commands';
import { OrganisationId } from '../reference-data/organisations';
import { RegisterReader, requireMembers, structureFactsOf } from '../register/contract';
import { today } from '../shared-kernel/calendar';
// The slice's access rules, registered before any of its commands is checked.
import './question.access';

/** One bus command carries any question command: the decider, not the bus, tells them apart. */
export class ExecuteQuestionCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: QuestionCommand,
    readonly envelope: CommandEnvelope,
    /** The question's whole stream as the caller has just read it (a web form drawn from it), to decide on without reading it again. */
    readonly read?: { history: RecordedEvent[] },
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

  async execute({ command, envelope, read }: ExecuteQuestionCommand): Promise<CommandOutcome> {
    // Before anything is read: a refused actor learns nothing and appends nothing.
    authorize(envelope.actor, command.type, organisationOf(command));
    // The register's structure and the question's stream (unless the caller has it), read at once: one round trip's wait for both.
    const [register, history] = await Promise.all([
      this.register.structure(),
      read?.history ?? this.store.readStream(questionStreamId(command.data.questionId)),
    ]);
    // A position is taken home by member organisations only: those the register names as members today (docs/structure.md).
    if (command.type === 'TakePosition') requireMembers(register, command.data.organisationsToDecide, today(this.clock));
    const reason = 'reason' in command.data ? command.data.reason : undefined;
    // The register's facts reach the decider: the organisations and forums a command may name, and the forums ended,
    // in which a question must be moved (docs/structure.md).
    const structure = structureFactsOf(register);
    return await executeWithDecider(
      this.store,
      this.clock,
      questionDecider,
      command.data.questionId,
      command,
      { ...envelope, ...(structure ? { structure } : {}) },
      reason,
      { history },
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
