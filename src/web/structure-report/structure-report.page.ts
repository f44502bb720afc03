import type { StructureReport } from '../../register/contract';
import { Html, html } from '../html';
import { layout, webPath } from '../layout';
import type { PageContext } from '../page-context';

const WORDS = {
  sv: {
    title: 'Årsrapport om samverkansstrukturen',
    lead: 'Underlag för den årliga dialogen om samverkansstrukturens utveckling: vad forumen gjorde under året, vilka ställningstaganden som togs, hur medlemsorganisationerna beslutade och hur strukturen själv förändrades. Räknat ur den lagrade händelseloggen.',
    generated: 'Framtagen',
    forums: 'Forumen',
    forum: 'Forum',
    meetingsHeld: 'Hållna sammanträden',
    processLogic: 'Frågor, processlogik',
    decisionLogic: 'Frågor, beslutslogik',
    questionsTotal: 'Frågor totalt',
    forumsNote:
      'Hållet sammanträde: inte inställt och med närvaro registrerad. En fråga räknas i det forum där den behandlades under året (togs in, flyttades dit, dialog, remiss, beslutsunderlag, ställningstagande).',
    positions: 'Ställningstaganden',
    positionsTaken: 'Ställningstaganden under året',
    question: 'Fråga',
    date: 'Datum',
    toDecide: 'Ska besluta',
    decideBy: 'Beslut senast',
    decisions: 'Medlemsorganisationernas beslut',
    organisation: 'Organisation',
    recorded: 'Beslut',
    onTime: 'I tid',
    late: 'Sena',
    daysLateTotal: 'Dagar sent, sammanlagt',
    daysLateMax: 'Dagar sent, som mest',
    decisionsNote: 'Beslut fattade under året (beslutsdatum) på ett ställningstagande; sent betyder efter ställningstagandets sista dag för beslut.',
    changes: 'Förändringar i strukturen',
    change: 'Förändring',
    concerns: 'Gäller',
    what: 'Vad',
    none: 'Inga under året.',
    year: 'År',
  },
  en: {
    title: 'Annual report on the collaboration structure',
    lead: "Material for the yearly dialogue on the structure's development: what the forums did in the year, which positions were taken, how the member organisations decided and how the structure itself changed. Computed from the stored event log.",
    generated: 'Generated',
    forums: 'The forums',
    forum: 'Forum',
    meetingsHeld: 'Meetings held',
    processLogic: 'Questions, process logic',
    decisionLogic: 'Questions, decision logic',
    questionsTotal: 'Questions in all',
    forumsNote:
      'A meeting held: not cancelled, with its attendance recorded. A question counts in the forum that handled it in the year (accepted, moved in, dialogue, consultation, decision document, position).',
    positions: 'Positions',
    positionsTaken: 'Positions taken in the year',
    question: 'Question',
    date: 'Date',
    toDecide: 'To decide',
    decideBy: 'Decide by',
    decisions: "The member organisations' decisions",
    organisation: 'Organisation',
    recorded: 'Decisions',
    onTime: 'On time',
    late: 'Late',
    daysLateTotal: 'Days late, in all',
    daysLateMax: 'Days late, at most',
    decisionsNote: "Decisions taken in the year (decision date) on a position; late means after the position's decide-by date.",
    changes: 'Changes to the structure',
    change: 'Change',
    concerns: 'Concerns',
    what: 'What',
    none: 'None in the year.',
    year: 'Year',
  },
} as const;

/**
 * The annual report on the structure as a printable page (the same report as
 * GET /reports/structure/:year): tables with captions and header cells, so it
 * reads aloud and prints as it is; the site's print style leaves out the
 * header, the menu and the year pager.
 */
export function structureReportPage(page: PageContext, report: StructureReport): Html {
  const w = WORDS[page.language];
  const en = page.language === 'en';
  const { year } = report;
  return layout(
    page,
    `${w.title} ${year}`,
    html`<nav class="pager" aria-label="${w.year}">
        <a href="${webPath(`/reports/structure/${year - 1}`)}" rel="prev">${year - 1}</a
        ><a href="${webPath(`/reports/structure/${year + 1}`)}" rel="next">${year + 1}</a>
      </nav>
      <p>${w.lead}</p>
      <p>${w.generated}: <time datetime="${report.generatedAt}">${report.generatedAt.slice(0, 10)}</time></p>

      <h2 id="forums">${w.forums}</h2>
      <table>
        <caption>
          ${w.forums} ${year}
        </caption>
        <thead>
          <tr>
            <th scope="col">${w.forum}</th>
            <th scope="col">${w.meetingsHeld}</th>
            <th scope="col">${w.processLogic}</th>
            <th scope="col">${w.decisionLogic}</th>
            <th scope="col">${w.questionsTotal}</th>
          </tr>
        </thead>
        <tbody>
          ${report.forums.map(
            (forum) =>
              html`<tr>
                <th scope="row">${en ? forum.nameEn : forum.nameSv}</th>
                <td>${forum.meetingsHeld}</td>
                <td>${forum.questionsHandled.process}</td>
                <td>${forum.questionsHandled.decision}</td>
                <td>${forum.questionsHandled.total}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="hint">${w.forumsNote}</p>

      <h2 id="positions">${w.positions}</h2>
      <p>${w.positionsTaken}: <strong>${report.positions.taken}</strong></p>
      ${
        report.positions.items.length === 0
          ? html`<p>${w.none}</p>`
          : html`<table>
              <caption>
                ${w.positionsTaken}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${w.question}</th>
                  <th scope="col">${w.date}</th>
                  <th scope="col">${w.toDecide}</th>
                  <th scope="col">${w.decideBy}</th>
                </tr>
              </thead>
              <tbody>
                ${report.positions.items.map(
                  (item) =>
                    html`<tr>
                      <th scope="row"><a href="${webPath(`/questions/${item.questionId}`)}">${item.title}</a></th>
                      <td>${item.on}</td>
                      <td>${item.organisationsToDecide}</td>
                      <td>${item.decideBy}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }

      <h2 id="decisions">${w.decisions}</h2>
      <table>
        <caption>
          ${w.decisions} ${year}
        </caption>
        <thead>
          <tr>
            <th scope="col">${w.organisation}</th>
            <th scope="col">${w.recorded}</th>
            <th scope="col">${w.onTime}</th>
            <th scope="col">${w.late}</th>
            <th scope="col">${w.daysLateTotal}</th>
            <th scope="col">${w.daysLateMax}</th>
          </tr>
        </thead>
        <tbody>
          ${report.decisions.map(
            (row) =>
              html`<tr>
                <th scope="row">${row.name}</th>
                <td>${row.recorded}</td>
                <td>${row.onTime}</td>
                <td>${row.late}</td>
                <td>${row.daysLateTotal}</td>
                <td>${row.daysLateMax}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="hint">${w.decisionsNote}</p>

      <h2 id="changes">${w.changes}</h2>
      ${
        report.structuralChanges.length === 0
          ? html`<p>${w.none}</p>`
          : html`<table>
              <caption>
                ${w.changes} ${year}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${w.date}</th>
                  <th scope="col">${w.change}</th>
                  <th scope="col">${w.concerns}</th>
                  <th scope="col">${w.what}</th>
                </tr>
              </thead>
              <tbody>
                ${report.structuralChanges.map(
                  (change) =>
                    html`<tr>
                      <td>${change.on}</td>
                      <td>${change.label[page.language]}</td>
                      <th scope="row">${change.subject}</th>
                      <td>${change.detail}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`,
  );
}
