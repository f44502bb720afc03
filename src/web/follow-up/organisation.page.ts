import { ORGANISATIONS } from '../../reference-data/organisations';
import { overdueTag, questionLink, readableDate } from '../fragments';
import { Html, html } from '../html';
import { layout, webPath } from '../layout';
import type { PageContext } from '../page-context';
import type { OrganisationFollowUp } from '../start/start.page';
import { type ShownPoint, pointFields, pointShown } from './point-in-time';

export function organisationsPage(page: PageContext): Html {
  return layout(
    page,
    page.t.organisations,
    html`<ul>
      ${ORGANISATIONS.map((organisation) => html`<li><a href="${webPath(`/organisations/${organisation.id}`)}">${organisation.name}</a></li>`)}
    </ul>`,
  );
}

/**
 * One organisation: what it owes, by due date (overdue first), and what it has
 * done, latest first — now, or at the point the filter form's dates name.
 */
export function organisationPage(page: PageContext, query: { asOf?: string; inEffectOn?: string }, followUp: OrganisationFollowUp & ShownPoint): Html {
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
          </tr>
        </thead>
        <tbody>
          ${
            followUp.owed.length === 0
              ? html`<tr>
                  <td colspan="3">${t.nothingHere}</td>
                </tr>`
              : followUp.owed.map(
                  (item) =>
                    html`<tr>
                      <td>${questionLink(item.question)}</td>
                      <td>${item.label}</td>
                      <td>${readableDate(item.dueDate, language)}${overdueTag(page, item.overdue)}</td>
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
      </table>`,
  );
}
