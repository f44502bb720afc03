import { Module } from '@nestjs/common';
import { registerReactions } from '../reactions/reaction';
import { meetingOutcomeReaction } from './meeting-outcome.reaction';
import { declaredProviders } from '../wiring/slice-declarations';
import { yearWheelReaction } from './year-wheel.reaction';
import { OutstandingLogModule } from '../outstanding-log/outstanding-log.module';
import { RegisterModule } from '../register/register.module';
import { ExecuteMeetingCommandHandler } from './execute-meeting-command';
import { ExecuteYearWheelCommandHandler } from './execute-year-wheel-command';
import { MeetingController } from './meeting.controller';
import { MEETINGS_DECLARATIONS } from './meetings.declarations';
import { AgendaProposals } from './agenda-proposals';
import { MeetingQueries } from './meeting-queries';
import { PublicMeetingsController } from './public-meetings.controller';
import { YearWheelController } from './year-wheel.controller';

/** Meetings (sammanträden) and the annual wheel (årshjul). Its reactions are declared here, its projection and migration in meetings.declarations.ts. */
@Module({
  imports: [OutstandingLogModule, RegisterModule],
  controllers: [MeetingController, PublicMeetingsController, YearWheelController],
  providers: [
    ExecuteMeetingCommandHandler,
    ExecuteYearWheelCommandHandler,
    MeetingQueries,
    AgendaProposals,
    ...declaredProviders(MEETINGS_DECLARATIONS),
    registerReactions('meetings', [meetingOutcomeReaction, yearWheelReaction]),
  ],
  exports: [MeetingQueries, AgendaProposals],
})
export class MeetingsModule {}
