import { Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { ExecuteRegisterCommandHandler } from './execute-register-command';
import { RegisterReadModels1764000002300 } from './register-read-models.migration';
import { RegisterController } from './register.controller';
import { registerProjection } from './register.projection';
import { RegisterReader } from './register-reader';
import { StructureSeeding } from './structure-seeding';
import { RegistrarNotifications1764000002310 } from './registrar-notifications.migration';
import { registrarNotificationsProjection } from './registrar-notifications.projection';
import { RegistrarOutbox } from './registrar-outbox';

/** The structure register: its commands, the structure as of a date, the reader other slices' rules ask, word to each organisation's registrar. */
@Module({
  controllers: [RegisterController],
  providers: [
    ExecuteRegisterCommandHandler,
    RegisterReader,
    StructureSeeding,
    RegistrarOutbox,
    registerProjections('register', [registerProjection, registrarNotificationsProjection]),
    registerMigrations('register', [RegisterReadModels1764000002300, RegistrarNotifications1764000002310]),
  ],
  exports: [RegisterReader],
})
export class RegisterModule {}
