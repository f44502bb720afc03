import { Decider } from '../command-handling/decider';
import { YearWheelCommand, YearWheelSystemCommand } from './year-wheel.commands';
import { YearWheelState, decide, evolve, initialState } from './year-wheel.decider';
import { YEAR_WHEEL_EVENT_SCHEMA_VERSIONS, YearWheelEvent } from './year-wheel.events';

/** The annual wheel's decider as the write path sees it. Streams are named `year-wheel-<year>`. */
export const yearWheelDecider: Decider<YearWheelCommand | YearWheelSystemCommand, YearWheelEvent, YearWheelState> = {
  aggregateName: 'Annual wheel',
  streamPrefix: 'year-wheel',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type) => YEAR_WHEEL_EVENT_SCHEMA_VERSIONS[type],
};
