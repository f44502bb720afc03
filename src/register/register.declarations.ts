import type { SliceDeclarations } from '../wiring/slice-declarations';
import { RegisterReadModels1764000002300 } from './register-read-models.migration';
import { registerProjection } from './register.projection';

/** The `register` projection and its table (the structure over time). */
export const REGISTER_DECLARATIONS: SliceDeclarations = {
  owner: 'register',
  migrations: [RegisterReadModels1764000002300],
  projections: [registerProjection],
};
