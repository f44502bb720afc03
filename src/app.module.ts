import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AuthGuard } from './auth/auth.guard';
import { rateLimit } from './auth/rate-limit';
import { APP_MIGRATIONS, APP_OUTBOXES, APP_PROJECTIONS, APP_REACTIONS, FEATURE_MODULES } from './app-modules';
import { AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { InfrastructureModule, InfrastructureOverrides } from './infrastructure.module';
import { ProjectionsModule } from './projections/projections.module';
import { CommandMetrics } from './observability/command-metrics';
import { MetricsController } from './observability/metrics.controller';
import { RUN_OUTBOXES } from './outbox/outbox';
import { ReactionsModule } from './reactions/reactions.module';
import { ReferenceDataController } from './reference-data/reference-data.controller';

@Module({})
export class AppModule {
  static register(config: AppConfig, overrides: InfrastructureOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(config, APP_MIGRATIONS, overrides),
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot(rateLimit(config)),
        ProjectionsModule.register(APP_PROJECTIONS),
        ReactionsModule.register(APP_REACTIONS),
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController, MetricsController, ReferenceDataController],
      providers: [
        // Guards run in this order: the rate limit first, so floods are turned away before any token is checked.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        CommandMetrics,
        { provide: RUN_OUTBOXES, useValue: APP_OUTBOXES },
      ],
    };
  }
}
