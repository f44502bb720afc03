/**
 * The documents people read: the agenda (dagordning) and the minutes
 * (protokoll) as JSON and as a printable Swedish HTML page, and the forum's
 * calendar as iCalendar (RFC 5545). Built from a meeting's folded state.
 * Dates and times are shown in the time zone passed in (TIME_ZONE).
 */
import { FORUMS } from '../reference-data/forums';
import { calendarDateOf } from '../shared-kernel/calendar';
import { ORGANISATIONS } from '../reference-data/organisations';
import type { Adjuster, AgendaItem, AgendaItemKind, AgendaItemLogic } from './meeting.events';
import type { ExistingMeetingState } from './meeting.state';

const KIND_LABELS: Record<AgendaItemKind, string> = { information: 'Information', dialogue: 'Dialog', position: 'Ställningstagande', decision: 'Beslut' };
const LOGIC_LABELS: Record<AgendaItemLogic, string> = { process: 'Processlogik', decision: 'Beslutslogik' };

/**
 * The structure register's names (RegisterReader.forumNaming): a forum as it
 * was named on the meeting's day, an organisation by its name — another
 * collaboration's too. Without it (an empty register), or for an id it does
 * not know, the default data's name, or the id.
 */
export interface DocumentNaming {
  namesOn(forumId: string, date: string): { sv: string; en: string } | undefined;
  organisationName?(organisationId: string): string | undefined;
}

/** The forum's Swedish name on the day (YYYY-MM-DD; default: as the default data names it). */
const forumName = (id: string, naming?: DocumentNaming, day?: string) =>
  (day ? naming?.namesOn(id, day)?.sv : undefined) ?? FORUMS.find((forum) => forum.id === id)?.nameSv ?? id;
const organisationName = (id: string, naming?: DocumentNaming) =>
  naming?.organisationName?.(id) ?? ORGANISATIONS.find((organisation) => organisation.id === id)?.name ?? id;
/** The meeting's day, for naming its forum as it was named then (the UTC date of its start: a meeting is held in the daytime). */
const dayOf = (meeting: ExistingMeetingState) => meeting.startsAt.slice(0, 10);

function meetingHeader(meeting: ExistingMeetingState, naming?: DocumentNaming) {
  return {
    id: meeting.id,
    forum: { id: meeting.forum, name: forumName(meeting.forum, naming, dayOf(meeting)) },
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    place: meeting.place,
    digitalLink: meeting.digitalLink,
    agendaDeadline: meeting.agendaDeadline,
  };
}

function presentItem(item: AgendaItem, index: number) {
  return {
    number: index + 1,
    itemId: item.itemId,
    title: item.title,
    kind: { code: item.kind, label: KIND_LABELS[item.kind] },
    logic: { code: item.logic, label: LOGIC_LABELS[item.logic] },
    questionId: item.questionId ?? null,
    documents: item.documents,
    late: item.late,
    origin: item.origin,
  };
}

export function agendaDocument(meeting: ExistingMeetingState, naming?: DocumentNaming) {
  return {
    meeting: meetingHeader(meeting, naming),
    status: meeting.agendaPublishedAt ? ('published' as const) : ('draft' as const),
    publishedAt: meeting.agendaPublishedAt,
    items: meeting.agenda.map(presentItem),
    amendments: meeting.amendments.map(({ added, removedItemIds, reason, amendedAt }) => ({
      addedItemIds: added.map((item) => item.itemId),
      removedItemIds,
      reason,
      amendedAt,
    })),
  };
}

/** An adjuster as the documents name them: by name and organisation (user ids stay in the record). */
const person = ({ name, organisationId }: Adjuster) => ({ name, ...(organisationId ? { organisationId } : {}) });

