import { Module } from '@nestjs/common';
import { declaredProviders } from '../wiring/slice-declarations';
import { ExecuteRegisterCommandHandler } from './execute-register-command';
import { RegisterController } from './register.controller';
import { REGISTER_DECLARATIONS } from './register.declarations';
import { RegisterReader } from './register-reader';
import { StructureSeeding } from './structure-seeding';
import { RegistrarNotificationQueries } from './registrar-notification-queries';
import { REGISTRAR_OUTBOX, RegistrarOutbox } from './registrar-outbox';
import { registerOutbox } from '../outbox/outbox';

/** The structure register: its commands, the structure as of a date, the reader other slices' rules ask, word to each organisation's registrar. */
@Module({
  controllers: [RegisterController],
  providers: [
    ExecuteRegisterCommandHandler,
    RegisterReader,
    StructureSeeding,
    RegistrarOutbox,
    RegistrarNotificationQueries,
    registerOutbox('register', REGISTRAR_OUTBOX),
    ...declaredProviders(REGISTER_DECLARATIONS),
  ],
  exports: [RegisterReader, RegistrarNotificationQueries],
})
export class RegisterModule {}
