/**
 * What meetings publish to the views that list them beside questions (the
 * outstanding log, the pages): the queries over their read model and the
 * projection to wait for.
 */
export { MeetingQueries } from './meeting-queries';
export { MEETINGS_PROJECTION } from './meeting.projection';
/** A meeting's agenda as its page and documents show it. */
export { agendaDocument } from './meeting-documents';
/** The meeting's stored events, for reports read from the log (the structure's annual report). */
export { type MeetingEvent, isMeetingEventType } from './meeting.events';
