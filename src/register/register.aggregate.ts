import { Decider } from '../command-handling/decider';
import { RegisterCommand } from './register.commands';
import { StructureState, decide, evolve, initialState } from './register.decider';
import { REGISTER_EVENT_SCHEMA_VERSIONS, RegisterEvent } from './register.events';

/** The structure's one aggregate; its stream is `register-structure` (register.decider.ts says why one). */
export const STRUCTURE_ID = 'structure';

/** The register's decider as the shared write path sees it. */
export const registerDecider: Decider<RegisterCommand, RegisterEvent, StructureState> = {
  aggregateName: 'Register',
  streamPrefix: 'register',
  initialState,
  evolve: (state, event) => evolve(state, event),
  decide: (command, state) => decide(command, state),
  schemaVersionOf: (type) => REGISTER_EVENT_SCHEMA_VERSIONS[type],
};
