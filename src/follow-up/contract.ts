/** What the follow-up publishes to other slices: an organisation's follow-up as of a date, which the audit answers embed. */
export { OrganisationFollowUpAsOf } from './follow-up.responses';
