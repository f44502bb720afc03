/**
 * What time travel publishes to the slices that look into the past: what a
 * point in time is (`?asOf=`, `?revision=`), a question as it stood at one,
 * and the snapshots that fold starts from.
 */
export { type PointInTime, TimeTravelQueryDto, parseAsOf } from './point-in-time';
export { type QuestionThen, questionAt } from './question-at';
export { type SnapshotLookup, snapshotLookup } from './question-snapshots';
export { QUESTION_SNAPSHOTS_PROJECTION } from './question-snapshots.projection';
