import type { Projection } from '../projections/projection';
import { questionViewsProjection } from './question-views.projection';

/** The question slice's projections, for the projection engine to run (src/projections/). */
export const QUESTION_PROJECTIONS: Projection[] = [questionViewsProjection];
