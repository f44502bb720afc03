import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { authorize } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider, foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { derivedId, ExecuteMeetingCommand } from './execute-meeting-command';
import { meetingDecider } from './meeting.aggregate';
import { ScheduleMeeting } from './meeting.commands';
import { yearWheelDecider } from './year-wheel.aggregate';
import { YearWheelCommand } from './year-wheel.commands';
import { unscheduledMeetings } from './year-wheel.state';
import { YearWheelAdopted } from './year-wheel.events';

export interface YearWheelCommandOutcome extends CommandOutcome {
  /** For an adoption: the meetings it scheduled. */
  meetingOutcomes: Array<{ meetingId: string } & CommandOutcome>;
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
 * Checks access, then runs the shared write path. Adopting the wheel schedules
 * each of its meetings not yet scheduled through the meeting's own command
 * (ScheduleMeeting), by the same actor, caused by the adoption; the actor's
 * right to schedule and each meeting's decide are checked first.
 */
@CommandHandler(ExecuteYearWheelCommand)
export class ExecuteYearWheelCommandHandler implements ICommandHandler<ExecuteYearWheelCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commandBus: CommandBus,
  ) {}

  async execute({ command, envelope }: ExecuteYearWheelCommand): Promise<YearWheelCommandOutcome> {
    authorize(envelope.actor, command.type);
    const year = String(command.data.year);
    let toRun: YearWheelCommand = command;
    if (command.type === 'AdoptYearWheel') {
      const wheel = foldEvents(yearWheelDecider, await this.store.readStream(streamIdOf(yearWheelDecider, year)));
      const count = wheel.exists ? unscheduledMeetings(wheel).length : 0;
      toRun = { type: 'AdoptYearWheel', data: { year: command.data.year, meetingIds: Array.from({ length: count }, () => randomUUID()) } };
      const now = this.clock.now().toISOString();
      const [adopted] = yearWheelDecider.decide(toRun, wheel, { actor: envelope.actor, now, timeZone: this.clock.timeZone }) as YearWheelAdopted[];
      for (const schedule of schedulesOf(adopted)) {
        authorize(envelope.actor, schedule.type);
        meetingDecider.decide(schedule, meetingDecider.initialState(), { actor: envelope.actor, now, timeZone: this.clock.timeZone });
      }
    }
    const outcome = await executeWithDecider(this.store, this.clock, yearWheelDecider, year, toRun, envelope);
    const meetingOutcomes: YearWheelCommandOutcome['meetingOutcomes'] = [];
    const adoption = outcome.events.find((event) => event.type === 'YearWheelAdopted');
    if (adoption) {
      const stored = (await this.store.readStream(outcome.streamId)).find((event) => event.id === adoption.id);
      for (const schedule of schedulesOf({ type: 'YearWheelAdopted', data: stored!.data as YearWheelAdopted['data'] })) {
        const meetingEnvelope: CommandEnvelope = {
          commandId: derivedId(`${adoption.id}:${schedule.data.meetingId}`),
          correlationId: envelope.correlationId,
          causationId: adoption.id,
          actor: envelope.actor,
        };
        const done = await this.commandBus.execute(new ExecuteMeetingCommand(schedule, meetingEnvelope));
        meetingOutcomes.push({ meetingId: schedule.data.meetingId, ...done });
      }
    }
    const last = meetingOutcomes[meetingOutcomes.length - 1];
    return { ...outcome, position: last?.position ?? outcome.position, meetingOutcomes };
  }
}

function schedulesOf(adopted: YearWheelAdopted): ScheduleMeeting[] {
  return adopted.data.scheduled.map(({ meetingId, ...planned }) => ({
    type: 'ScheduleMeeting',
    data: { meetingId, ...planned, yearWheel: adopted.data.year },
  }));
}
