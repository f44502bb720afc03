/** What the question list publishes to other slices: the schemas of a question as the lists show it, which the follow-up, the outstanding log and the assignments' answers embed. */
export { QuestionSummary, SvEnLabels } from './question-queries.responses';
