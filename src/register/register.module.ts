import { Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { ExecuteRegisterCommandHandler } from './execute-register-command';
import { RegisterReadModels1764000002300 } from './register-read-models.migration';
import { RegisterController } from './register.controller';
import { registerProjection } from './register.projection';
import { RegisterReader } from './register-reader';
import { StructureSeeding } from './structure-seeding';

/** The structure register: its commands, the structure as of a date, the reader other slices' rules ask. */
@Module({
  controllers: [RegisterController],
  providers: [
    ExecuteRegisterCommandHandler,
    RegisterReader,
    StructureSeeding,
    registerProjections('register', [registerProjection]),
    registerMigrations('register', [RegisterReadModels1764000002300]),
  ],
  exports: [RegisterReader],
})
export class RegisterModule {}
