/**
 * What assignments publish to the views that list them beside questions (the
 * question list, the outstanding log): the queries over their read model and
 * the projection to wait for.
 */
export { AssignmentQueries } from './assignment-queries';
export { ASSIGNMENTS_PROJECTION } from './assignment.projection';
