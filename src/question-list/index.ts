import type { Projection } from '../projections/projection';
import { questionViewsProjection } from './question-views.projection';

/** The question slice's projections, for the projection engine to run (src/projections/). */
export const QUESTION_PROJECTIONS: Projection[] = [questionViewsProjection];

/** A question as lists show it, for the answers of other slices that embed it (the follow-up matrix, the log). */
export { QuestionSummary } from './question-queries.responses';
