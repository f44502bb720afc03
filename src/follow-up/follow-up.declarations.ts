import type { SliceDeclarations } from '../wiring/slice-declarations';
import { FollowUpEffectiveHistory1764000002610 } from './follow-up-effective-history.migration';
import { FollowUpGridCut1764000002640 } from './follow-up-grid-cut.migration';
import { FollowUpGridQuestion1764000002900 } from './follow-up-grid-question.migration';
import { FollowUpHistoryCovering1764000002180 } from './follow-up-history-covering.migration';
import { FollowUpHistory1764000002170 } from './follow-up-history.migration';
import { followUpEffectiveHistoryProjection } from './follow-up-effective-history.projection';
import { FollowUpEffectiveDivergent1764000003000 } from './follow-up-effective-divergent.migration';
import { FollowUpCurrentFromHistory1764000004000 } from './follow-up-current-from-history.migration';
import { FollowUpHistoryEndedIndex1764000004100 } from './follow-up-history-ended-index.migration';
import { FollowUpHistoryKeyInTime1764000004200 } from './follow-up-history-key-in-time.migration';
import { followUpHistoryProjection } from './follow-up-history.projection';
import { FollowUpOwnProjection1764000002400 } from './follow-up-own-projection.migration';
import { FollowUpPages1764000001400 } from './follow-up-pages.migration';
import { FollowUpQuestionHistoryWithoutTitle1764000002724 } from './follow-up-question-history-without-title.migration';
import { FollowUpQuestionStageRuns1764000002950 } from './follow-up-question-stage-runs.migration';
import { FollowUpQuestionStage1764000002800 } from './follow-up-question-stage.migration';
import { FollowUpTally1764000001300 } from './follow-up-tally.migration';
import { followUpProjection } from './follow-up.projection';

/** The `follow-up` projection (what each organisation owes and has done), `follow-up-history` (the follow-up as recorded by an instant), `follow-up-effective-history` (as in effect on a day) and their tables. */
export const FOLLOW_UP_DECLARATIONS: SliceDeclarations = {
  owner: 'follow-up',
  migrations: [
    FollowUpTally1764000001300,
    FollowUpPages1764000001400,
    FollowUpHistory1764000002170,
    FollowUpHistoryCovering1764000002180,
    FollowUpOwnProjection1764000002400,
    FollowUpEffectiveHistory1764000002610,
    FollowUpGridCut1764000002640,
    FollowUpQuestionHistoryWithoutTitle1764000002724,
    FollowUpQuestionStage1764000002800,
    FollowUpGridQuestion1764000002900,
    FollowUpQuestionStageRuns1764000002950,
    FollowUpEffectiveDivergent1764000003000,
    FollowUpCurrentFromHistory1764000004000,
    FollowUpHistoryEndedIndex1764000004100,
    FollowUpHistoryKeyInTime1764000004200,
  ],
  projections: [followUpProjection, followUpHistoryProjection, followUpEffectiveHistoryProjection],
};
