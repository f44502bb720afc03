/**
 * What the follow-up publishes to other slices: what an organisation owes or
 * did on a question as a row and as people read it, and the queries of its
 * rows that other slices' statements select from (the outstanding log's open
 * items, the registrars' word of what falls due), the projection they
 * wait for, and an organisation's follow-up as of a date, which the audit
 * answers embed; the follow-up as recorded by an instant or as in effect on a
 * day, which the web pages show.
 */
export { OrganisationFollowUpAsOf } from './follow-up.responses';
export { OBLIGATION_HISTORY_PROJECTION, owedDecisionsAndAnswersDueBy, owedItemsColumn } from './follow-up-history.projection';
export { type ObligationRow, obligationRow } from './obligation-history';
export { FollowUpAsOfQueries, type FollowUpPoint, gridPointOf, pointOf } from './follow-up-as-of.queries';
/** The follow-up as it stands now, by organisation and as the grid of decisions (the pages and their exports read it). */
export { FollowUpQueries, presentObligation, theOrganisation } from './follow-up.queries';
export { FollowUpMatrixQueryDto, OrganisationFollowUpQueryDto } from './follow-up.dto';
