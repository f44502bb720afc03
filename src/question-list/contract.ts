/** What the question list publishes to other slices: the schema of a question as the lists show it, which the follow-up's and the outstanding log's answers embed. */
export { QuestionSummary } from './question-queries.responses';
