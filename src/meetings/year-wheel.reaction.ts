import { executeWithDecider, streamIdOf, toDomainEvent } from '../command-handling/execute-with-decider';
import { EventStore, RecordedEvent, formatPosition } from '../event-store/event-store.port';
import { Reaction, ReactionFactory, reactionActor } from '../reactions/reaction';
import { reactionCommandId } from '../reactions/reaction-ids';
import { refusalOf } from '../reactions/refusal';
import { ExecuteMeetingCommand } from './execute-meeting-command';
import { meetingDecider } from './meeting.decider';
import { CancelMeeting, RescheduleMeeting, ScheduleMeeting } from './meeting.commands';
import { yearWheelDecider } from './year-wheel.decider';
import { WheelChange, YearWheelAdopted } from './year-wheel.events';

/** The checkpoint name of the reaction that carries the annual wheel's adoptions into its meetings. */
export const YEAR_WHEEL_REACTION = 'reaction:year-wheel-adoptions';

/** One meeting command an adoption causes. */
export interface WheelStep {
  change: WheelChange;
  meetingId: string;
  command: ScheduleMeeting | RescheduleMeeting | CancelMeeting;
}

/** Where one of an adoption's steps stands. */
export type WheelStepState =
  | { status: 'done'; events: Array<{ id: string; type: string; revision: number }>; revision: number; position: string }
  /** `revision`: the wheel's, at the recorded refusal. */
  | { status: 'not-carried'; rule: string; message: string; revision: number; position: string }
  | { status: 'pending' };

/**
 * Carries an adoption of the annual wheel (*årshjul*) into its meetings, each
 * through the meeting's own command, by the person who adopted it, caused by
 * the adoption: the meetings it adds are scheduled (ScheduleMeeting), those a
 * revision moves or gives a new place are rescheduled (RescheduleMeeting),
 * those a revision drops are cancelled (CancelMeeting). A meeting that refuses
 * its change (cancelled by hand in the meantime, say) is left as it is, and
 * the wheel records YearWheelChangeNotCarried with the meeting's rule.
 */
export const yearWheelReaction: ReactionFactory = ({ store, commandBus, clock }): Reaction => ({
  name: YEAR_WHEEL_REACTION,

  handles: (event) => event.type === 'YearWheelAdopted' && event.streamId.startsWith(`${yearWheelDecider.streamPrefix}-`),

  async react(trigger: RecordedEvent): Promise<void> {
    const adopted = toDomainEvent(yearWheelDecider, trigger) as YearWheelAdopted;
    for (const step of stepsOf(adopted)) {
      if ((await wheelStepState(store, adopted.data.year, trigger.id, step)).status !== 'pending') continue;
      const envelope = { correlationId: trigger.metadata.correlationId, causationId: trigger.id };
      try {
        await commandBus.execute(
          new ExecuteMeetingCommand(step.command, { ...envelope, commandId: stepCommandId(trigger.id, step), actor: trigger.metadata.actor }),
        );
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        const { year } = adopted.data;
        await executeWithDecider(
          store,
          clock,
          yearWheelDecider,
          String(year),
          { type: 'RecordWheelChangeNotCarried', data: { year, adoptionEventId: trigger.id, meetingId: step.meetingId, change: step.change, ...refusal } },
          { ...envelope, commandId: reactionCommandId(trigger.id, `not-carried:${step.change}:${step.meetingId}`), actor: reactionActor(trigger) },
        );
      }
    }
  },
});

/** The meeting commands an adoption causes, in order: schedules, moves, cancellations. */
export function stepsOf(adopted: YearWheelAdopted): WheelStep[] {
  const { year, scheduled, rescheduled = [], cancelled = [] } = adopted.data;
  const reason = `Årshjulet ${year} reviderat`;
  return [
    ...scheduled.map(({ meetingId, ...planned }): WheelStep => ({
      change: 'schedule',
      meetingId,
      command: { type: 'ScheduleMeeting', data: { meetingId, ...planned, yearWheel: year } },
    })),
    ...rescheduled.map(({ meetingId, forum: _forum, ...planned }): WheelStep => ({
      change: 'reschedule',
      meetingId,
      command: { type: 'RescheduleMeeting', data: { meetingId, ...planned, reason, yearWheel: year } },
    })),
    ...cancelled.map(({ meetingId }): WheelStep => ({
      change: 'cancel',
      meetingId,
      command: { type: 'CancelMeeting', data: { meetingId, reason, yearWheel: year } },
    })),
  ];
}

/** A schedule's command id is the one the adoption's handler used before reactions existed, so those are found done. */
function stepCommandId(adoptionEventId: string, step: WheelStep): string {
  return reactionCommandId(adoptionEventId, step.change === 'schedule' ? step.meetingId : `${step.change}:${step.meetingId}`);
}

/** Whether an adoption's step has been taken (its events on the meeting), refused (the wheel's YearWheelChangeNotCarried), or neither yet. */
export async function wheelStepState(store: EventStore, year: number, adoptionEventId: string, step: WheelStep): Promise<WheelStepState> {
  const commandId = stepCommandId(adoptionEventId, step);
  const done = (await store.readStream(streamIdOf(meetingDecider, step.meetingId))).filter((event) => event.metadata.commandId === commandId);
  if (done.length > 0) {
    const last = done[done.length - 1];
    return {
      status: 'done',
      events: done.map(({ id, type, revision }) => ({ id, type, revision })),
      revision: last.revision,
      position: formatPosition(last.position),
    };
  }
  const refused = (await store.readStream(streamIdOf(yearWheelDecider, String(year)))).find((event) => {
    if (event.type !== 'YearWheelChangeNotCarried') return false;
    const data = event.data as { adoptionEventId: string; meetingId: string; change: string };
    return data.adoptionEventId === adoptionEventId && data.meetingId === step.meetingId && data.change === step.change;
  });
  if (refused) {
    const { rule, message } = refused.data as { rule: string; message: string };
    return { status: 'not-carried', rule, message, revision: refused.revision, position: formatPosition(refused.position) };
  }
  return { status: 'pending' };
}
