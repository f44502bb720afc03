import { Module } from '@nestjs/common';
import { ExecuteQuestionCommandHandler } from './execute-question-command';
import { QuestionController } from './question.controller';

@Module({
  controllers: [QuestionController],
  providers: [ExecuteQuestionCommandHandler],
})
export class QuestionsModule {}
