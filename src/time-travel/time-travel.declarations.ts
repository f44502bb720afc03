import type { SliceDeclarations } from '../wiring/slice-declarations';
import { QuestionSnapshotsOwnProjection1764000002420 } from './question-snapshots-own-projection.migration';
import { QuestionSnapshots1764000001600 } from './question-snapshots.migration';
import { questionSnapshotsProjection } from './question-snapshots.projection';

/** The `question-snapshots` projection (folded states every 100 revisions, for time travel) and its table. */
export const TIME_TRAVEL_DECLARATIONS: SliceDeclarations = {
  owner: 'time-travel',
  migrations: [QuestionSnapshots1764000001600, QuestionSnapshotsOwnProjection1764000002420],
  projections: [questionSnapshotsProjection],
};
