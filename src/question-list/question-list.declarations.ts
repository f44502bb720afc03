import type { SliceDeclarations } from '../wiring/slice-declarations';
import { QuestionJsonColumns1764000001900 } from './question-json-columns.migration';
import { QuestionListIndex1764000001700 } from './question-list-index.migration';
import { QuestionLogIndexes1764000001200 } from './question-log-indexes.migration';
import { QuestionReadModels1764000000300 } from './question-read-models.migration';
import { QuestionViewsWithoutState1764000001100 } from './question-views-without-state.migration';
import { questionViewsProjection } from './question-views.projection';
import { TimelineFromEventStore1764000001800 } from './timeline-from-event-store.migration';

/**
 * The `question-views` projection (rm_question, rm_question_tally) and its
 * migrations. Migrations run in the order of their timestamps, whoever
 * declares them. Four from before each view had its own projection also
 * shape another slice's table beside the question list's own (the first
 * creates rm_question_obligation with rm_question; the log's and the JSON
 * columns' touch it too) and stay here, unsplit: a database that ran one
 * would run a split-off part again (docs/read-models.md, "Migrations").
 */
export const QUESTION_LIST_DECLARATIONS: SliceDeclarations = {
  owner: 'question-list',
  migrations: [
    QuestionReadModels1764000000300,
    QuestionViewsWithoutState1764000001100,
    QuestionLogIndexes1764000001200,
    QuestionListIndex1764000001700,
    TimelineFromEventStore1764000001800,
    QuestionJsonColumns1764000001900,
  ],
  projections: [questionViewsProjection],
};
