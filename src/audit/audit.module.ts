import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { QuestionAuditController } from './question-audit.controller';
import { RegisterModule } from '../register/register.module';

/** Audit (revision): verification of the hash chains, digests, history, dossiers, follow-up as of a date. */
@Module({
  imports: [RegisterModule],
  controllers: [AuditController, QuestionAuditController],
})
export class AuditModule {}
