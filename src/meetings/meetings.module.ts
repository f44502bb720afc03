import { Module } from '@nestjs/common';
import { OutstandingLogModule } from '../outstanding-log/outstanding-log.module';
import { ExecuteMeetingCommandHandler } from './execute-meeting-command';
import { ExecuteYearWheelCommandHandler } from './execute-year-wheel-command';
import { MeetingController } from './meeting.controller';
import { AgendaProposals } from './agenda-proposals';
import { MeetingQueries } from './meeting-queries';
import { PublicMeetingsController } from './public-meetings.controller';
import { YearWheelController } from './year-wheel.controller';

/** Meetings (sammanträden) and the annual wheel (årshjul). Its projection is registered in registered-projections.ts. */
@Module({
  imports: [OutstandingLogModule],
  controllers: [MeetingController, PublicMeetingsController, YearWheelController],
  providers: [ExecuteMeetingCommandHandler, ExecuteYearWheelCommandHandler, MeetingQueries, AgendaProposals],
  exports: [MeetingQueries],
})
export class MeetingsModule {}