export function minutesDocument(meeting: ExistingMeetingState, naming?: DocumentNaming) {
  const minutes = meeting.minutes;
  return {
    meeting: meetingHeader(meeting, naming),
    status: minutes?.status ?? null,
    attendance: (meeting.attendance ?? []).map((entry) => ({
      ...entry,
      organisation: { id: entry.organisationId, name: organisationName(entry.organisationId, naming) },
    })),
    items: meeting.agenda.map((item, index) => {
      const outcome = meeting.outcomes.find((entry) => entry.itemId === item.itemId);
      return {
        ...presentItem(item, index),
        outcome: outcome
          ? { status: outcome.status, summary: outcome.summary, ...(outcome.position ? { position: outcome.position } : {}), recordedAt: outcome.recordedAt }
          : null,
      };
    }),
    // Who approved when: each named adjuster with their own approval of this draft, if given.
    adjusters: (minutes?.adjusters ?? []).map((adjuster) => {
      const signature = (minutes?.signatures ?? []).find((signed) => adjuster.userId !== null && signed.adjuster.userId === adjuster.userId);
      return { ...person(adjuster), approved: signature ? { adjustedOn: signature.adjustedOn, approvedAt: signature.approvedAt } : null };
    }),
    notes: minutes?.notes ?? null,
    approval: minutes?.approval
      ? { adjustedBy: minutes.approval.adjustedBy.map(person), adjustedOn: minutes.approval.adjustedOn, approvedAt: minutes.approval.approvedAt }
      : null,
    publishedAt: minutes?.publishedAt ?? null,
    corrections: (minutes?.corrections ?? []).map(({ itemId, correction, reason, correctedAt }) => ({
      itemId: itemId ?? null,
      correction,
      reason,
      correctedAt,
    })),
  };
}

// ─── HTML ────────────────────────────────────────────────────────────────────

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** Local time in Swedish, e.g. "10 december 2026 kl. 09:00". */
export function swedishDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(date);
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit' }).format(date);
  return `${day} kl. ${time}`;
}

/**
 * A meeting as the public routes show it: the digital link is for those taking
 * part (anyone holding it could join), so it is never published; the rest of
 * a published agenda or minutes is public. See docs/meetings.md, "What is public".
 */
export function publicView(meeting: ExistingMeetingState): ExistingMeetingState {
  return { ...meeting, digitalLink: null };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: Georgia, serif; max-width: 48rem; margin: 2rem auto; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; }
