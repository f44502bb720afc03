/**
 * What the audit publishes to the pages (src/web/): the log and its
 * verification, a question's history as the auditor reads it (each event and
 * whether the stream's chain holds), and the dossier, built and as HTML.
 * Nothing else in the folder is for other slices (`npm run lint:deps`, rule
 * `slice-through-its-contract`).
 */
export { AuditLog, type VerificationReport } from './audit-log';
export { type HistoryEntry, type StreamIntegrity, historyEntry, integrityOf } from './question-history';
export { buildDossier } from './dossier';
export { renderDossierHtml } from './dossier-html';
