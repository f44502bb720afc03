import { Module } from '@nestjs/common';
import { registerReactions } from '../reactions/reaction';
import { RegisterModule } from '../register/register.module';
import { declaredProviders } from '../wiring/slice-declarations';
import { assignmentApprovalReaction } from './assignment-approval.reaction';
import { AssignmentController } from './assignment.controller';
import { registerOutbox } from '../outbox/outbox';
import { AssignmentOutbox, REMINDERS } from './assignment-outbox';
import { AssignmentQueries } from './assignment-queries';
import { ASSIGNMENTS_DECLARATIONS } from './assignments.declarations';
import { ExecuteAssignmentCommandHandler } from './execute-assignment-command';

/** Assignments (uppdrag): commands, lists, the reminder outbox. Its reaction is declared here, its projection and migration in assignments.declarations.ts. */
@Module({
  imports: [RegisterModule],
  controllers: [AssignmentController],
  providers: [
    ExecuteAssignmentCommandHandler,
    AssignmentQueries,
    AssignmentOutbox,
    registerOutbox('assignments', { name: REMINDERS.name, table: REMINDERS.table }),
    ...declaredProviders(ASSIGNMENTS_DECLARATIONS),
    registerReactions('assignments', [assignmentApprovalReaction]),
  ],
  exports: [AssignmentQueries],
})
export class AssignmentsModule {}
