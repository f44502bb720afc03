import { ASSIGNMENT_EVENT_LABELS, ASSIGNMENT_STATUS_LABELS, type ExistingAssignmentState } from '../../assignments';
import { actionList, eventLabel, recordedNotice } from '../forms/form.page';
import { readableDate } from '../fragments';
import { Html, html, safeHref } from '../html';
import { layout, organisationName, webPath } from '../layout';
import type { PageContext } from '../page-context';
import type { AssignmentForm } from './assignment-forms';

/** One assignment: what, why, who, by when (and every earlier due date), its deliveries and their review, and what the reader may do with it. */
export function assignmentPage(page: PageContext, state: ExistingAssignmentState, acting: { forms: readonly AssignmentForm[]; recorded?: string }): Html {
  const { t, language } = page;
  const en = language === 'en';
  return layout(
    page,
    state.title,
    html`${recordedNotice(page, eventLabel(ASSIGNMENT_EVENT_LABELS, acting.recorded))}
      <dl class="facts">
        <dt>${t.status}</dt>
        <dd>${ASSIGNMENT_STATUS_LABELS[state.status][language]}</dd>
        <dt>${t.responsible}</dt>
        <dd>${state.responsible.name}, ${organisationName(state.responsible.organisationId)}</dd>
        <dt>${t.dueDate}</dt>
        <dd>
          ${state.dueDate}${
            state.dueDateHistory.length > 1
              ? html` (${en ? 'earlier' : 'tidigare'}:
                ${state.dueDateHistory
                  .slice(0, -1)
                  .map((entry) => entry.dueDate)
                  .join(', ')})`
              : ''
          }
        </dd>
        <dt>${en ? 'Purpose' : 'Syfte'}</dt>
        <dd>${state.purpose}</dd>
      </dl>
      ${state.description ? html`<p>${state.description}</p>` : ''}
      ${
        state.questionIds.length > 0
          ? html`<h2>${en ? 'Linked questions' : 'Kopplade frågor'}</h2>
              <ul>
                ${state.questionIds.map((id) => html`<li><a href="${webPath(`/questions/${id}`)}">${t.question} ${id.slice(0, 8)}</a></li>`)}
              </ul>`
          : ''
      }
      ${actionList(page, acting.forms, (slug) => `/assignments/${state.id}/act/${slug}`)}
      <h2 id="deliveries">${en ? 'Deliveries' : 'Leveranser'}</h2>
      ${
        state.deliveries.length === 0
          ? html`<p>${t.nothingHere}</p>`
          : html`<ul>
              ${state.deliveries.map((delivery) => {
                const href = safeHref(delivery.document.url);
                const name = `${delivery.document.reference}: ${delivery.document.title}`;
                return html`<li>
                  ${href ? html`<a href="${href}">${name}</a>` : name}
                  (${readableDate(delivery.deliveredAt, language)})${
                    delivery.review
                      ? html` – ${delivery.review.outcome === 'approved' ? (en ? 'approved' : 'godkänd') : en ? 'returned' : 'återremitterad'}`
                      : ''
                  }
                </li>`;
              })}
            </ul>`
      }`,
  );
}
