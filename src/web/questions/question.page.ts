import { roleMay } from '../../auth/access-policy';
import type { QuestionQueries } from '../../question-list/contract';
import {
  DECISION_BODY_LABELS,
  DECISION_OUTCOME_LABELS,
  type ExistingQuestionState,
  LOGIC_LABELS,
  MATRIX_STATUS_LABELS,
  QUESTION_EVENT_LABELS,
  QUESTION_STAGE_LABELS,
  fullNameOf,
  isEndedStage,
} from '../../questions/contract';
import { readableDate } from '../fragments';
import { Html, HtmlValue, html, safeHref } from '../html';
import { layout, organisationName, webPath } from '../layout';
import type { PageContext } from '../page-context';
import { processPicture } from './process-picture';
import { actionList, eventLabel, recordedNotice } from '../forms/form.page';
import { mayGive } from '../forms/may-give';
import type { QuestionForm } from './question-forms';

export type Timeline = ReturnType<QuestionQueries['newestEntries']>;

function forumName(id: string | null, page: PageContext): string {
  const forum = page.directory.forums.find((candidate) => candidate.id === id);
  return forum ? (page.language === 'en' ? forum.nameEn : forum.nameSv) : '–';
}

function link(title: string, url: string | null | undefined): Html {
  const href = safeHref(url);
  return href ? html`<a href="${href}">${title}</a>` : html`${title}`;
}

/**
 * A question: where it stands (the process picture), its decisions table and
 * documents, and for those who may read history its timeline and the auditor's
 * links. `asOf` set: the question as it stood then (time travel).
 */
