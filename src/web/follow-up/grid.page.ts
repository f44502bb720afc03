import type { FollowUpAsOfQueries, FollowUpMatrixQueryDto, FollowUpQueries } from '../../follow-up/contract';
import { DECISION_OUTCOME_LABELS, MATRIX_STATUS_LABELS } from '../../questions/contract';
import { pager, questionLink, readableDate, selectField } from '../fragments';
import { Html, html } from '../html';
import { layout, webPath } from '../layout';
import type { PageContext } from '../page-context';
import { pointFields, pointQuery, pointShown } from './point-in-time';

/** The grid now, or at a past point (as recorded by, as in effect on). */
export type FollowUpMatrix = Awaited<ReturnType<FollowUpQueries['matrix']>> | Awaited<ReturnType<FollowUpAsOfQueries['matrix']>>;
type Cell = FollowUpMatrix['items'][number]['cells'][number];

/**
 * What a cell shows: a colour AND a symbol (colour is never the only cue), and
 * the words for screen readers and the legend. Decided cells are coloured by
 * the outcome.
 */
const APPEARANCE = {
  adopted: { symbol: '✓', className: 'cell--adopted' },
  'adopted-with-changes': { symbol: '≈', className: 'cell--adopted-with-changes' },
  rejected: { symbol: '✗', className: 'cell--rejected' },
  'will-not-decide': { symbol: '∅', className: 'cell--will-not-decide' },
  awaiting: { symbol: '…', className: 'cell--awaiting' },
  overdue: { symbol: '!', className: 'cell--overdue' },
  'not-concerned': { symbol: '–', className: 'cell--not-concerned' },
} as const;

type Appearance = keyof typeof APPEARANCE;

function appearanceOf(cell: Cell): Appearance {
  return cell.status === 'decided' ? ((cell as { outcome?: Appearance }).outcome ?? 'adopted') : cell.status;
}

function cellWords(cell: Cell, page: PageContext): string {
  const decided = cell as Cell & { outcomeLabel?: string | null; decidedOn?: string | null; reference?: string | null };
  if (cell.status !== 'decided') return cell.statusLabel;
  return [decided.outcomeLabel ?? cell.statusLabel, decided.decidedOn, decided.reference].filter(Boolean).join(', ') || page.t.decided;
}

export function legend(page: PageContext): Html {
  const labels: Record<Appearance, string> = {
    adopted: DECISION_OUTCOME_LABELS.adopted[page.language],
    'adopted-with-changes': DECISION_OUTCOME_LABELS['adopted-with-changes'][page.language],
    rejected: DECISION_OUTCOME_LABELS.rejected[page.language],
    'will-not-decide': DECISION_OUTCOME_LABELS['will-not-decide'][page.language],
    awaiting: MATRIX_STATUS_LABELS.awaiting[page.language],
    overdue: MATRIX_STATUS_LABELS.overdue[page.language],
    'not-concerned': MATRIX_STATUS_LABELS['not-concerned'][page.language],
  };
  return html`<h2 id="legend">${page.t.legend}</h2>
    <ul class="legend">
      ${(Object.keys(APPEARANCE) as Appearance[]).map(
        (key) =>
          html`<li>
            <span class="swatch ${APPEARANCE[key].className}"><span aria-hidden="true">${APPEARANCE[key].symbol}</span></span> ${labels[key]}
          </li>`,
      )}
    </ul>`;
}

export function gridFilters(query: FollowUpMatrixQueryDto): Record<string, string | undefined> {
  return { forum: query.forum, sort: query.sort };
}

export function gridPage(page: PageContext, query: FollowUpMatrixQueryDto, matrix: FollowUpMatrix): Html {
  const { t, language } = page;
  const filters = gridFilters(query);
  const pagerQuery = { ...filters, ...pointQuery(query) };
  const sorts = ['decideBy', '-decideBy', 'positionDate', '-positionDate', 'title', '-title'];
  return layout(
    page,
    t.grid,
    html`<form method="get" action="${webPath('/follow-up')}" class="filters" role="search" aria-label="${t.filter}">
        ${selectField(
          'forum',
          t.forum,
          page.directory.forums.map((forum) => ({ value: forum.id, label: language === 'en' ? forum.nameEn : forum.nameSv })),
          query.forum,
          t.all,
        )}
        ${selectField(
          'sort',
          t.sort,
          sorts.map((sort) => ({ value: sort, label: `${sort.replace('-', '')} ${sort.startsWith('-') ? '▼' : '▲'}` })),
          query.sort,
          `decideBy ▲`,
        )}
        ${pointFields(page, query)}
        <button type="submit" class="button">${t.filter}</button>
      </form>
      ${pointShown(page, 'timeAxis' in matrix ? matrix : {})}
      <div class="actions">
        <a href="#text-alternative">${t.textAlternative}</a>
        <a href="${webPath('/follow-up/export.csv', filters)}" download>${t.export} CSV</a>
        <a href="${webPath('/follow-up/export.xlsx', filters)}" download>${t.export} XLSX</a>
      </div>
      ${legend(page)}
      <div class="table-scroll">
        <table class="grid" aria-describedby="legend">
          <caption>
            ${t.grid}: ${matrix.total} ${t.questionsShown}, ${readableDate(matrix.today, language)}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t.question}</th>
              <th scope="col">${t.decideBy}</th>
              ${page.directory.organisations.map(
                (organisation) => html`<th scope="col" class="org"><a href="${webPath(`/organisations/${organisation.id}`)}">${organisation.name}</a></th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${
              matrix.items.length === 0
                ? html`<tr>
                    <td colspan="${page.directory.organisations.length + 2}">${t.nothingHere}</td>
                  </tr>`
                : matrix.items.map(
                    (row) =>
                      html`<tr>
                        <th scope="row">${questionLink(row.question)}</th>
                        <td>${row.question.position?.decideBy ?? '–'}</td>
                        ${row.cells.map((cell) => {
                          const look = APPEARANCE[appearanceOf(cell)];
                          const words = `${page.directory.organisations.find((o) => o.id === cell.organisationId)?.name ?? cell.organisationId}: ${cellWords(cell, page)}`;
                          const inner = html`<span aria-hidden="true">${look.symbol}</span><span class="visually-hidden">${words}</span>`;
                          return html`<td class="cell ${look.className}">
                            ${
                              cell.status === 'decided'
                                ? html`<a href="${webPath(`/questions/${encodeURIComponent(row.question.id)}`)}#decision-${cell.organisationId}">${inner}</a>`
                                : html`<span>${inner}</span>`
                            }
                          </td>`;
                        })}
                      </tr>`,
                  )
            }
          </tbody>
        </table>
      </div>
      ${pager(page, '/follow-up', pagerQuery, matrix)}
      <h2 id="text-alternative">${t.textAlternative}</h2>
      ${matrix.items.map(
        (row) =>
          html`<h3>${questionLink(row.question)}</h3>
            <ul>
              ${row.cells
                .filter((cell) => cell.status !== 'not-concerned')
                .map((cell) => html`<li>${page.directory.organisations.find((o) => o.id === cell.organisationId)?.name}: ${cellWords(cell, page)}</li>`)}
            </ul>`,
      )}`,
  );
}
