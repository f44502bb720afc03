import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { type AccessRule, authorize, authorizeForum, isForumScoped, meetingCommand, registerAccessRules } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider, foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore, comparePositions, parsePosition } from '../event-store/event-store.port';
import { questionDecider } from '../questions';
import { RegisterReader, type StructureState, forumNameOn, requireMembers, structureFactsOf } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import type { RecordDialogue, TableQuestion, TakePosition } from '../questions';
import { ReactionsService } from '../reactions/reactions.service';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { questionCommandOf } from './meeting-outcome-step';
import { MEETING_OUTCOMES_REACTION, outcomeCarriage } from './meeting-outcome.reaction';
import { meetingDecider } from './meeting.decider';
import { MeetingCommand, type MeetingCommandType, RecordItemOutcome } from './meeting.commands';
import { ItemOutcomeRecorded } from './meeting.events';

/*
 * Who may give each meeting command: the meeting slice's rows of the access
 * matrix (docs/access.md), registered with auth when this file is loaded (the
 * meeting controller and the slice's published write side load it with the
 * bus command). The annual wheel's rows are its handler's
 * (execute-year-wheel-command.ts).
 */
declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<MeetingCommandType, true> {}
}

/** Those who prepare and run meetings: the working group, the chairs and the secretaries. */
const MEETINGS = ['admin', 'working-group', 'chair', 'secretary'] as const;

/** `satisfies Record<MeetingCommandType, …>`: a command type without a rule here does not compile. */
export const MEETING_ACCESS = {
  // Meetings (sammanträden) and the annual wheel (årshjul), see docs/meetings.md.
  ScheduleMeeting: meetingCommand('Utlysa ett sammanträde', MEETINGS),
  RescheduleMeeting: meetingCommand('Flytta ett sammanträde (med skäl)', MEETINGS),
  CancelMeeting: meetingCommand('Ställa in ett sammanträde (med skäl)', MEETINGS),
  ProposeAgenda: meetingCommand('Föreslå dagordning ur utestående logg', MEETINGS),
  SetAgenda: meetingCommand('Fastställa dagordning', ['admin', 'chair']),
  PublishAgenda: meetingCommand('Publicera dagordning', MEETINGS),
  AmendAgenda: meetingCommand('Ändra publicerad dagordning (med skäl)', ['admin', 'chair']),
  RecordAttendance: meetingCommand('Registrera närvaro', ['admin', 'chair', 'secretary']),
  RecordItemOutcome: meetingCommand('Registrera utfall av en punkt', ['admin', 'chair', 'secretary']),
  DraftMinutes: meetingCommand('Upprätta protokoll', ['admin', 'chair', 'secretary']),
  // Whoever the minutes name as adjuster, in any role but auditor; the meeting's decider refuses anyone not named (not-a-named-adjuster).
  ApproveMinutes: meetingCommand('Justera protokoll', ['admin', 'working-group', 'chair', 'secretary', 'member']),
  PublishMinutes: meetingCommand('Publicera protokoll', ['admin', 'chair', 'secretary']),
  CorrectMinutes: meetingCommand('Rätta justerat protokoll', ['admin', 'chair', 'secretary']),
} as const satisfies Record<MeetingCommandType, AccessRule>;

registerAccessRules(MEETING_ACCESS);

export interface MeetingCommandOutcome extends CommandOutcome {
  /** For an outcome on a question item: what was appended to the question. */
  questionOutcomes: Array<{ questionId: string } & CommandOutcome>;
  /** For an outcome its question refused in the meantime: the question's rule (recorded as MeetingOutcomeNotCarried). */
  notCarried: Array<{ questionId: string; rule: string; message: string }>;
  /** Questions the outcome is still to be carried into: the step follows, later than the answer waited. */
  pending: string[];
}

