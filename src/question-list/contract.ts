/**
 * What the question list publishes to the views that read beside it (the
 * follow-up, the outstanding log, meetings): a question as the lists show
 * it — its row in rm_question (`QUESTION_SUMMARY_COLUMNS`, alias `q`) and
 * its presentation — the filters the lists share, the tally of questions per
 * forum and stage, and the name of the projection to wait for.
 */
export { QuestionSummary } from './question-queries.responses';
export { QUESTION_SUMMARY_COLUMNS, type QuestionSummaryRow, SqlFilter, type StructureNames, forumRef, presentQuestion } from './question-presentation';
export { questionFilter } from './question-queries';
/** The question list's rows (alias `q`), alone or joined to a relation of the caller's: what the outstanding log pages. */
export { questionRows } from './question-queries';
/** Reads of a question's row for the slices that answer from the question list: the questions raised by an instant (the audit's follow-up), the decision documents (agenda proposals). */
export { decisionDocumentsOf, questionsRaisedBy } from './question-queries';
/** The lists themselves (the pages read them) and the filter parameters other lists accept too (the outstanding log). */
export { QuestionQueries } from './question-queries';
export { QuestionFilterDto } from './question-queries.dto';
export { questionsInTally } from './question-tallies';
export { QUESTION_LIST_PROJECTION } from './question-views.projection';
/** The projection behind the question views: a writer waits for it to read its own write (read-your-writes). */
export { questionViewsProjection } from './question-views.projection';
/** A question event as the timeline tells it, with the forums it names as they were named then (the dossier names them so too). */
export { type ForumNamedThen, type ForumNaming, presentTimelineEntry } from './timeline-entry';
