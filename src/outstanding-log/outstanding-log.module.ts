import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { OutstandingLogController } from './outstanding-log.controller';
import { OutstandingLogQueries } from './outstanding-log.queries';

/** GET /log, read from the question-views read model. */
@Module({
  imports: [AssignmentsModule],
  controllers: [OutstandingLogController],
  providers: [OutstandingLogQueries],
})
export class OutstandingLogModule {}
