import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { RegisterModule } from '../register/register.module';
import { declaredProviders } from '../wiring/slice-declarations';
import { QUESTION_LIST_DECLARATIONS } from './question-list.declarations';
import { QuestionQueriesController } from './question-queries.controller';
import { QuestionQueries } from './question-queries';

/**
 * The question list: GET /questions and the timeline, read from the
 * `question-views` projection (rm_question, rm_question_tally), declared with
 * its migrations in question-list.declarations.ts.
 */
@Module({
  imports: [AssignmentsModule, RegisterModule],
  controllers: [QuestionQueriesController],
  providers: [QuestionQueries, ...declaredProviders(QUESTION_LIST_DECLARATIONS)],
})
export class QuestionListModule {}
