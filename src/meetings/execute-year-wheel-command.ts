import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { type AccessRule, authorize, command, registerAccessRules } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider, foldEvents, idCreatedBy, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore, comparePositions, parsePosition } from '../event-store/event-store.port';
import { ReactionsService } from '../reactions/reactions.service';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { meetingDecider } from './meeting.decider';
import { yearWheelDecider } from './year-wheel.decider';
import { YearWheelCommand, type YearWheelCommandType } from './year-wheel.commands';
import { unscheduledMeetings } from './year-wheel.state';
import { WheelChange, YearWheelAdopted } from './year-wheel.events';
import { WheelStep, YEAR_WHEEL_REACTION, stepsOf, wheelStepState } from './year-wheel.reaction';
import { RegisterReader } from '../register/contract';

/*
 * Who may give each annual-wheel command: the meeting slice's rows of the
 * access matrix for the wheel (docs/access.md), registered with auth when this
 * file is loaded (the year-wheel controller and the slice's published write
 * side load it with the bus command).
 */
declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<YearWheelCommandType, true> {}
}

/** `satisfies Record<YearWheelCommandType, …>`: a command type without a rule here does not compile. */
export const YEAR_WHEEL_ACCESS = {
  ProposeYearWheel: command('Föreslå årshjul', ['admin', 'working-group']),
  AdoptYearWheel: command('Fastställa årshjul', ['admin', 'chair']),
} as const satisfies Record<YearWheelCommandType, AccessRule>;

registerAccessRules(YEAR_WHEEL_ACCESS);

export interface YearWheelCommandOutcome extends CommandOutcome {
  /** For an adoption: the meetings it scheduled, moved or cancelled, with their events. */
  meetingOutcomes: Array<{ meetingId: string; change: WheelChange } & CommandOutcome>;
  /** Changes a meeting refused in the meantime, with its rule (recorded as YearWheelChangeNotCarried). */
  notCarried: Array<{ meetingId: string; change: WheelChange; rule: string; message: string }>;
  /** Changes still to follow, later than the answer waited. */
  pending: Array<{ meetingId: string; change: WheelChange }>;
}

export class ExecuteYearWheelCommand extends Command<YearWheelCommandOutcome> {
  constructor(
    readonly command: YearWheelCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Checks access, then runs the shared write path. Adopting the wheel changes
 * its meetings — schedules the new ones, moves or cancels those a revision
 * changes — through the meeting's own commands, by a reaction that follows
 * the stored adoption (year-wheel.reaction.ts). Each step is checked first
 * (the actor's right to it, the meeting's decide), so what is refused already
 * now is refused with nothing appended; the answer then waits for the
 * reaction and tells what it did.
 */
@CommandHandler(ExecuteYearWheelCommand)
export class ExecuteYearWheelCommandHandler implements ICommandHandler<ExecuteYearWheelCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reactions: ReactionsService,
    private readonly register: RegisterReader,
  ) {}

  async execute({ command, envelope }: ExecuteYearWheelCommand): Promise<YearWheelCommandOutcome> {
    authorize(envelope.actor, command.type);
    const year = String(command.data.year);
    let toRun: YearWheelCommand = command;
    let steps: WheelStep[] = [];
    // The forums a wheel may plan meetings in are the register's (docs/structure.md); the default data's while it is empty.
    const structure = await this.register.structureFacts();
    if (command.type === 'AdoptYearWheel') {
      const wheel = foldEvents(yearWheelDecider, await this.store.readStream(streamIdOf(yearWheelDecider, year)));
      const count = wheel.exists ? unscheduledMeetings(wheel).length : 0;
      // Ids derived from the command id: a retried adoption names the same new meetings.
      const meetingIds = Array.from({ length: count }, (_, index) => idCreatedBy(envelope.commandId, `meeting:${index}`));
      toRun = { type: 'AdoptYearWheel', data: { year: command.data.year, meetingIds } };
      const context = { actor: envelope.actor, now: this.clock.now().toISOString(), timeZone: this.clock.timeZone, ...(structure ? { structure } : {}) };
      const [adopted] = yearWheelDecider.decide(toRun, wheel, context) as YearWheelAdopted[];
      steps = stepsOf(adopted);
      for (const step of steps) {
        authorize(envelope.actor, step.command.type);
        const meeting =
          step.change === 'schedule'
            ? meetingDecider.initialState()
            : foldEvents(meetingDecider, await this.store.readStream(streamIdOf(meetingDecider, step.meetingId)));
        meetingDecider.decide(step.command, meeting, context);
      }
    }
    const outcome = await executeWithDecider(this.store, this.clock, yearWheelDecider, year, toRun, { ...envelope, ...(structure ? { structure } : {}) });
    const followed: YearWheelCommandOutcome = { ...outcome, meetingOutcomes: [], notCarried: [], pending: [] };
    const adoption = outcome.events.find((event) => event.type === 'YearWheelAdopted');
    if (!adoption || steps.length === 0) return followed;
    try {
      await this.reactions.waitFor(YEAR_WHEEL_REACTION, outcome.position);
      for (const step of steps) {
        const { meetingId, change } = step;
        const state = await wheelStepState(this.store, command.data.year, adoption.id, step);
        if (state.status === 'done') {
          const { events, revision, position } = state;
          followed.meetingOutcomes.push({ meetingId, change, streamId: streamIdOf(meetingDecider, meetingId), revision, position, events });
        } else if (state.status === 'not-carried') {
          followed.notCarried.push({ meetingId, change, rule: state.rule, message: state.message });
          followed.revision = Math.max(followed.revision, state.revision);
        } else {
          followed.pending.push({ meetingId, change });
        }
        if (state.status !== 'pending' && comparePositions(parsePosition(state.position)!, parsePosition(followed.position)!) > 0)
          followed.position = state.position;
      }
    } catch {
      // The adoption is stored and its steps follow; only the report of them failed.
      followed.pending = steps.map(({ meetingId, change }) => ({ meetingId, change }));
    }
    return followed;
  }
}
