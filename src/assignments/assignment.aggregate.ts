import { Decider } from '../command-handling/decider';
import { AssignmentCommand, AssignmentSystemCommand } from './assignment.commands';
import { AssignmentState, decide, evolve, initialState } from './assignment.decider';
import { ASSIGNMENT_EVENT_SCHEMA_VERSIONS, AssignmentEvent } from './assignment.events';

/** The assignment's decider as the shared write path sees it. Streams are named `assignment-<id>`. */
export const assignmentDecider: Decider<AssignmentCommand | AssignmentSystemCommand, AssignmentEvent, AssignmentState> = {
  aggregateName: 'Assignment',
  streamPrefix: 'assignment',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type) => ASSIGNMENT_EVENT_SCHEMA_VERSIONS[type],
};
