import { Module } from '@nestjs/common';
import { registerMigrations } from '../database/migrations';
import { registerProjections } from '../projections/projection';
import { registerReactions } from '../reactions/reaction';
import { RegisterModule } from '../register/register.module';
import { assignmentApprovalReaction } from './assignment-approval.reaction';
import { AssignmentReadModels1764000000800 } from './assignment-read-models.migration';
import { assignmentsProjection } from './assignment.projection';
import { AssignmentController } from './assignment.controller';
import { AssignmentOutbox } from './assignment-outbox';
import { AssignmentQueries } from './assignment-queries';
import { ExecuteAssignmentCommandHandler } from './execute-assignment-command';

/** Assignments (uppdrag): commands, lists, the reminder outbox. Its projection, migration and reaction are declared here. */
@Module({
  imports: [RegisterModule],
  controllers: [AssignmentController],
  providers: [
    ExecuteAssignmentCommandHandler,
    AssignmentQueries,
    AssignmentOutbox,
    registerProjections('assignments', [assignmentsProjection]),
    registerMigrations('assignments', [AssignmentReadModels1764000000800]),
    registerReactions('assignments', [assignmentApprovalReaction]),
  ],
  exports: [AssignmentQueries],
})
export class AssignmentsModule {}
