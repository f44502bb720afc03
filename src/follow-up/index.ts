import type { Projection } from '../projections/projection';
import { followUpHistoryProjection } from './follow-up-history.projection';

/** The follow-up slice's projections, for the projection engine to run (src/projections/). */
export const FOLLOW_UP_PROJECTIONS: Projection[] = [followUpHistoryProjection];
