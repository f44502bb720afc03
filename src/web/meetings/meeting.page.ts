import type { ExistingMeetingState } from '../../meetings';
import { agendaDocument } from '../../meetings/contract';
import { readableDate, questionLink } from '../fragments';
import { Html, HtmlValue, html, safeHref } from '../html';
import { layout, organisationName, webPath } from '../layout';
import type { PageContext } from '../page-context';
import { actionList, eventLabel, recordedNotice } from '../forms/form.page';
import { MEETING_EVENT_LABELS } from '../../meetings';
import type { MeetingForm } from './meeting-forms';
import { mayGive } from '../forms/may-give';

export function forumName(id: string, page: PageContext): string {
  const forum = page.directory.forums.find((candidate) => candidate.id === id);
  return forum ? (page.language === 'en' ? forum.nameEn : forum.nameSv) : id;
}

/** Meetings in time order, each with its agenda's and minutes' status. `base`: /meetings, or /public/meetings for the published ones. */
export function meetingsPage(page: PageContext, meetings: ExistingMeetingState[], base: '/meetings' | '/public/meetings', title: string): Html {
  const { t, language } = page;
  const schedule =
    base === '/meetings' && mayGive(page.actor, 'ScheduleMeeting')
      ? html`<p><a class="button" href="${webPath('/meetings/new')}">${t.scheduleMeeting}</a></p>`
      : '';
  return layout(
    page,
    title,
    html`${schedule}${
      meetings.length === 0
        ? html`<p>${t.nothingHere}</p>`
        : html`<table>
            <caption class="visually-hidden">
              ${title}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t.date}</th>
                <th scope="col">${t.meetings}</th>
                <th scope="col">${t.forum}</th>
                <th scope="col">${t.agenda}</th>
                <th scope="col">${t.minutes}</th>
              </tr>
            </thead>
            <tbody>
              ${meetings.map(
                (meeting) =>
                  html`<tr>
                    <td>${readableDate(meeting.startsAt, language)}</td>
                    <td><a href="${webPath(`${base}/${meeting.id}`)}">${meeting.title}</a></td>
                    <td>${forumName(meeting.forum, page)}</td>
                    <td>${meeting.agendaPublishedAt ? t.published : t.draft}</td>
                    <td>${meeting.minutes ? (meeting.minutes.publishedAt ? t.published : meeting.minutes.status) : '–'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`,
    { publicPage: base === '/public/meetings' },
  );
}

/**
 * One meeting: agenda (each item's kind and logic, the question it is about,
 * the documents sent out in advance), attendance, outcomes and minutes.
 * `publicView`: only what is published (the agenda once published, the minutes once published).
 */
export function meetingPage(
  page: PageContext,
  meeting: ExistingMeetingState,
  publicView: boolean,
  /** The forms the reader may give now, and the event a form just recorded (after its redirect). */
  acting: { forms?: readonly MeetingForm[]; recorded?: string } = {},
): Html {
  const { t, language } = page;
  const agenda = agendaDocument(meeting);
  const showAgenda = !publicView || meeting.agendaPublishedAt !== null;
  const showMinutes = meeting.minutes !== null && (!publicView || meeting.minutes.publishedAt !== null);
  const outcomeOf = (itemId: string) => meeting.outcomes.find((outcome) => outcome.itemId === itemId);
  return layout(
    page,
    meeting.title,
    html`${recordedNotice(page, eventLabel(MEETING_EVENT_LABELS, acting.recorded))}
      <dl class="facts">
        <dt>${t.forum}</dt>
        <dd>${forumName(meeting.forum, page)}</dd>
        <dt>${t.date}</dt>
        <dd>${readableDate(meeting.startsAt, language)} – ${readableDate(meeting.endsAt, language)}</dd>
        ${
          meeting.place
            ? html`<dt>${t.place}</dt>
                <dd>${meeting.place}</dd>`
            : ''
        }
        <dt>${t.agenda}</dt>
        <dd>${meeting.agendaPublishedAt ? html`${t.published} ${readableDate(meeting.agendaPublishedAt, language)}` : t.draft}</dd>
        ${
          meeting.cancelled
            ? html`<dt>${t.meetingCancelled}</dt>
                <dd>${readableDate(meeting.cancelled.cancelledAt, language)}: ${meeting.cancelled.reason}</dd>`
            : ''
        }
      </dl>
      ${moves(page, meeting)} ${actionList(page, acting.forms ?? [], (slug) => `/meetings/${meeting.id}/act/${slug}`)}
      ${
        showAgenda
          ? html`<h2 id="agenda">${t.agenda}</h2>
              ${
                agenda.items.length === 0
                  ? html`<p>${t.nothingHere}</p>`
                  : html`<ol>
                      ${agenda.items.map((item) => {
                        const outcome = showMinutes ? outcomeOf(item.itemId) : undefined;
                        return html`<li>
                          <strong>${item.title}</strong> (${item.kind.label},
                          ${item.logic.label})${item.questionId && !publicView ? html` – ${questionLink({ id: item.questionId, title: t.question })}` : ''}${
                            item.documents.length > 0
                              ? html`<ul>
                                  ${item.documents.map((document) => {
                                    const href = safeHref(document.url);
                                    return html`<li>${href ? html`<a href="${href}">${document.title}</a>` : document.title}</li>`;
                                  })}
                                </ul>`
                              : ''
                          }${outcome ? html`<p><em>${outcome.status}</em>: ${outcome.summary}</p>` : ''}
                        </li>`;
                      })}
                    </ol>`
              }
              ${amendments(page, meeting)}`
          : ''
      }
      ${
        meeting.attendance && (!publicView || showMinutes)
          ? html`<h2 id="attendance">${t.attendance}</h2>
              <ul>
                ${meeting.attendance.map(
                  (entry) =>
                    html`<li>
                      ${organisationName(entry.organisationId, page)}:
                      ${entry.status === 'attended' ? (entry.name ?? '✓') : '–'}${entry.capacity ? html`, ${entry.capacity}` : ''}${entry.digital ? ` (${t.digital})` : ''}
                    </li>`,
                )}
              </ul>`
          : ''
      }
      ${
        showMinutes && meeting.minutes
          ? html`<h2 id="minutes">${t.minutes}</h2>
              <p>
                ${t.status}:
                ${meeting.minutes.publishedAt ? html`${t.published} ${readableDate(meeting.minutes.publishedAt, language)}` : meeting.minutes.status}${
                  meeting.minutes.approval
                    ? html`; ${t.adjusted} ${meeting.minutes.approval.adjustedOn} ${t.by}
                      ${meeting.minutes.approval.adjustedBy.map((adjuster) => adjuster.name).join(', ')}`
                    : ''
                }
              </p>
              ${meeting.minutes.notes ? html`<p>${meeting.minutes.notes}</p>` : ''} ${corrections(page, meeting)}`
          : ''
      }`,
    { publicPage: publicView },
  );
}

const say = (page: PageContext, sv: string, en: string) => (page.language === 'en' ? en : sv);

/** Each move of the meeting: from when, when it was moved, and why. */
function moves(page: PageContext, meeting: ExistingMeetingState): HtmlValue {
  if (meeting.reschedules.length === 0) return '';
  return html`<h2 id="moves">${say(page, 'Flyttat', 'Moved')}</h2>
    <ul>
      ${meeting.reschedules.map(
        (move) =>
          html`<li>
            ${say(page, 'Från', 'From')} ${readableDate(move.previous.startsAt, page.language)} (${say(page, 'flyttat', 'moved')}
            ${readableDate(move.rescheduledAt, page.language)}): ${move.reason}
          </li>`,
      )}
    </ul>`;
}

/** The amendments to the published agenda: what each added and removed, and why. */
function amendments(page: PageContext, meeting: ExistingMeetingState): HtmlValue {
  if (meeting.amendments.length === 0) return '';
  return html`<h3 id="amendments">${say(page, 'Ändringar i dagordningen', 'Amendments to the agenda')}</h3>
    <ul>
      ${meeting.amendments.map(
        (amendment) =>
          html`<li>
            ${readableDate(amendment.amendedAt, page.language)}:
            ${amendment.added.length > 0 ? html`${say(page, 'tillagd', 'added')} ${amendment.added.map((item) => item.title).join(', ')}; ` : ''}
            ${amendment.removedItemIds.length > 0 ? html`${say(page, 'borttagna punkter', 'items removed')}: ${amendment.removedItemIds.length}; ` : ''}
            ${say(page, 'skäl', 'reason')}: ${amendment.reason}
          </li>`,
      )}
    </ul>`;
}

/** Corrections recorded beside the approved minutes, which never change. */
function corrections(page: PageContext, meeting: ExistingMeetingState): HtmlValue {
  const recorded = meeting.minutes?.corrections ?? [];
  if (recorded.length === 0) return '';
  const numberOf = (itemId: string) => meeting.agenda.findIndex((item) => item.itemId === itemId) + 1;
  return html`<h3 id="corrections">${say(page, 'Rättelser', 'Corrections')}</h3>
    <ul>
      ${recorded.map(
        (correction) =>
          html`<li>
            ${readableDate(correction.correctedAt, page.language)}${correction.itemId && numberOf(correction.itemId) > 0 ? html`, § ${numberOf(correction.itemId)}` : ''}:
            ${correction.correction} (${say(page, 'skäl', 'reason')}: ${correction.reason})
          </li>`,
      )}
    </ul>`;
}
