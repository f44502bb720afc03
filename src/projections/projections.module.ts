import { DynamicModule, Global, Module } from '@nestjs/common';
import { declaredProviders } from '../wiring/slice-declarations';
import { RUN_PROJECTIONS, Projection } from './projection';
import { PROJECTIONS_DECLARATIONS } from './projections.declarations';
import { ProjectionsAdminController } from './projections-admin.controller';
import { ProjectionsService } from './projections.service';

/** The read side's engine. It is handed the projections the modules declare (`registerProjections`). */
@Global()
@Module({ providers: declaredProviders(PROJECTIONS_DECLARATIONS) })
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
