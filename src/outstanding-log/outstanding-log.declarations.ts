import type { SliceDeclarations } from '../wiring/slice-declarations';
import { OutstandingLogOwnProjection1764000002410 } from './outstanding-log-own-projection.migration';
import { outstandingLogProjection } from './outstanding-log.projection';
import { OrganisationViews1764000001500 } from './organisation-views.migration';
import { OwedTally1764000002000 } from './owed-tally.migration';

/** The `outstanding-log` projection (what is owed, and its tally) and its tables. */
export const OUTSTANDING_LOG_DECLARATIONS: SliceDeclarations = {
  owner: 'outstanding-log',
  migrations: [OrganisationViews1764000001500, OwedTally1764000002000, OutstandingLogOwnProjection1764000002410],
  projections: [outstandingLogProjection],
};
