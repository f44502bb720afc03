import { DynamicModule, Global, Module } from '@nestjs/common';
import { PROJECTIONS, Projection } from './projection';
import { ProjectionsAdminController } from './projections-admin.controller';
import { ProjectionsService } from './projections.service';

/** The read side's engine. Slices hand their projections to `register`. */
@Global()
@Module({})
export class ProjectionsModule {
  static register(projections: Projection[]): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: [ProjectionsAdminController],
      providers: [{ provide: PROJECTIONS, useValue: projections }, ProjectionsService],
      exports: [ProjectionsService],
    };
  }
}
