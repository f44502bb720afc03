/** What the question list publishes to other slices: a question as the lists show it, which the follow-up matrix and the outstanding log embed. */
export { QuestionSummary } from './question-queries.responses';
/** The projection behind the question views: a writer waits for it to read its own write (read-your-writes). */
export { questionViewsProjection } from './question-views.projection';
