/** What the question list publishes to other slices: a question as the lists show it, which the follow-up matrix and the outstanding log embed. */
export { QuestionSummary } from './question-queries.responses';
