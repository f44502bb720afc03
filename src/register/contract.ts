/**
 * What the structure register publishes to other slices: the reader their
 * rules ask (is this organisation a member, is this person in the working
 * group, on a date), the structure as of a date, and what each
 * organisation's registrars were told.
 */
export { RegisterReader, type ForumNaming, namesOf, requireMembers, structureFactsOf, structureIn, type StructureNames } from './register-reader';
/** The organisations and forums for lists, names and paths: the register's, or the default data's while it is empty. */
export { StructureDirectory, forumsOf, organisationsOf, type DirectoryForum, type DirectoryOrganisation } from './structure-directory';
export { registerDecider } from './register.decider';
export { forumNameOn, forumNamesOn, structureAsOf, type StructureAsOf } from './structure-as-of';
export { isEmpty, isMemberOn, type StructureState } from './register.state';
export { RegistrarNotificationQueries, type RegistrarNotificationItem } from './registrar-notification-queries';
export { REGISTRAR_NOTIFICATION_KINDS, type RegistrarNotificationKind } from './registrar-notifications.projection';
/** The annual report on the structure (GET /reports/structure/:year and its page). */
export { StructureReports } from './structure-reports';
export { type StructureReport } from './structure-report';
export { registerProjection } from './register.projection';
export { StructureFileError, structureFileDirectory } from './structure-file';
/** What `npm run token` checks its options against: the register where it can be read, else the structure file. */
export { tokenDirectory, type TokenDirectory } from './token-directory';
