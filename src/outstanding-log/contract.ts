/**
 * What the outstanding log publishes to the slices that build on it (agenda
 * proposals) and the pages (src/web/): its queries, their parameters, the
 * log as a page reads it, and the projections a read of the log waits for.
 */
export { OutstandingLogQueryDto } from './outstanding-log.dto';
export { OutstandingLogQueries } from './outstanding-log.queries';
export { OutstandingLog, type OutstandingLogPage } from './outstanding-log.reader';
export { OUTSTANDING_LOG_PROJECTION, QUESTION_LOG_PROJECTIONS } from './outstanding-log.projection';
