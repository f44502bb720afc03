import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { MeetingQueries } from '../meetings/meeting-queries';
import { OutstandingLogController } from './outstanding-log.controller';
import { OutstandingLogQueries } from './outstanding-log.queries';
import { OutstandingLog } from './outstanding-log.reader';

/** GET /log, read from the question-views read model. */
@Module({
  imports: [AssignmentsModule],
  controllers: [OutstandingLogController],
  // MeetingQueries is provided here rather than imported from MeetingsModule, which imports this module for agenda proposals.
  providers: [OutstandingLogQueries, OutstandingLog, MeetingQueries],
  exports: [OutstandingLogQueries, OutstandingLog],
})
export class OutstandingLogModule {}