export function questionPage(
  page: PageContext,
  view: {
    state: ExistingQuestionState;
    revision: number;
    today: string;
    timeline?: Timeline;
    asOf?: string;
    /** The forms the reader may give on the question now (question-forms.ts). */
    forms?: readonly QuestionForm[];
    /** The event a form just recorded (after its redirect): said at the top. */
    recorded?: string;
  },
): Html {
  const { t, language, actor } = page;
  const { state } = view;
  const position = state.position;
  const mayAudit = actor ? roleMay(actor.role, 'questions.history') : false;
  // The decisions table links each row to its form (record, or correct) where the reader may give it for that organisation.
  const rowForms = (view.forms ?? []).filter((form) => form.slug === 'decision' || form.slug === 'correction');
  const raisedBy = state.raisedBy.kind === 'organisation' ? organisationName(state.raisedBy.id, page) : forumName(state.raisedBy.id, page);
  return layout(
    page,
    state.title,
    html`${recordedNotice(page, eventLabel(QUESTION_EVENT_LABELS, view.recorded))}${view.asOf ? html`<p class="lead"><strong>${t.asOf}: ${view.asOf}</strong> (${t.revision} ${view.revision})</p>` : ''}
      <dl class="facts">
        <dt>${t.stage}</dt>
        <dd>${QUESTION_STAGE_LABELS[state.stage][language]}</dd>
        <dt>${t.forum}</dt>
        <dd>${forumName(state.forum, page)}</dd>
        <dt>${t.logic}</dt>
        <dd>${state.logic ? LOGIC_LABELS[state.logic][language] : '–'}</dd>
        <dt>${t.raisedBy}</dt>
        <dd>${raisedBy}, ${readableDate(state.raisedAt, language)}</dd>
        <dt>${t.responsible}</dt>
        <dd>${state.responsible ? html`${fullNameOf(state.responsible)}, ${organisationName(state.responsible.organisationId, page)}` : '–'}</dd>
      </dl>
      <h2>${t.description}</h2>
      <p>${state.description}</p>
      ${processPicture(page, state)}
      ${actionList(page, view.forms ?? [], (slug) => `/questions/${state.id}/act/${slug}`)}${
        view.forms && mayGive(actor, 'GiveAssignment') && !isEndedStage(state.stage)
          ? html`<p><a href="${webPath('/assignments/new', { questionId: state.id })}">${t.giveAssignment}</a></p>`
          : ''
      }
      ${
        position
          ? html`<h2 id="position">${t.position} ${position.number}</h2>
              <p>${position.text}</p>
              <p>${t.decideBy}: ${position.decideBy}</p>
              <table id="decisions">
                <caption>
                  ${t.decisions}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.organisation}</th>
                    <th scope="col">${t.outcome}</th>
                    <th scope="col">${t.body}</th>
                    <th scope="col">${t.decidedOn}</th>
                    <th scope="col">${t.reference}</th>
                    ${rowForms.length > 0 ? html`<th scope="col">${t.actions}</th>` : ''}
                  </tr>
                </thead>
                <tbody>
                  ${position.organisationsToDecide.map((organisationId) => {
                    const decision = state.memberDecisions[organisationId]?.current;
                    const status = decision ? null : position.decideBy < view.today ? 'overdue' : 'awaiting';
                    return html`<tr id="decision-${organisationId}">
                      <th scope="row">${organisationName(organisationId, page)}</th>
                      <td>
                        ${
                          decision
                            ? DECISION_OUTCOME_LABELS[decision.outcome][language]
                            : html`${MATRIX_STATUS_LABELS[status!][language]}${status === 'overdue' ? html` <span class="overdue-tag">!</span>` : ''}`
                        }
                      </td>
                      <td>${decision ? (decision.bodyName ?? DECISION_BODY_LABELS[decision.body][language]) : '–'}</td>
                      <td>${decision?.decidedOn ?? '–'}</td>
                      <td>${decision?.reference ?? '–'}</td>
                      ${rowForms.length > 0 ? html`<td>${rowAction(page, state.id, organisationId, decision !== undefined, rowForms)}</td>` : ''}
                    </tr>`;
                  })}
                </tbody>
              </table>`
          : ''
      }
      <h2 id="documents">${t.documents}</h2>
      ${
        state.documents.length + state.decisionDocuments.length === 0
          ? html`<p>${t.nothingHere}</p>`
          : html`<ul>
              ${state.documents.map((document) => html`<li>${link(document.title, document.url)}</li>`)}${state.decisionDocuments.map(
                (document) => html`<li>${link(`${document.reference}: ${document.title}`, document.url)} (${readableDate(document.recordedAt, language)})</li>`,
              )}
            </ul>`
      }
      ${
        view.timeline
          ? html`<h2 id="timeline">${t.timeline}</h2>
              <table>
                <caption class="visually-hidden">
                  ${t.timeline}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.when}</th>
                    <th scope="col">${t.what}</th>
                    <th scope="col">${t.who}</th>
                    <th scope="col">${t.why}</th>
                  </tr>
                </thead>
                <tbody>
                  ${view.timeline.items.map(
                    (entry) =>
                      html`<tr>
                        <td>${readableDate(entry.occurredAt, language)}</td>
                        <td><strong>${entry.label}</strong><br />${entry.sentence}</td>
                        <td>${entry.who.name}, ${entry.who.role.label}, ${entry.who.organisation.name}</td>
                        <td>${entry.why ?? ''}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : ''
      }
      ${
        mayAudit
          ? html`<h2 id="audit">${t.audit}</h2>
              <form method="get" action="${webPath(`/questions/${state.id}`)}" class="filters">
                <div class="form-group"><label for="asOf">${t.asOf}</label><input type="date" id="asOf" name="asOf" value="${view.asOf ?? ''}" /></div>
                <button type="submit" class="button">${t.show}</button>
              </form>
              <ul>
                <li><a href="${webPath(`/questions/${state.id}/history`)}">${t.history}</a></li>
                <li><a href="${webPath(`/questions/${state.id}/dossier`)}">${t.dossier}</a></li>
              </ul>`
          : ''
      }`,
  );
}

/** A decisions table row's link: record the organisation's decision, or correct it, when the reader may for that organisation. */
function rowAction(page: PageContext, questionId: string, organisationId: string, decided: boolean, forms: readonly QuestionForm[]): HtmlValue {
  const form = forms.find((candidate) => candidate.slug === (decided ? 'correction' : 'decision'));
  if (!form || !mayGive(page.actor, form.action, organisationId)) return '–';
  return html`<a href="${webPath(`/questions/${questionId}/act/${form.slug}`, { organisationId })}"
    >${form.title[page.language]}<span class="visually-hidden">: ${organisationName(organisationId, page)}</span></a
  >`;
}
