import type { SliceDeclarations } from '../wiring/slice-declarations';
import { RegisterReadModels1764000002300 } from './register-read-models.migration';
import { registerProjection } from './register.projection';
import { RegistrarNotifications1764000002310 } from './registrar-notifications.migration';
import { registrarNotificationsProjection } from './registrar-notifications.projection';
import { RegistrarOutboxLease1764000002510 } from './registrar-outbox-lease.migration';
import { StructureReportReadModels1764000002810 } from './structure-report.migration';
import { structureReportProjection } from './structure-report.projection';

/** The `register` projection (the structure over time), `registrar-notifications` (word to each organisation's registrar, an outbox), `structure-report` (the annual report's read model) and their tables. */
export const REGISTER_DECLARATIONS: SliceDeclarations = {
  owner: 'register',
  migrations: [RegisterReadModels1764000002300, RegistrarNotifications1764000002310, RegistrarOutboxLease1764000002510, StructureReportReadModels1764000002810],
  projections: [registerProjection, registrarNotificationsProjection, structureReportProjection],
};
