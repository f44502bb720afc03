import { Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { registerReactions } from '../reactions/reaction';
import { meetingOutcomeReaction } from './meeting-outcome.reaction';
import { MeetingReadModels1764000001000 } from './meeting-read-models.migration';
import { meetingsProjection } from './meeting.projection';
import { yearWheelReaction } from './year-wheel.reaction';
import { OutstandingLogModule } from '../outstanding-log/outstanding-log.module';
import { ExecuteMeetingCommandHandler } from './execute-meeting-command';
import { ExecuteYearWheelCommandHandler } from './execute-year-wheel-command';
import { MeetingController } from './meeting.controller';
import { AgendaProposals } from './agenda-proposals';
import { MeetingQueries } from './meeting-queries';
import { PublicMeetingsController } from './public-meetings.controller';
import { YearWheelController } from './year-wheel.controller';

/** Meetings (sammanträden) and the annual wheel (årshjul). Its projection, migration and reactions are declared here. */
@Module({
  imports: [OutstandingLogModule],
  controllers: [MeetingController, PublicMeetingsController, YearWheelController],
  providers: [
    ExecuteMeetingCommandHandler,
    ExecuteYearWheelCommandHandler,
    MeetingQueries,
    AgendaProposals,
    registerProjections('meetings', [meetingsProjection]),
    registerMigrations('meetings', [MeetingReadModels1764000001000]),
    registerReactions('meetings', [meetingOutcomeReaction, yearWheelReaction]),
  ],
  exports: [MeetingQueries, AgendaProposals],
})
export class MeetingsModule {}
