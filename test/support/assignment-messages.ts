import type { AssignmentCommand } from '../../src/assignments/assignment.commands';
import type { AssignmentEvent } from '../../src/assignments/assignment.events';

/** The assignment the decider specs tell their stories about, and builders that name it in every command and event. */
export const assignmentId = 'assignment-1';

export type CommandOf<T extends AssignmentCommand['type']> = Extract<AssignmentCommand, { type: T }>;
export type EventOf<T extends AssignmentEvent['type']> = Extract<AssignmentEvent, { type: T }>;

export function command<T extends AssignmentCommand['type']>(type: T, data: Omit<CommandOf<T>['data'], 'assignmentId'>): CommandOf<T> {
  return { type, data: { assignmentId, ...data } } as unknown as CommandOf<T>;
}

export function event<T extends AssignmentEvent['type']>(type: T, data: Omit<EventOf<T>['data'], 'assignmentId'>): EventOf<T> {
  return { type, data: { assignmentId, ...data } } as unknown as EventOf<T>;
}