/** One bus command carries any meeting command, as for questions and assignments. */
export class ExecuteMeetingCommand extends Command<MeetingCommandOutcome> {
  constructor(
    readonly command: MeetingCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Checks access — the role, and for a secretary the meeting's forum among those
 * its token names — then runs the shared write path. An outcome on a question
 * item is also carried into the question — a continued item tables the
 * question (TableQuestion), a concluded dialogue item records the dialogue
 * (RecordDialogue), a concluded position item takes the position
 * (TakePosition) — by a reaction that follows the stored outcome
 * (meeting-outcome.reaction.ts), so the two never stand half: the outcome is
 * this command's result, and the question's step follows from it or is
 * recorded as refused. The question command is checked first (the actor's
 * right to it, and a dry run of the question's decide), so what is refused
 * already now is refused with nothing appended; the answer then waits for the
 * reaction and tells what it did.
 */
@CommandHandler(ExecuteMeetingCommand)
export class ExecuteMeetingCommandHandler implements ICommandHandler<ExecuteMeetingCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reactions: ReactionsService,
    private readonly register: RegisterReader,
  ) {}

  async execute({ command, envelope }: ExecuteMeetingCommand): Promise<MeetingCommandOutcome> {
    authorize(envelope.actor, command.type);
    if (isForumScoped(envelope.actor)) authorizeForum(envelope.actor, command.type, await this.forumOf(command), envelope.actorForums);
    const meetingId = command.data.meetingId;
    // The organisations and forums a meeting may name are the register's (docs/structure.md); the default data's while it is empty.
    // Read beside the meeting's stream: one round trip's wait for both.
    const [register, history] = await Promise.all([this.register.structure(), this.store.readStream(streamIdOf(meetingDecider, meetingId))]);
    const structure = structureFactsOf(register);
    const questionCommands = command.type === 'RecordItemOutcome' ? await this.questionCommandsFor(command, envelope, register, history) : [];
    const outcome = await executeWithDecider(
      this.store,
      this.clock,
      meetingDecider,
      meetingId,
      command,
      { ...envelope, ...(structure ? { structure } : {}) },
      reasonOf(command),
      { history },
    );
    const recorded = outcome.events.find((event) => event.type === 'ItemOutcomeRecorded');
    const followed: MeetingCommandOutcome = { ...outcome, questionOutcomes: [], notCarried: [], pending: [] };
    if (!recorded || questionCommands.length === 0) return followed;
    try {
      await this.reactions.waitFor(MEETING_OUTCOMES_REACTION, outcome.position);
      for (const { data } of questionCommands) {
        const carriage = await outcomeCarriage(this.store, meetingId, recorded.id, data.questionId);
        if (carriage.status === 'carried') {
          const { events, revision, position } = carriage;
          followed.questionOutcomes.push({ questionId: data.questionId, streamId: streamIdOf(questionDecider, data.questionId), revision, position, events });
        } else if (carriage.status === 'not-carried') {
          followed.notCarried.push({ questionId: data.questionId, rule: carriage.rule, message: carriage.message });
          followed.revision = Math.max(followed.revision, carriage.revision);
        } else {
          followed.pending.push(data.questionId);
        }
        if (carriage.status !== 'pending' && comparePositions(parsePosition(carriage.position)!, parsePosition(followed.position)!) > 0) {
          followed.position = carriage.position;
        }
      }
    } catch {
      // The outcome is stored and its step follows; only the report of it failed.
      followed.pending = questionCommands.map(({ data }) => data.questionId);
    }
    return followed;
  }

  /** The forum the command is done in: the one it schedules, or the meeting's (not found: 404 before any access question). */
  private async forumOf(command: MeetingCommand): Promise<string> {
    if (command.type === 'ScheduleMeeting') return command.data.forum;
    const meeting = foldEvents(meetingDecider, await this.store.readStream(streamIdOf(meetingDecider, command.data.meetingId)));
    if (!meeting.exists) throw new AggregateNotFound('Meeting', command.data.meetingId);
    return meeting.forum;
  }

  /**
   * The question command an outcome will cause, checked before anything is
   * appended, with the register's facts as the two handlers hand them: the
   * meeting's own decide first (so its refusals come first and name the
   * meeting's rule), then the actor's right to the question command, a
   * position's organisations as members today, and the question's decide.
   */
  private async questionCommandsFor(
    command: RecordItemOutcome,
    envelope: CommandEnvelope,
    register: StructureState,
    history: Awaited<ReturnType<EventStore['readStream']>>,
  ): Promise<Array<RecordDialogue | TableQuestion | TakePosition>> {
    const meeting = foldEvents(meetingDecider, history);
    if (!meeting.exists) throw new AggregateNotFound('Meeting', command.data.meetingId);
    const now = this.clock.now().toISOString();
    const structure = structureFactsOf(register);
    const context = { actor: envelope.actor, now, timeZone: this.clock.timeZone, ...(structure ? { structure } : {}) };
    const [event] = meetingDecider.decide(command, meeting, context) as ItemOutcomeRecorded[];
    const questionCommand = questionCommandOf(event, meeting, this.clock.timeZone, (forumId, day) => forumNameOn(register, forumId, day));
    if (!questionCommand) return [];
    authorize(envelope.actor, questionCommand.type);
    if (questionCommand.type === 'TakePosition') requireMembers(register, questionCommand.data.organisationsToDecide, today(this.clock));
    const question = foldEvents(questionDecider, await this.store.readStream(streamIdOf(questionDecider, questionCommand.data.questionId)));
    questionDecider.decide(questionCommand, question, context);
    return [questionCommand];
  }
}

function reasonOf(command: MeetingCommand): string | undefined {
  if (command.type === 'AmendAgenda' || command.type === 'CorrectMinutes') return command.data.reason;
  return undefined;
}

export function derivedId(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
