import type { VerificationReport } from '../../audit/contract';
import type { FollowUpQueries } from '../../follow-up/contract';
import type { OutstandingLogPage } from '../../outstanding-log/contract';
import { Html, HtmlValue, html } from '../html';
import { CHAIRS_COUNCIL, FORUMS } from '../../reference-data/forums';
import { layout, organisationName, webPath } from '../layout';
import type { PageContext } from '../page-context';
import { mayGiveAtAll } from '../questions/question-forms';
import { overdueTag, questionLink, readableDate } from '../fragments';

export type OrganisationFollowUp = Awaited<ReturnType<FollowUpQueries['forOrganisation']>>;

/** What the start page shows, by role: one of these. */
export type StartView =
  | { kind: 'member'; followUp: OrganisationFollowUp }
  | { kind: 'process'; overdue: OutstandingLogPage; ready: OutstandingLogPage }
  | { kind: 'auditor'; verification: VerificationReport };

export function startPage(page: PageContext, view: StartView): Html {
  const { t } = page;
  if (view.kind === 'member') {
    const { followUp } = view;
    return layout(
      page,
      `${t.start}: ${followUp.organisation.name}`,
      html`${raiseLink(page)}
        <h2>${t.whatIOwe}</h2>
        <p>
          <span class="figure">${followUp.counts.owed}</span> ${t.owes.toLowerCase()}, <strong>${followUp.counts.overdue}</strong> ${t.overdue.toLowerCase()}.
        </p>
        ${
          followUp.owed.length === 0
            ? html`<p>${t.nothingHere}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th scope="col">${t.question}</th>
                    <th scope="col">${t.kind}</th>
                    <th scope="col">${t.dueDate}</th>
                  </tr>
                </thead>
                <tbody>
                  ${followUp.owed.map(
                    (item) =>
                      html`<tr>
                        <td>${questionLink(item.question)}</td>
                        <td>${item.label}</td>
                        <td>${readableDate(item.dueDate, page.language)}${overdueTag(page, item.overdue)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <p>
          <a href="${webPath(`/organisations/${followUp.organisation.id}`)}"
            >${organisationName(followUp.organisation.id, page)}: ${t.owes.toLowerCase()} / ${t.done.toLowerCase()}</a
          >
        </p>`,
    );
  }
  if (view.kind === 'auditor') {
    const { verification } = view;
    return layout(
      page,
      t.start,
      html`<h2>${t.recordStatus}</h2>
        <p class="${verification.intact ? 'status-ok' : 'status-broken'}">${verification.intact ? t.verifyOk : t.verifyBroken}</p>
        <p>${verification.chains.streamsChecked} ${t.streams}, ${verification.chains.eventsChecked} ${t.events}.</p>
        <p><a href="${webPath('/audit')}">${t.audit}</a></p>`,
    );
  }
  const list = (log: OutstandingLogPage) =>
    log.items.length === 0
      ? html`<p>${t.nothingHere}</p>`
      : html`<ul>
          ${log.items.map(
            (item) =>
              html`<li>${questionLink(item)} – ${item.nextStep.label}, ${readableDate(item.dueDate, page.language)}${overdueTag(page, item.overdue)}</li>`,
          )}
        </ul>`;
  return layout(
    page,
    t.start,
    html`${raiseLink(page)}
      <div class="cards">
        <section class="card" aria-labelledby="overdue-now">
          <h2 id="overdue-now">${t.overdueNow}</h2>
          <p><span class="figure">${view.overdue.total}</span></p>
          ${list(view.overdue)}
          <p><a href="${webPath('/log', { overdue: 'true' })}">${t.log}: ${t.overdueOnly.toLowerCase()}</a></p>
        </section>
        <section class="card" aria-labelledby="ready">
          <h2 id="ready">${t.readyForMeeting} ${chairsCouncilName(page)}</h2>
          <p><span class="figure">${view.ready.total}</span></p>
          ${list(view.ready)}
          <p><a href="${webPath('/log', { stage: 'decision-document' })}">${t.log}</a></p>
        </section>
      </div>`,
  );
}

/** Raising a question starts from here, for every role that may. */
function raiseLink(page: PageContext): HtmlValue {
  return page.actor && mayGiveAtAll(page.actor, 'RaiseQuestion')
    ? html`<p><a class="button" href="${webPath('/questions/new')}">${page.t.raiseQuestion}</a></p>`
    : '';
}

/** The chairs' council as the register names it today (another collaboration's by its own name), else the default data's. */
function chairsCouncilName(page: PageContext): string {
  const id = page.directory.names?.chairsCouncil?.() ?? CHAIRS_COUNCIL;
  const forum = page.directory.forums.find((candidate) => candidate.id === id) ?? FORUMS.find((candidate) => candidate.id === CHAIRS_COUNCIL)!;
  return page.language === 'en' ? forum.nameEn : forum.nameSv;
}
