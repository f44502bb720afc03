import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { registerMigrations } from '../database/migrations';
import { MeetingQueries } from '../meetings/contract';
import { registerProjections } from '../projections/projection';
import { OutstandingLogOwnProjection1764000002310 } from './outstanding-log-own-projection.migration';
import { outstandingLogProjection } from './outstanding-log.projection';
import { OutstandingLogController } from './outstanding-log.controller';
import { OwedTally1764000002000 } from './owed-tally.migration';
import { OutstandingLogQueries } from './outstanding-log.queries';
import { OutstandingLog } from './outstanding-log.reader';

/** GET /log, read from the `outstanding-log` projection's tables (declared here with their migrations), the follow-up's obligations and the question list's rows. */
@Module({
  imports: [AssignmentsModule],
  controllers: [OutstandingLogController],
  // MeetingQueries is provided here rather than imported from MeetingsModule, which imports this module for agenda proposals.
  providers: [
    OutstandingLogQueries,
    OutstandingLog,
    MeetingQueries,
    registerProjections('outstanding-log', [outstandingLogProjection]),
    registerMigrations('outstanding-log', [OwedTally1764000002000, OutstandingLogOwnProjection1764000002310]),
  ],
  exports: [OutstandingLogQueries, OutstandingLog],
})
export class OutstandingLogModule {}
