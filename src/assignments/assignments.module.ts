import { Module } from '@nestjs/common';
import { AssignmentController } from './assignment.controller';
import { AssignmentOutbox } from './assignment-outbox';
import { AssignmentQueries } from './assignment-queries';
import { ExecuteAssignmentCommandHandler } from './execute-assignment-command';

/** Assignments (uppdrag): commands, lists, the reminder outbox. Its projection is registered in registered-projections.ts. */
@Module({
  controllers: [AssignmentController],
  providers: [ExecuteAssignmentCommandHandler, AssignmentQueries, AssignmentOutbox],
  exports: [AssignmentQueries],
})
export class AssignmentsModule {}
