import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { MeetingQueries } from '../meetings/contract';
import { RegisterModule } from '../register/register.module';
import { declaredProviders } from '../wiring/slice-declarations';
import { OutstandingLogController } from './outstanding-log.controller';
import { OUTSTANDING_LOG_DECLARATIONS } from './outstanding-log.declarations';
import { OutstandingLogQueries } from './outstanding-log.queries';
import { OutstandingLog } from './outstanding-log.reader';

/** GET /log, read from the `outstanding-log` projection's tables (outstanding-log.declarations.ts), the follow-up's obligations and the question list's rows. */
@Module({
  imports: [AssignmentsModule, RegisterModule],
  controllers: [OutstandingLogController],
  // MeetingQueries is provided here rather than imported from MeetingsModule, which imports this module for agenda proposals.
  providers: [OutstandingLogQueries, OutstandingLog, MeetingQueries, ...declaredProviders(OUTSTANDING_LOG_DECLARATIONS)],
  exports: [OutstandingLogQueries, OutstandingLog],
})
export class OutstandingLogModule {}
