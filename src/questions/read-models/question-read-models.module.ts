import { Module } from '@nestjs/common';
import { QuestionQueriesController } from './question-queries.controller';
import { QuestionQueries } from './question-queries';

/** The question slice's read side: GET /questions and the timeline. Its projections are in index.ts. */
@Module({
  controllers: [QuestionQueriesController],
  providers: [QuestionQueries],
})
export class QuestionReadModelsModule {}
