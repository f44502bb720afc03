import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AssignmentsModule } from './assignments/assignments.module';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { rateLimit } from './auth/rate-limit';
import { AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';
import { IdempotencyKeyCleanup } from './http/idempotency/idempotency-key-cleanup';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { InfrastructureModule, InfrastructureOverrides } from './infrastructure.module';
import { ProjectionsModule } from './projections/projections.module';
import { REGISTERED_PROJECTIONS } from './projections/registered-projections';
import { FollowUpModule } from './follow-up/follow-up.module';
import { MeetingsModule } from './meetings/meetings.module';
import { CommandMetrics } from './observability/command-metrics';
import { MetricsController } from './observability/metrics.controller';
import { OutstandingLogModule } from './outstanding-log/outstanding-log.module';
import { QuestionReadModelsModule } from './question-list/question-read-models.module';
import { QuestionsModule } from './questions/questions.module';
import { ReactionsModule } from './reactions/reactions.module';
import { REGISTERED_REACTIONS } from './reactions/registered-reactions';
import { ReferenceDataController } from './reference-data/reference-data.controller';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, overrides: InfrastructureOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(config, overrides),
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot(rateLimit(config)),
        ProjectionsModule.register(REGISTERED_PROJECTIONS),
        ReactionsModule.register(REGISTERED_REACTIONS),
        QuestionsModule,
        QuestionReadModelsModule,
        OutstandingLogModule,
        FollowUpModule,
        AuditModule,
        AssignmentsModule,
        MeetingsModule,
        WebModule,
      ],
      controllers: [HealthController, MetricsController, ReferenceDataController],
      providers: [
        // Guards run in this order: the rate limit first, so floods are turned away before any token is checked.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        IdempotencyKeyCleanup,
        CommandMetrics,
      ],
    };
  }
}
