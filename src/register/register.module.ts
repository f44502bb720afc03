import { Module } from '@nestjs/common';
import { declaredProviders } from '../wiring/slice-declarations';
import { ExecuteRegisterCommandHandler } from './execute-register-command';
import { RegisterController } from './register.controller';
import { REGISTER_DECLARATIONS } from './register.declarations';
import { RegisterReader } from './contract';
import { StructureSeeding } from './structure-seeding';
import { RegistrarNotificationQueries } from './registrar-notification-queries';
import { REGISTRAR_OUTBOX, RegistrarOutbox } from './registrar-outbox';
import { registerOutbox } from '../outbox/outbox';
import { ROLE_SOURCE } from '../auth/role-source';
import { RegisterRoleSource } from './register-role-source';
import { StructureReportController } from './structure-report.controller';
import { StructureReports } from './structure-reports';
import { StructureDirectory } from './structure-directory';

/**
 * The structure register: its commands, the structure as of a date, the annual report on the structure, the reader other
 * slices' rules ask, word to each organisation's registrar, and who a signed-in person is (ROLES_FROM=register).
 */
@Module({
  controllers: [RegisterController, StructureReportController],
  providers: [
    ExecuteRegisterCommandHandler,
    RegisterReader,
    StructureDirectory,
    StructureSeeding,
    RegistrarOutbox,
    RegistrarNotificationQueries,
    StructureReports,
    registerOutbox('register', REGISTRAR_OUTBOX),
    { provide: ROLE_SOURCE, useClass: RegisterRoleSource },
    ...declaredProviders(REGISTER_DECLARATIONS),
  ],
  exports: [RegisterReader, StructureDirectory, StructureReports, ROLE_SOURCE, RegistrarNotificationQueries],
})
export class RegisterModule {}
