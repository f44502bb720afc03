import type { SliceDeclarations } from '../wiring/slice-declarations';
import { AssignmentOutboxLease1764000002500 } from './assignment-outbox-lease.migration';
import { AssignmentReadModels1764000000800 } from './assignment-read-models.migration';
import { assignmentsProjection } from './assignment.projection';

/** The `assignments` projection and its tables (the assignments and the reminder outbox). */
export const ASSIGNMENTS_DECLARATIONS: SliceDeclarations = {
  owner: 'assignments',
  migrations: [AssignmentReadModels1764000000800, AssignmentOutboxLease1764000002500],
  projections: [assignmentsProjection],
};
