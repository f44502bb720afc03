import { Module } from '@nestjs/common';
import { declaredProviders } from '../wiring/slice-declarations';
import { ExecuteRegisterCommandHandler } from './execute-register-command';
import { RegisterController } from './register.controller';
import { REGISTER_DECLARATIONS } from './register.declarations';
import { RegisterReader } from './register-reader';
import { StructureSeeding } from './structure-seeding';
import { RegistrarOutbox } from './registrar-outbox';
import { StructureReportController } from './structure-report.controller';
import { StructureReports } from './structure-reports';

/** The structure register: its commands, the structure as of a date, the annual report on the structure, the reader other slices' rules ask, word to each organisation's registrar. */
@Module({
  controllers: [RegisterController, StructureReportController],
  providers: [ExecuteRegisterCommandHandler, RegisterReader, StructureSeeding, RegistrarOutbox, StructureReports, ...declaredProviders(REGISTER_DECLARATIONS)],
  exports: [RegisterReader, StructureReports],
})
export class RegisterModule {}
