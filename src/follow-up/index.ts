import type { Projection } from '../projections/projection';
import { followUpHistoryProjection } from './follow-up-history.projection';

/** The follow-up slice's projections, for the projection engine to run (src/projections/). */
export const FOLLOW_UP_PROJECTIONS: Projection[] = [followUpHistoryProjection];

/** An organisation's follow-up as of an instant, as the audit's time travel answers it too. */
export { OrganisationFollowUpAsOf } from './follow-up.responses';
