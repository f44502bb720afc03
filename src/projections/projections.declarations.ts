import type { SliceDeclarations } from '../wiring/slice-declarations';
import { ProjectionCheckpoints1764000000200 } from './checkpoints.migration';

/** The projection engine's own table: every projection's checkpoint. */
export const PROJECTIONS_DECLARATIONS: SliceDeclarations = {
  owner: 'projections',
  migrations: [ProjectionCheckpoints1764000000200],
  projections: [],
};
