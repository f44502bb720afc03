import type { RegistrarNotificationItem, RegistrarNotificationKind } from '../../register/contract';
import { overdueTag, questionLink, readableDate } from '../fragments';
import { Html, html } from '../html';
import { layout, webPath } from '../layout';
import type { Action } from '../../auth/access-policy';
import { mayGive } from '../forms/may-give';
import type { PageContext } from '../page-context';
import type { Texts } from '../texts';
import type { OrganisationFollowUp } from '../start/start.page';
import { type ShownPoint, pointFields, pointShown } from './point-in-time';

/** Each kind of word to a registrar, as the page names it. */
const REGISTRAR_WORD_TEXTS: Record<RegistrarNotificationKind, keyof Texts> = {
  'decision-owed': 'wordDecisionOwed',
  'consultation-sent': 'wordConsultationSent',
  'decision-due-soon': 'wordDecisionDueSoon',
  'decision-overdue': 'wordDecisionOverdue',
  'answer-due-soon': 'wordAnswerDueSoon',
  'answer-overdue': 'wordAnswerOverdue',
};

type Owed = OrganisationFollowUp['owed'][number];

/** The form that settles what is owed, per kind: its command, its slug on the question, and what the link says. */
const SETTLED_BY: Record<Owed['kind'], { action: Action; slug: string; label: { sv: string; en: string } }> = {
  'member-decision': { action: 'RecordMemberDecision', slug: 'decision', label: { sv: 'Registrera beslutet', en: 'Record the decision' } },
  'consultation-answer': { action: 'AnswerConsultation', slug: 'consultation-answer', label: { sv: 'Svara på remissen', en: 'Answer the consultation' } },
  'feedback-at-home': { action: 'RecordFeedbackAtHome', slug: 'feedback', label: { sv: 'Rapportera återkopplingen', en: 'Report the feedback' } },
};

/**
 * The link to the form that settles an owed item for this organisation, drawn
 * only when the access policy lets the reader give that command for it (a
 * member for its own organisation, a secretary for any).
 */
function settleLink(page: PageContext, organisationId: string, item: Owed) {
  const settled = SETTLED_BY[item.kind];
  if (!mayGive(page.actor, settled.action, organisationId)) return '';
  const consultation = (item as { consultation?: { id: string } }).consultation;
  const query = { organisationId, ...(consultation ? { consultationId: consultation.id } : {}) };
  return html`<a href="${webPath(`/questions/${item.question.id}/act/${settled.slug}`, query)}">${settled.label[page.language]}</a>`;
}

export function organisationsPage(page: PageContext): Html {
  return layout(
    page,
    page.t.organisations,
    html`<ul>
      ${page.directory.organisations.map((organisation) => html`<li><a href="${webPath(`/organisations/${organisation.id}`)}">${organisation.name}</a></li>`)}
    </ul>`,
  );
}

/**
 * One organisation: what it owes, by due date (overdue first), what it has
 * done, latest first — now, or at the point the filter form's dates name —
 * and what its registrar was told.
 */
export function organisationPage(
  page: PageContext,
  query: { asOf?: string; inEffectOn?: string },
  followUp: OrganisationFollowUp & ShownPoint,
  registrarWord: RegistrarNotificationItem[],
): Html {
  const { t, language } = page;
  const counts = followUp.counts;
  const detailsOf = (item: OrganisationFollowUp['owed'][number]) => {
    const decision = (item as { decision?: { outcome: { label: string } | null; reference: string | null } }).decision;
    return decision ? [decision.outcome?.label, decision.reference].filter(Boolean).join(', ') : (item.reference ?? '');
  };
  return layout(
    page,
    followUp.organisation.name,
    html`<form method="get" action="${webPath(`/organisations/${followUp.organisation.id}`)}" class="filters" aria-label="${t.filter}">
        ${pointFields(page, query)}
        <button type="submit" class="button">${t.show}</button>
      </form>
      ${pointShown(page, followUp)}
      <div class="cards">
        <section class="card">
          <h2>${t.owes}</h2>
          <p><span class="figure">${counts.owed}</span></p>
        </section>
        <section class="card">
          <h2>${t.overdue}</h2>
          <p><span class="figure">${counts.overdue}</span></p>
        </section>
        <section class="card">
          <h2>${t.done}</h2>
          <p><span class="figure">${counts.done}</span></p>
        </section>
      </div>
      <h2 id="owed">${t.owes}</h2>
      <table aria-labelledby="owed">
        <thead>
          <tr>
            <th scope="col">${t.question}</th>
            <th scope="col">${t.kind}</th>
            <th scope="col">${t.dueDate}</th>
            <th scope="col">${t.actions}</th>
          </tr>
        </thead>
        <tbody>
          ${
            followUp.owed.length === 0
              ? html`<tr>
                  <td colspan="4">${t.nothingHere}</td>
                </tr>`
              : followUp.owed.map(
                  (item) =>
                    html`<tr>
                      <td>${questionLink(item.question)}</td>
                      <td>${item.label}</td>
                      <td>${readableDate(item.dueDate, language)}${overdueTag(page, item.overdue)}</td>
                      <td>${settleLink(page, followUp.organisation.id, item)}</td>
                    </tr>`,
                )
          }
        </tbody>
      </table>
      <h2 id="done">${t.done}</h2>
      <table aria-labelledby="done">
        <thead>
          <tr>
            <th scope="col">${t.question}</th>
            <th scope="col">${t.kind}</th>
            <th scope="col">${t.date}</th>
            <th scope="col">${t.outcome}</th>
          </tr>
        </thead>
        <tbody>
          ${
            followUp.done.length === 0
              ? html`<tr>
                  <td colspan="4">${t.nothingHere}</td>
                </tr>`
              : followUp.done.map(
                  (item) =>
                    html`<tr>
                      <td>${questionLink(item.question)}</td>
                      <td>${item.label}</td>
                      <td>${readableDate(item.doneOn, language)}</td>
                      <td>${detailsOf(item)}</td>
                    </tr>`,
                )
          }
        </tbody>
      </table>
      <h2 id="registrar-word">${t.registrarWord}</h2>
      <p>${t.registrarWordLead}</p>
      <table aria-labelledby="registrar-word">
        <thead>
          <tr>
            <th scope="col">${t.kind}</th>
            <th scope="col">${t.question}</th>
            <th scope="col">${t.dueBy}</th>
            <th scope="col">${t.registrar}</th>
            <th scope="col">${t.sentAt}</th>
          </tr>
        </thead>
        <tbody>
          ${
            registrarWord.length === 0
              ? html`<tr>
                  <td colspan="5">${t.nothingHere}</td>
                </tr>`
              : registrarWord.map(
                  (item) =>
                    html`<tr>
                      <td>${t[REGISTRAR_WORD_TEXTS[item.kind]]}</td>
                      <td>${questionLink({ id: item.questionId, title: item.what })}</td>
                      <td>${readableDate(item.dueBy, language)}</td>
                      <td>${item.registrar}</td>
                      <td>${item.sentAt ? readableDate(item.sentAt, language) : t.notSent}</td>
                    </tr>`,
                )
          }
        </tbody>
      </table>`,
  );
}
