import { ROLES, isRole } from '../auth/roles';
import {
  DECISION_BODY_LABELS,
  DECISION_OUTCOME_LABELS,
  type DecisionBody,
  type DecisionOutcome,
  LOGIC_LABELS,
  type MemberDecisionState,
  QUESTION_STAGE_LABELS,
  type QuestionLogic,
  type QuestionStage,
  fullNameOf,
} from '../questions/contract';
import { FORUMS } from '../reference-data/forums';
import { ORGANISATIONS } from '../reference-data/organisations';
import { effectiveDateOf } from '../shared-kernel/calendar';
import { swedishTime } from './audit-log';
import type { Dossier, DossierEvent } from './dossier';

/**
 * The dossier as a printable HTML document in Swedish, self-contained (no
 * scripts, no external style sheets or fonts), so it can be archived as it is or
 * printed to PDF/A from a browser. Everything shown comes from the dossier JSON;
 * every value is escaped.
 */
export function renderDossierHtml(dossier: Dossier): string {
  const { state, integrity } = dossier;
  const org = organisationNamer(dossier);
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Akt: ${escape(state.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <p class="kicker">Samverkan Värmland · Frågespår · Akt för arkivering</p>
  <h1>${escape(state.title)}</h1>
  <dl class="meta">
    ${row('Fråga (id)', code(dossier.questionId))}
    ${row('Händelseström', code(dossier.streamId))}
    ${row('Utskriven', `${escape(swedishTime(dossier.exportedAt))} av ${escape(dossier.exportedBy.displayName)} (${escape(roleName(dossier.exportedBy.role))}, ${escape(org(dossier.exportedBy.organisationId))})`)}
    ${row('Revision', `${dossier.revision} (${integrity.events} händelser)`)}
  </dl>
</header>

<section>
  <h2>Frågans läge vid utskriften</h2>
  <dl>
    ${row('Skede', escape(stageName(state.stage)))}
    ${row('Väckt av', escape(state.raisedBy.kind === 'forum' ? (dossier.forumsToday[state.raisedBy.id] ?? raiserName(state.raisedBy, org)) : raiserName(state.raisedBy, org)))}
    ${row('Väckt (inträffade)', escape(state.raisedOn))}
    ${row('Väckt (registrerad)', escape(swedishTime(state.raisedAt)))}
    ${row('Sakområde', escape(state.topicArea))}
    ${row('Beskrivning', paragraphs(state.description))}
    ${state.forum ? row('Forum', escape(dossier.forumsToday[state.forum] ?? forumName(state.forum))) : ''}
    ${state.logic ? row('Logik', escape(LOGIC_LABELS[state.logic as QuestionLogic].sv)) : ''}
    ${state.responsible ? row('Ansvarig tjänsteperson', escape(`${state.responsible.name}, ${org(state.responsible.organisationId)}`)) : ''}
    ${state.documents.length ? row('Dokument', list(state.documents.map((d) => `${escape(d.title)} <span class="url">${escape(d.url)}</span>`))) : ''}
    ${state.closure ? row('Avslutad', escape(`${stageName(state.closure.stage)} ${swedishTime(state.closure.at)}: ${state.closure.reason}`)) : ''}
  </dl>
  ${positionSection(dossier)}
</section>

<section>
  <h2>Händelser</h2>
  <p class="note">Varje händelse som lagrats för frågan, i ordning. Tider anges i svensk tid. Kontrollsumman (SHA-256) för varje
  händelse räknas över händelsens innehåll och föregående händelses kontrollsumma; se avsnittet Kontroll.</p>
  ${dossier.events.map((entry) => eventSection(entry, org)).join('\n')}
</section>

<section class="integrity">
  <h2>Kontroll</h2>
  ${
    integrity.intact
      ? `<p class="ok">Kedjan av kontrollsummor är obruten: alla ${integrity.events} händelser ger sina lagrade kontrollsummor och pekar på händelsen före.</p>`
      : `<p class="broken">Kedjan av kontrollsummor är BRUTEN vid revision ${integrity.firstBroken?.revision}: ${escape(integrity.firstBroken?.detail ?? '')}.</p>`
  }
  <dl>
    ${row('Senaste händelsens kontrollsumma', code(integrity.headHash ?? '–'))}
    ${row('Format', code(dossier.format))}
  </dl>
  <p class="note">Så kontrolleras akten: kontrollsumman för den senaste händelsen täcker hela strömmen. Jämför den med
  <code>GET /questions/${escape(dossier.questionId)}/history</code> eller med en ny utskrift; hela loggen kontrolleras med
  <code>GET /audit/verify</code>. Beräkningen beskrivs i Frågespårs dokumentation (docs/audit.md).</p>
</section>
</body>
</html>
`;
}

function positionSection(dossier: Dossier): string {
  const { state } = dossier;
  const org = organisationNamer(dossier);
  const parts: string[] = [];
  if (state.position) {
    const p = state.position;
    parts.push(`<h3>Ställningstagande ${p.number} (gäller)</h3>
  <dl>
    ${row('Ställningstagande', paragraphs(p.text))}
    ${meetingAndRecording(p.meetingReference, p.takenAt, p.takenBy.displayName)}
    ${row('Beslut senast', escape(p.decideBy))}
    ${row('Ska besluta', escape(p.organisationsToDecide.map(org).join(', ')))}
    ${row('Har inte beslutat', escape(state.pendingDecisions.length ? state.pendingDecisions.map(org).join(', ') : 'Alla har beslutat'))}
  </dl>
  ${decisionTable(state.memberDecisions, org)}`);
  }
  for (const earlier of state.earlierPositions) {
    parts.push(`<h3>Ställningstagande ${earlier.number} (återförvisat ${escape(swedishTime(earlier.sentBackAt))})</h3>
  <dl>
    ${row('Ställningstagande', paragraphs(earlier.text))}
    ${meetingAndRecording(earlier.meetingReference, earlier.takenAt, earlier.takenBy.displayName)}
    ${row('Skäl för återförvisning', escape(earlier.sentBackReason))}
  </dl>
  ${decisionTable(earlier.memberDecisions, org)}`);
  }
  return parts.join('\n');
}

/**
 * When a position was taken and when it was written down are two dates that
 * can lie days apart: the meeting's day (sammanträdesdag), read from the
 * meeting reference ("Ordföranderådet 2025-02-14 § 7", which a position taken
 * at a meeting always carries), and the time it was recorded here. Both are
 * shown, each named; a reference that names no day says so.
 */
function meetingAndRecording(meetingReference: string | null, recordedAt: string, recordedBy: string): string {
  const meetingDay = meetingDayOf(meetingReference);
  return [
    row('Sammanträdesdag', meetingDay ? escape(meetingDay) : '<span class="note">ej angiven (ingen sammanträdesdag i protokollshänvisningen)</span>'),
    meetingReference ? row('Protokoll', escape(meetingReference)) : '',
    row('Registrerat i Frågespår', escape(`${swedishTime(recordedAt)} av ${recordedBy}`)),
  ].join('\n    ');
}

/** The meeting's day named in a meeting reference (`YYYY-MM-DD`), if it names a real one. */
export function meetingDayOf(meetingReference: string | null | undefined): string | null {
  const day = /(?:^|\D)(\d{4}-\d{2}-\d{2})(?!\d)/.exec(meetingReference ?? '')?.[1];
  if (!day) return null;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day ? day : null;
}

function decisionTable(decisions: Partial<Record<string, MemberDecisionState>>, org: OrganisationNamer): string {
  const rows = Object.values(decisions).filter((d): d is MemberDecisionState => d !== undefined);
  if (rows.length === 0) return '';
  return `<table>
    <thead><tr><th>Organisation</th><th>Organ</th><th>Datum</th><th>Utfall</th><th>Protokoll</th><th>Anmärkning</th></tr></thead>
    <tbody>${rows
      .sort((a, b) => org(a.organisationId).localeCompare(org(b.organisationId), 'sv'))
      .map((d) => {
        const c = d.current;
        const corrected = c.correctionReason
          ? `Rättat: ${c.correctionReason} (${d.earlierVersions.length} tidigare version${d.earlierVersions.length === 1 ? '' : 'er'})`
          : '';
        return `<tr><td>${escape(org(d.organisationId))}</td><td>${escape(c.bodyName ?? bodyName(c.body))}</td><td>${escape(c.decidedOn)}</td><td>${escape(outcomeName(c.outcome))}</td><td>${escape(c.reference)}</td><td>${escape([c.note ?? '', corrected].filter(Boolean).join(' · '))}</td></tr>`;
      })
      .join('')}</tbody>
  </table>`;
}

function eventSection(entry: DossierEvent, org: OrganisationNamer): string {
  const { metadata } = entry;
  const shown = (entry.dataInCurrentShape ?? entry.data) as Record<string, unknown>;
  const fields = Object.entries(shown ?? {}).filter(([key]) => key !== 'questionId');
  return `<article class="event">
  <h3><span class="revision">${entry.revision}</span> ${escape(entry.label)}</h3>
  <dl>
    ${row('Inträffade', escape(effectiveDateOf(metadata)))}
    ${row('Registrerad', escape(swedishTime(metadata.occurredAt)))}
    ${entry.type === 'PositionTaken' ? row('Sammanträdesdag', escape(meetingDayOf((shown as { meetingReference?: string }).meetingReference) ?? 'ej angiven')) : ''}
    ${row('Vem', escape(`${metadata.actor.displayName} (${metadata.actor.userId}), ${roleName(metadata.actor.role)}, ${org(metadata.actor.organisationId)}`))}
    ${metadata.reason ? row('Skäl', escape(metadata.reason)) : ''}
    ${fields.map(([key, value]) => row(fieldName(key), valueHtml(key, value, entry.forums, org))).join('\n    ')}
  </dl>
  <p class="trace">Händelse ${code(entry.eventId)} · ${escape(entry.type)} version ${entry.schemaVersion}${
    entry.dataInCurrentShape !== undefined ? ' (lagrad i äldre form, visas i nuvarande)' : ''
  } · lagrad ${escape(swedishTime(entry.recordedAt))} · position ${escape(entry.position)}<br>
  Kommando ${code(metadata.commandId)} · korrelation ${code(metadata.correlationId)} · orsak ${code(metadata.causationId)}<br>
  Kontrollsumma ${code(entry.hash)}<br>Föregående ${code(entry.previousHash)}</p>
</article>`;
}

const FIELD_NAMES: Record<string, string> = {
  title: 'Titel',
  description: 'Beskrivning',
  raisedBy: 'Väckt av',
  topicArea: 'Sakområde',
  documents: 'Dokument',
  forum: 'Forum',
  logic: 'Logik',
  responsible: 'Ansvarig tjänsteperson',
  reason: 'Skäl',
  fromForum: 'Från forum',
  toForum: 'Till forum',
  heldOn: 'Mötesdatum',
  summary: 'Sammanfattning',
  organisationId: 'Organisation',
  content: 'Inspel',
  consultationId: 'Remiss',
  subject: 'Ämne',
  parties: 'Tillfrågade parter',
  answerBy: 'Svar senast',
  answer: 'Svar',
  amendsEarlierAnswer: 'Ersätter tidigare svar',
  unansweredOrganisations: 'Svarade inte',
  reference: 'Referens',
  proposedPosition: 'Föreslaget ställningstagande',
  url: 'Länk',
  text: 'Ställningstagande',
  organisationsToDecide: 'Ska besluta',
  decideBy: 'Beslut senast',
  meetingReference: 'Protokoll',
  droppedOrganisations: 'Behöver inte längre besluta',
  body: 'Beslutande organ',
  bodyName: 'Organets namn',
  decidedOn: 'Beslutsdatum',
  outcome: 'Utfall',
  note: 'Anteckning',
  reportedTo: 'Återkopplat till',
  reportedOn: 'Återkopplat',
  allDecisionsIn: 'Alla beslut inne',
  outstandingOrganisations: 'Hade inte beslutat',
  reopenedToStage: 'Återöppnad i skedet',
};

const ORGANISATION_FIELDS = new Set([
  'organisationId',
  'parties',
  'unansweredOrganisations',
  'organisationsToDecide',
  'droppedOrganisations',
  'outstandingOrganisations',
]);
const FORUM_FIELDS = new Set(['forum', 'fromForum', 'toForum']);

function valueHtml(key: string, value: unknown, forums: DossierEvent['forums'], org: OrganisationNamer): string {
  if (value === undefined || value === null) return '–';
  if (ORGANISATION_FIELDS.has(key)) {
    const ids = Array.isArray(value) ? value : [value];
    return ids.length === 0 ? '–' : escape(ids.map((id) => org(String(id))).join(', '));
  }
  if (FORUM_FIELDS.has(key)) return forumThen(String(value), forums);
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  switch (key) {
    case 'logic':
      return escape(LOGIC_LABELS[value as QuestionLogic]?.sv ?? String(value));
    case 'body':
      return escape(bodyName(value as DecisionBody));
    case 'outcome':
      return escape(outcomeName(value as DecisionOutcome));
    case 'reopenedToStage':
      return escape(stageName(value as QuestionStage));
    case 'raisedBy': {
      const raiser = value as { kind: string; id: string };
      return raiser.kind === 'forum' ? forumThen(raiser.id, forums) : escape(raiserName(raiser, org));
    }
    case 'responsible': {
      const official = value as { givenName?: string; familyName?: string; name?: string; organisationId: string };
      const name = official.name ?? fullNameOf({ givenName: official.givenName ?? '', familyName: official.familyName ?? '' });
      return escape(`${name}, ${org(official.organisationId)}`);
    }
    case 'documents':
      return list((value as Array<{ title: string; url: string }>).map((d) => `${escape(d.title)} <span class="url">${escape(d.url)}</span>`));
    case 'description':
    case 'text':
    case 'proposedPosition':
    case 'summary':
    case 'content':
    case 'answer':
      return paragraphs(String(value));
    default:
      return typeof value === 'object' ? code(JSON.stringify(value)) : escape(String(value));
  }
}

const organisationNames = new Map<string, string>(ORGANISATIONS.map((o) => [o.id, o.name]));
const forumNames = new Map<string, string>(FORUMS.map((f) => [f.id, f.nameSv]));

/** A forum as the register named it on the event's day, with today's name beside it where they differ. */
function forumThen(id: string, forums: DossierEvent['forums']): string {
  const named = forums.find((forum) => forum.id === id);
  if (!named) return escape(forumName(id));
  if (named.nameThen === named.nameToday) return escape(named.nameThen);
  return `${escape(named.nameThen)} <span class="note">(i dag ${escape(named.nameToday)})</span>`;
}

type OrganisationNamer = (id: string) => string;
/** An organisation by the register's name the dossier carries (another collaboration's too), else the default data's, else its id. */
const organisationNamer =
  (dossier: Dossier): OrganisationNamer =>
  (id) =>
    dossier.organisationNames?.[id] ?? organisationNames.get(id) ?? id;
const forumName = (id: string) => forumNames.get(id) ?? id;
const roleName = (role: string) => (isRole(role) ? ROLES[role].label : role);
const stageName = (stage: QuestionStage) => QUESTION_STAGE_LABELS[stage]?.sv ?? stage;
const bodyName = (body: DecisionBody) => DECISION_BODY_LABELS[body]?.sv ?? body;
const outcomeName = (outcome: DecisionOutcome) => DECISION_OUTCOME_LABELS[outcome]?.sv ?? outcome;
const fieldName = (key: string) => FIELD_NAMES[key] ?? key;
const raiserName = (raiser: { kind: string; id: string }, org: OrganisationNamer) => (raiser.kind === 'forum' ? forumName(raiser.id) : org(raiser.id));

const row = (term: string, html: string) => `<div><dt>${escape(term)}</dt><dd>${html}</dd></div>`;
const code = (text: string) => `<code>${escape(text)}</code>`;
const list = (items: string[]) => `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
  @page { size: A4; margin: 20mm 18mm; }
  body { font-family: Georgia, "Times New Roman", serif; font-size: 11pt; line-height: 1.4; color: #000; max-width: 180mm; margin: 0 auto; }
  h1 { font-size: 18pt; margin: 0.2em 0 0.6em; }
  h2 { font-size: 14pt; border-bottom: 1px solid #000; margin-top: 1.6em; }
  h3 { font-size: 12pt; margin: 1em 0 0.3em; }
  .kicker { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.05em; margin: 0; }
  dl { margin: 0.3em 0; }
  dl > div { display: flex; gap: 1em; padding: 0.1em 0; }
  dt { flex: 0 0 45mm; font-weight: bold; }
  dd { margin: 0; flex: 1; }
  dd p { margin: 0 0 0.4em; }
  ul { margin: 0; padding-left: 1.2em; }
  table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 0.5em 0; }
  th, td { border: 1px solid #777; padding: 2px 4px; text-align: left; vertical-align: top; }
  code { font-family: "Courier New", monospace; font-size: 8.5pt; word-break: break-all; }
  .event { border-top: 1px solid #bbb; padding-top: 0.3em; page-break-inside: avoid; break-inside: avoid; }
  .revision { display: inline-block; min-width: 2em; font-family: "Courier New", monospace; }
  .trace { font-size: 8.5pt; color: #333; margin: 0.3em 0 0; }
  .note { font-size: 9.5pt; }
  .url { font-family: "Courier New", monospace; font-size: 8.5pt; word-break: break-all; }
  .ok { font-weight: bold; }
  .broken { font-weight: bold; color: #a00; }
  @media print { a { color: #000; text-decoration: none; } }
`;
