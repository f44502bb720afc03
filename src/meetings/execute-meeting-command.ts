import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { authorize, authorizeForum, isForumScoped } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider, foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore, comparePositions, parsePosition } from '../event-store/event-store.port';
import { questionDecider } from '../questions';
import { RegisterReader } from '../register/contract';
import { RecordDialogue, TableQuestion, TakePosition } from '../questions/question.commands';
import { FORUMS } from '../reference-data/forums';
import { ReactionsService } from '../reactions/reactions.service';
import { calendarDateOf } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { MEETING_OUTCOMES_REACTION, outcomeCarriage } from './meeting-outcome.reaction';
import { meetingDecider } from './meeting.aggregate';
import { MeetingCommand, RecordItemOutcome } from './meeting.commands';
import { ItemOutcomeRecorded } from './meeting.events';
import { ExistingMeetingState } from './meeting.state';

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
    const questionCommands = command.type === 'RecordItemOutcome' ? await this.questionCommandsFor(command, envelope) : [];
    // The organisations and forums a meeting may name are the register's (docs/structure.md); the default data's while it is empty.
    const structure = await this.register.structureFacts();
    const outcome = await executeWithDecider(
      this.store,
      this.clock,
      meetingDecider,
      meetingId,
      command,
      { ...envelope, ...(structure ? { structure } : {}) },
      reasonOf(command),
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
   * appended: the meeting's own decide first (so its refusals come first and
   * name the meeting's rule), then the actor's right to the question command
   * and the question's decide.
   */
  private async questionCommandsFor(command: RecordItemOutcome, envelope: CommandEnvelope): Promise<Array<RecordDialogue | TableQuestion | TakePosition>> {
    const meeting = foldEvents(meetingDecider, await this.store.readStream(streamIdOf(meetingDecider, command.data.meetingId)));
    if (!meeting.exists) throw new AggregateNotFound('Meeting', command.data.meetingId);
    const now = this.clock.now().toISOString();
    const [event] = meetingDecider.decide(command, meeting, { actor: envelope.actor, now, timeZone: this.clock.timeZone }) as ItemOutcomeRecorded[];
    const questionCommand = questionCommandOf(event, meeting, this.clock.timeZone);
    if (!questionCommand) return [];
    authorize(envelope.actor, questionCommand.type);
    const question = foldEvents(questionDecider, await this.store.readStream(streamIdOf(questionDecider, questionCommand.data.questionId)));
    questionDecider.decide(questionCommand, question, { actor: envelope.actor, now, timeZone: this.clock.timeZone });
    return [questionCommand];
  }
}

/**
 * The question command that carries an item's outcome into the question's
 * history, if any, each with the meeting reference (forum, day, §): an item
 * continued (bordlagd) tables the question — it was not dealt with, so no
 * dialogue is recorded —; a concluded dialogue item records the dialogue; a
 * concluded position item takes the position.
 */
export function questionCommandOf(
  event: ItemOutcomeRecorded,
  meeting: ExistingMeetingState,
  timeZone: string,
): RecordDialogue | TableQuestion | TakePosition | undefined {
  const { questionId, itemId, status, summary, position } = event.data;
  const item = meeting.agenda.find((entry) => entry.itemId === itemId);
  if (!questionId || !item) return undefined;
  const meetingReference = meetingReferenceOf(meeting, itemId, timeZone);
  const heldOn = calendarDateOf(meeting.startsAt, timeZone);
  if (status === 'continued') {
    return { type: 'TableQuestion', data: { questionId, forum: meeting.forum, heldOn, meetingReference, summary } };
  }
  if (item.kind === 'position' && position) {
    return {
      type: 'TakePosition',
      data: { questionId, text: position.text, organisationsToDecide: position.organisationsToDecide, decideBy: position.decideBy, meetingReference },
    };
  }
  if (item.kind === 'dialogue') {
    return { type: 'RecordDialogue', data: { questionId, forum: meeting.forum, heldOn, summary, meetingReference } };
  }
  return undefined;
}

/** "Ordföranderådet 2026-12-10 § 2": the forum, the meeting's day where it is held, and the item's number in the agenda. */
export function meetingReferenceOf(meeting: ExistingMeetingState, itemId: string, timeZone: string): string {
  const forum = FORUMS.find((candidate) => candidate.id === meeting.forum)?.nameSv ?? meeting.forum;
  return `${forum} ${calendarDateOf(meeting.startsAt, timeZone)} § ${meeting.agenda.findIndex((item) => item.itemId === itemId) + 1}`;
}

function reasonOf(command: MeetingCommand): string | undefined {
  if (command.type === 'AmendAgenda' || command.type === 'CorrectMinutes') return command.data.reason;
  return undefined;
}

export function derivedId(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
