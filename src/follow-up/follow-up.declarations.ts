import type { SliceDeclarations } from '../wiring/slice-declarations';
import { FollowUpHistoryCovering1764000002180 } from './follow-up-history-covering.migration';
import { FollowUpHistory1764000002170 } from './follow-up-history.migration';
import { followUpHistoryProjection } from './follow-up-history.projection';

/** The `follow-up-history` projection (the follow-up as of a date) and its table. */
export const FOLLOW_UP_DECLARATIONS: SliceDeclarations = {
  owner: 'follow-up',
  migrations: [FollowUpHistory1764000002170, FollowUpHistoryCovering1764000002180],
  projections: [followUpHistoryProjection],
};
