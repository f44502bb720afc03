import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { RegisterModule } from '../register/register.module';
import { FollowUpPages1764000001400 } from './follow-up-pages.migration';
import { FollowUpTally1764000001300 } from './follow-up-tally.migration';
import { OrganisationViews1764000001500 } from './organisation-views.migration';
import { OwedTally1764000002000 } from './owed-tally.migration';
import { QuestionJsonColumns1764000001900 } from './question-json-columns.migration';
import { QuestionListIndex1764000001700 } from './question-list-index.migration';
import { QuestionLogIndexes1764000001200 } from './question-log-indexes.migration';
import { QuestionQueriesController } from './question-queries.controller';
import { QuestionQueries } from './question-queries';
import { QuestionReadModels1764000000300 } from './question-read-models.migration';
import { QuestionSnapshots1764000001600 } from './question-snapshots.migration';
import { QuestionViewsWithoutState1764000001100 } from './question-views-without-state.migration';
import { questionViewsProjection } from './question-views.projection';
import { TimelineFromEventStore1764000001800 } from './timeline-from-event-store.migration';

/**
 * The question list: GET /questions and the timeline, read from the
 * `question-views` projection, which also writes the obligation, tally and
 * owed tables the follow-up and the outstanding log read. The projection and
 * the migrations of every table it writes are declared here.
 */
@Module({
  imports: [AssignmentsModule, RegisterModule],
  controllers: [QuestionQueriesController],
  providers: [
    QuestionQueries,
    registerProjections('question-list', [questionViewsProjection]),
    registerMigrations('question-list', [
      QuestionReadModels1764000000300,
      QuestionViewsWithoutState1764000001100,
      QuestionLogIndexes1764000001200,
      FollowUpTally1764000001300,
      FollowUpPages1764000001400,
      OrganisationViews1764000001500,
      QuestionSnapshots1764000001600,
      QuestionListIndex1764000001700,
      TimelineFromEventStore1764000001800,
      QuestionJsonColumns1764000001900,
      OwedTally1764000002000,
    ]),
  ],
})
export class QuestionListModule {}
