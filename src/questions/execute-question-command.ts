import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { type AccessRule, ON_BEHALF_OF_A_PARTY, PROCESS, authorize, command, registerAccessRules } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore, type RecordedEvent } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { questionDecider } from './question.decider';
import { questionStreamId } from './contract';
import { QuestionCommand, type QuestionCommandType } from './question.commands';
import { OrganisationId } from '../reference-data/organisations';
import { RegisterReader, requireMembers, structureFactsOf } from '../register/contract';
import { today } from '../shared-kernel/calendar';

/*
 * Who may give each question command: the question slice's rows of the access
 * matrix (docs/access.md), registered with auth when this file is loaded (the
 * slice's controller and published write side load it with the bus command);
 * `organisationOf` below is the organisation their scope is checked against.
 */
declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<QuestionCommandType, true> {}
}

/** `satisfies Record<QuestionCommandType, …>`: a command type without a rule here does not compile. */
export const QUESTION_ACCESS = {
  RaiseQuestion: command('Väcka en fråga', ['admin', 'working-group', 'chair', 'secretary', 'member'], true),
  AcceptQuestion: command('Bereda (ta in) en fråga', PROCESS),
  DeclineQuestion: command('Avvisa en fråga', PROCESS),
  MoveQuestionToForum: command('Flytta frågan till ett annat forum', PROCESS),
  RecordDialogue: command('Registrera förd dialog', ['admin', 'working-group', 'chair', 'secretary']),
  // Issued by a meeting's outcome (a continued item on a question), under the outcome's actor.
  TableQuestion: command('Bordlägga frågan (sammanträdets punkt fortsätter)', ['admin', 'chair', 'secretary']),
  SubmitInput: command('Lämna inspel', ON_BEHALF_OF_A_PARTY, true),
  OpenConsultation: command('Skicka ut på remiss', PROCESS),
  AnswerConsultation: command('Lämna remissvar', ON_BEHALF_OF_A_PARTY, true),
  CloseConsultation: command('Avsluta remiss', PROCESS),
  AttachDecisionDocument: command('Bifoga beslutsunderlag', ['admin', 'working-group']),
  TakePosition: command('Ta ställning', ['admin', 'chair']),
  SendBackToDialogue: command('Återförvisa ställningstagandet till dialog', ['admin', 'chair']),
  RecordMemberDecision: command('Registrera beslut i medlemsorganisation', ON_BEHALF_OF_A_PARTY, true),
  CorrectMemberDecision: command('Rätta registrerat beslut', ON_BEHALF_OF_A_PARTY, true),
  RecordFeedbackAtHome: command('Registrera återkoppling på hemmaplan', ON_BEHALF_OF_A_PARTY, true),
  CloseQuestion: command('Avsluta frågan', PROCESS),
  WithdrawQuestion: command('Återkalla frågan', PROCESS),
  ReopenQuestion: command('Återöppna frågan', PROCESS),
} as const satisfies Record<QuestionCommandType, AccessRule>;

registerAccessRules(QUESTION_ACCESS);

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
