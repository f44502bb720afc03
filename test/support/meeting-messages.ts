import type { MeetingCommand } from '../../src/meetings/meeting.commands';
import type { MeetingEvent } from '../../src/meetings/meeting.events';

/** The meeting the decider specs tell their stories about, and builders that name it in every command and event. */
export const meetingId = 'meeting-1';

export type CommandOf<T extends MeetingCommand['type']> = Extract<MeetingCommand, { type: T }>;
export type EventOf<T extends MeetingEvent['type']> = Extract<MeetingEvent, { type: T }>;

export function command<T extends MeetingCommand['type']>(type: T, data: Omit<CommandOf<T>['data'], 'meetingId'>): CommandOf<T> {
  return { type, data: { meetingId, ...data } } as unknown as CommandOf<T>;
}

export function event<T extends MeetingEvent['type']>(type: T, data: Omit<EventOf<T>['data'], 'meetingId'>): EventOf<T> {
  return { type, data: { meetingId, ...data } } as unknown as EventOf<T>;
}
