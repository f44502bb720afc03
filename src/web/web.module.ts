import { Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { WebSessions } from '../auth/web-sessions';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FollowUpAsOfQueries, FollowUpQueries } from '../follow-up/contract';
import { MeetingQueries } from '../meetings/contract';
import { MeetingsModule } from '../meetings/meetings.module';
import { OutstandingLogModule } from '../outstanding-log/outstanding-log.module';
import { QuestionQueries } from '../question-list/contract';
import { RegisterModule } from '../register/register.module';
import { StructureReportPagesController } from './structure-report/structure-report-pages.controller';
import { AssignmentFormsController } from './assignments/assignment-forms.controller';
import { AssignmentPagesController } from './assignments/assignment-pages.controller';
import { ExportsController } from './exports/exports.controller';
import { FollowUpPagesController } from './follow-up/follow-up-pages.controller';
import { LogPageController } from './log/log.controller';
import { QuestionFormsController } from './questions/question-forms.controller';
import { QuestionPagesController } from './questions/question-pages.controller';
import { AuditPagesController } from './audit/audit-pages.controller';
import { MeetingFormsController } from './meetings/meeting-forms.controller';
import { MeetingPagesController } from './meetings/meeting-pages.controller';
import { WheelFormsController } from './meetings/wheel-forms.controller';
import { OidcSignIn } from './sign-in/oidc-sign-in';
import { SignInController } from './sign-in/sign-in.controller';
import { StartController } from './start/start.controller';
import { WebMiddleware } from './web.middleware';

/**
 * The web interface (docs/web.md): server-rendered pages under /web on the
 * same query services as the API. The query services of slices that do not
 * export them are provided here again (the same classes over the same read
 * models), as OutstandingLogModule does with MeetingQueries.
 */
@Module({
  imports: [OutstandingLogModule, AssignmentsModule, MeetingsModule, RegisterModule],
  controllers: [
    SignInController,
    StartController,
    LogPageController,
    FollowUpPagesController,
    // Before the question pages: /web/questions/new is a form, not a question's id.
    QuestionFormsController,
    QuestionPagesController,
    // Before the meeting pages: /web/meetings/new is a form, not a meeting's id.
    MeetingFormsController,
    MeetingPagesController,
    WheelFormsController,
    AuditPagesController,
    StructureReportPagesController,
    // Before the assignment's page: /web/assignments/new is a form, not an assignment's id.
    AssignmentFormsController,
    AssignmentPagesController,
    ExportsController,
  ],
  providers: [WebSessions, WebMiddleware, OidcSignIn, FollowUpQueries, FollowUpAsOfQueries, MeetingQueries, QuestionQueries],
  exports: [WebSessions],
})
export class WebModule implements NestModule {
  constructor(sessions: WebSessions, @Inject(APP_CONFIG) config: AppConfig) {
    sessions.lifetimeMs = config.web.sessionHours * 60 * 60 * 1000;
  }

  configure(consumer: MiddlewareConsumer): void {
    // One path for /web and everything under it: Nest runs a middleware once per path it matches, so two
    // overlapping paths ('web', 'web/*path') ran it twice on every page (and read the register twice).
    consumer.apply(WebMiddleware).forRoutes('web{/*path}');
  }
}
