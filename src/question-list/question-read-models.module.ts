import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { QuestionQueriesController } from './question-queries.controller';
import { QuestionQueries } from './question-queries';

/** The question slice's read side: GET /questions and the timeline. Its projections are in index.ts. */
@Module({
  imports: [AssignmentsModule],
  controllers: [QuestionQueriesController],
  providers: [QuestionQueries],
})
export class QuestionReadModelsModule {}
