/**
 * What the outstanding log publishes to the slices that build on it (agenda
 * proposals): its queries, their parameters, and the projections a read of
 * the log waits for.
 */
export { OutstandingLogQueryDto } from './outstanding-log.dto';
export { OutstandingLogQueries } from './outstanding-log.queries';
export { OUTSTANDING_LOG_PROJECTION, QUESTION_LOG_PROJECTIONS } from './outstanding-log.projection';
