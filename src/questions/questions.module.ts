import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { ExecuteQuestionCommandHandler } from './execute-question-command';
import { QuestionController } from './question.controller';

@Module({
  imports: [RegisterModule],
  controllers: [QuestionController],
  providers: [ExecuteQuestionCommandHandler],
})
export class QuestionsModule {}
