import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { FollowUpTally1764000001300 } from './follow-up-tally.migration';
import { OrganisationViews1764000001500 } from './organisation-views.migration';
import { QuestionJsonColumns1764000001900 } from './question-json-columns.migration';
import { QuestionListIndex1764000001700 } from './question-list-index.migration';
import { QuestionLogIndexes1764000001200 } from './question-log-indexes.migration';
import { QuestionQueriesController } from './question-queries.controller';
import { QuestionQueries } from './question-queries';
import { QuestionReadModels1764000000300 } from './question-read-models.migration';
import { QuestionViewsWithoutState1764000001100 } from './question-views-without-state.migration';
import { questionViewsProjection } from './question-views.projection';
import { TimelineFromEventStore1764000001800 } from './timeline-from-event-store.migration';

/**
 * The question list: GET /questions and the timeline, read from the
 * `question-views` projection (rm_question, rm_question_tally), declared here
 * with its migrations. Migrations from before each view had its own
 * projection, which also shaped the follow-up's and the log's tables, stay
 * here: they run in the order of their timestamps, whoever declares them.
 */
@Module({
  imports: [AssignmentsModule],
  controllers: [QuestionQueriesController],
  providers: [
    QuestionQueries,
    registerProjections('question-list', [questionViewsProjection]),
    registerMigrations('question-list', [
      QuestionReadModels1764000000300,
      QuestionViewsWithoutState1764000001100,
      QuestionLogIndexes1764000001200,
      FollowUpTally1764000001300,
      OrganisationViews1764000001500,
      QuestionListIndex1764000001700,
      TimelineFromEventStore1764000001800,
      QuestionJsonColumns1764000001900,
    ]),
  ],
})
export class QuestionListModule {}
