import { DynamicModule, Global, Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { ProjectionCheckpoints1764000000200 } from './checkpoints.migration';
import { RUN_PROJECTIONS, Projection } from './projection';
import { ProjectionsAdminController } from './projections-admin.controller';
import { ProjectionsService } from './projections.service';

/** The read side's engine. It is handed the projections the modules declare (`registerProjections`). */
@Global()
@Module({ providers: [registerMigrations('projections', [ProjectionCheckpoints1764000000200])] })
export class ProjectionsModule {
  static register(projections: readonly Projection[]): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: [ProjectionsAdminController],
      providers: [{ provide: RUN_PROJECTIONS, useValue: projections }, ProjectionsService],
      exports: [ProjectionsService],
    };
  }
}