.sen { color: #a00; font-style: italic; } .meta { color: #444; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; } .paragraf p { margin: .25rem 0; } .rattelse { border-left: 3px solid #a00; padding-left: .5rem; }
.underskrifter { display: flex; flex-wrap: wrap; gap: 2rem 3rem; margin-top: 1rem; } .underskrift { width: 16rem; break-inside: avoid; }
.underskrift .linje { border-bottom: 1px solid #000; height: 3rem; margin: 0 0 .25rem; }
@media print { body { margin: 0; } a { color: inherit; } }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function meetingLines(meeting: ExistingMeetingState, timeZone: string, naming?: DocumentNaming): string {
  const link = meeting.digitalLink ? `digitalt: <a href="${escapeHtml(meeting.digitalLink)}">${escapeHtml(meeting.digitalLink)}</a>` : null;
  const where = [meeting.place ? escapeHtml(meeting.place) : null, link].filter(Boolean).join('; ');
  return `<p class="meta">${escapeHtml(forumName(meeting.forum, naming, dayOf(meeting)))}<br>Tid: ${escapeHtml(swedishDateTime(meeting.startsAt, timeZone))}<br>Plats: ${where}</p>`;
}

/** The documents sent out in advance for an item, linked where they have an address. */
function documentsHtml(item: ReturnType<typeof presentItem>): string {
  return item.documents
    .map(
      (document) =>
        (document.url ? `<a href="${escapeHtml(document.url)}">${escapeHtml(document.title)}</a>` : escapeHtml(document.title)) +
        (document.reference ? ` (${escapeHtml(document.reference)})` : ''),
    )
    .join(', ');
}

function itemHtml(item: ReturnType<typeof presentItem>): string {
  const documents = item.documents.length ? `<br>Handlingar: ${documentsHtml(item)}` : '';
  return `<li value="${item.number}"><strong>${escapeHtml(item.title)}</strong><br>${item.kind.label} · ${item.logic.label}${item.late ? ' · <span class="sen">inkommen efter sista dag för ärenden</span>' : ''}${documents}</li>`;
}

export function agendaHtml(meeting: ExistingMeetingState, timeZone: string, naming?: DocumentNaming): string {
  const document = agendaDocument(meeting, naming);
  const amendments = document.amendments.length
    ? `<h2>Ändringar i dagordningen</h2><ul>${document.amendments.map((amendment) => `<li>${escapeHtml(swedishDateTime(amendment.amendedAt, timeZone))}: ${escapeHtml(amendment.reason)}</li>`).join('')}</ul>`
    : '';
  return page(
    `Dagordning – ${meeting.title}`,
    `<h1>Dagordning – ${escapeHtml(meeting.title)}</h1>
${meetingLines(meeting, timeZone, naming)}
<p class="meta">${document.status === 'published' ? `Publicerad ${escapeHtml(swedishDateTime(document.publishedAt!, timeZone))}` : 'Utkast – ej publicerad'}</p>
<ol>
${document.items.map((item) => itemHtml(item)).join('\n')}
</ol>
${amendments}`,
  );
}

/** Whoever the attendance list names as chair (capacity "ordförande"), for the chair's signature line; else the line is left for a name. */
function chairOf(document: ReturnType<typeof minutesDocument>): string | null {
  return document.attendance.find((entry) => entry.status === 'attended' && entry.name && /ordförande/i.test(entry.capacity ?? ''))?.name ?? null;
}

/** Text written by people, as paragraphs: blank lines part them, single line breaks stay. */
function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * The minutes (protokoll) as they are read and signed: the meeting, the
 * attendance list, each item as a numbered paragraph (§ 1, § 2 … — the number
 * the meeting reference carries into the question), its outcome and any
 * correction made to it since approval, the minutes' notes, and signature
 * lines for the chair and each adjuster (justerare) with whether and when they
 * approved. Every text written by a person is escaped.
 */
export function minutesHtml(meeting: ExistingMeetingState, timeZone: string, naming?: DocumentNaming): string {
  const document = minutesDocument(meeting, naming);
  const numberOf = new Map(document.items.map((item) => [item.itemId, item.number]));
  const attendance = `<table><thead><tr><th>Part</th><th>Närvarande</th><th>Roll</th><th>Digitalt</th></tr></thead><tbody>
${document.attendance
  .map(
    (entry) =>
      `<tr><td>${escapeHtml(entry.organisation.name)}</td><td>${entry.status === 'attended' ? escapeHtml(entry.name ?? 'Ja') : 'Frånvarande'}</td><td>${escapeHtml(entry.capacity ?? '')}</td><td>${entry.digital ? 'Ja' : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  const correctionHtml = (correction: (typeof document.corrections)[number]) =>
    `${escapeHtml(swedishDateTime(correction.correctedAt, timeZone))}: ${escapeHtml(correction.correction)} (skäl: ${escapeHtml(correction.reason)})`;
  const items = document.items
    .map((item) => {
      const outcome = item.outcome
        ? `<p>${escapeHtml(item.outcome.summary)}${item.outcome.status === 'continued' ? ' <em>(fortsätter vid nästa sammanträde)</em>' : ''}</p>${
            item.outcome.position
              ? `<p>Ställningstagande: ${escapeHtml(item.outcome.position.text)}<br>Beslut tas i: ${item.outcome.position.organisationsToDecide.map((id) => escapeHtml(organisationName(id, naming))).join(', ')} senast ${escapeHtml(item.outcome.position.decideBy)}</p>`
              : ''
          }`
        : '<p><em>Inget utfall registrerat</em></p>';
      const corrections = document.corrections
        .filter((correction) => correction.itemId === item.itemId)
        .map((correction) => `<p class="rattelse"><strong>Rättelse</strong> ${correctionHtml(correction)}</p>`)
        .join('');
      const documents = item.documents.length ? `<p class="meta">Handlingar: ${documentsHtml(item)}</p>` : '';
      return `<section class="paragraf" id="paragraf-${item.number}">
<h3>§ ${item.number} ${escapeHtml(item.title)}</h3>
<p class="meta">${item.kind.label} · ${item.logic.label}${item.late ? ' · <span class="sen">inkommen efter sista dag för ärenden</span>' : ''}</p>
${documents}${outcome}${corrections}
</section>`;
    })
    .join('\n');
  const notes = document.notes ? `<h2>Anteckningar</h2>\n${paragraphsHtml(document.notes)}` : '';
  // Minutes approved before each adjuster's approval was recorded (MinutesApproved version 1) show the joint approval only.
  const status = (entry: (typeof document.adjusters)[number]) =>
    entry.approved ? `: justerade ${escapeHtml(swedishDateTime(entry.approved.approvedAt, timeZone))}` : document.approval ? '' : ': har inte justerat';
  const adjusterName = (entry: (typeof document.adjusters)[number]) =>
    `${escapeHtml(entry.name)}${entry.organisationId ? `, ${escapeHtml(organisationName(entry.organisationId, naming))}` : ''}`;
  const approval = `${
    document.approval
      ? `<p>Justerat ${escapeHtml(document.approval.adjustedOn)} av ${document.approval.adjustedBy.map((entry) => escapeHtml(entry.name)).join(', ')}.</p>`
      : '<p class="meta">Ej justerat.</p>'
  }
<p>Justerare:</p>
<ul>${document.adjusters.map((entry) => `<li>${adjusterName(entry)}${status(entry)}</li>`).join('')}</ul>`;
  const signature = (role: string, name: string | null, note = '') =>
    `<div class="underskrift"><p class="linje"></p><p>${role}${name ? `<br>${name}` : '<br><span class="meta">Namnförtydligande</span>'}${note}</p></div>`;
  const chair = chairOf(document);
  const signatures = `<h2>Underskrifter</h2>
<div class="underskrifter">
${signature('Ordförande', chair ? escapeHtml(chair) : null)}
${document.adjusters
  .map((entry) =>
    signature(
      'Justerare',
      adjusterName(entry),
      entry.approved ? `<br><span class="meta">Justerat digitalt ${escapeHtml(swedishDateTime(entry.approved.approvedAt, timeZone))}</span>` : '',
    ),
  )
  .join('\n')}
</div>`;
  const general = document.corrections.filter((correction) => correction.itemId === null || !numberOf.has(correction.itemId));
  const corrections = document.corrections.length
    ? `<h2>Rättelser</h2><ul>${document.corrections
        .map((correction) => {
          const number = correction.itemId !== null ? numberOf.get(correction.itemId) : undefined;
          return `<li>${number !== undefined ? `<a href="#paragraf-${number}">§ ${number}</a>: ` : general.includes(correction) ? 'Protokollet: ' : ''}${correctionHtml(correction)}</li>`;
        })
        .join('')}</ul>`
    : '';
  return page(
    `Protokoll – ${meeting.title}`,
    `<h1>Protokoll – ${escapeHtml(meeting.title)}</h1>
${meetingLines(meeting, timeZone, naming)}
<h2>Närvarolista</h2>
${attendance}
<h2>Ärenden</h2>
${items}
${notes}
<h2>Justering</h2>
${approval}
${corrections}
${signatures}`,
  );
}

// ─── iCalendar ───────────────────────────────────────────────────────────────

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and every line break — CRLF, a bare LF or a bare CR — as `\n`. */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function icsInstant(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * The forum's meetings as an iCalendar feed calendar clients can subscribe to.
 * It publishes what the publication rules allow: a meeting whose agenda is not
 * yet published shows its time and forum only ("Ordföranderådet 2027-04-15");
 * once the agenda is published, also its title, place, deadline and a link to
 * the agenda. The digital link is never published (see `publicView`).
 */
export function meetingsCalendar(
  forumId: string,
  meetings: ExistingMeetingState[],
  stamp: string,
  publicBaseUrl: string,
  timeZone: string,
  naming?: DocumentNaming & { today?: string },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samverkan Värmland//Frågespår//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(`${forumName(forumId, naming, naming?.today)} – sammanträden`)}`,
    `X-WR-TIMEZONE:${timeZone}`,
  ];
  for (const meeting of meetings) {
    const published = meeting.agendaPublishedAt !== null;
    const details = published
      ? [
          `SUMMARY:${icsText(meeting.title)}`,
          ...(meeting.place ? [`LOCATION:${icsText(meeting.place)}`] : []),
          `DESCRIPTION:${icsText(
            [
              `Sista dag för ärenden: ${swedishDateTime(meeting.agendaDeadline, timeZone)}`,
              `Dagordning: ${publicBaseUrl}/public/meetings/${meeting.id}/agenda?format=html`,
            ].join('\n'),
          )}`,
        ]
      : [`SUMMARY:${icsText(`${forumName(meeting.forum, naming, dayOf(meeting))} ${calendarDateOf(meeting.startsAt, timeZone)}`)}`];
    lines.push(
      'BEGIN:VEVENT',
      `UID:${meeting.id}@fragespar.samverkanvarmland.se`,
      `DTSTAMP:${icsInstant(stamp)}`,
      `DTSTART:${icsInstant(meeting.startsAt)}`,
      `DTEND:${icsInstant(meeting.endsAt)}`,
      // A move or a cancellation raises SEQUENCE, so calendar clients replace what they hold (RFC 5545 §3.8.7.4).
      `SEQUENCE:${meeting.sequence ?? 0}`,
      `STATUS:${meeting.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      ...details,
      `LAST-MODIFIED:${icsInstant(meeting.lastChangedAt)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
