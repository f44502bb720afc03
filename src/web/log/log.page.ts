import type { OutstandingLogPage, OutstandingLogQueryDto } from '../../outstanding-log/contract';
import { LOGIC_LABELS, QUESTION_STAGE_LABELS } from '../../questions/contract';
import { overdueTag, pager, questionLink, readableDate, selectField } from '../fragments';
import { Html, html } from '../html';
import { layout, webPath } from '../layout';
import type { PageContext } from '../page-context';

/** The log's filters as the query of its links (paging, sorting, export keep them). */
export function logFilters(query: OutstandingLogQueryDto): Record<string, string | undefined> {
  return { forum: query.forum, logic: query.logic, stage: query.stage, organisation: query.organisation, overdue: query.overdue, sort: query.sort };
}

/** The filter form: forum, logic, stage, organisation, overdue and the order; a plain GET form that works without JavaScript. */
export function logFilterForm(page: PageContext, action: string, query: OutstandingLogQueryDto, withSort: boolean): Html {
  const { t, language } = page;
  return html`<form method="get" action="${action}" class="filters" role="search" aria-label="${t.filter}">
    ${selectField(
      'forum',
      t.forum,
      page.directory.forums.map((forum) => ({ value: forum.id, label: language === 'en' ? forum.nameEn : forum.nameSv })),
      query.forum,
      t.all,
    )}
    ${
      withSort
        ? selectField(
            'logic',
            t.logic,
            Object.entries(LOGIC_LABELS).map(([value, label]) => ({ value, label: label[language] })),
            query.logic,
            t.all,
          )
        : ''
    }
    ${
      withSort
        ? selectField(
            'stage',
            t.stage,
            Object.entries(QUESTION_STAGE_LABELS).map(([value, label]) => ({ value, label: label[language] })),
            query.stage,
            t.all,
          )
        : ''
    }
    ${
      withSort
        ? selectField(
            'organisation',
            t.organisation,
            page.directory.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name })),
            query.organisation,
            t.all,
          )
        : ''
    }
    ${
      withSort
        ? selectField(
            'overdue',
            t.overdue,
            [
              { value: 'true', label: t.overdueOnly },
              { value: 'false', label: t.notOverdueOnly },
            ],
            query.overdue,
            t.all,
          )
        : ''
    }
    <button type="submit" class="button">${t.filter}</button>
  </form>`;
}

/** A column heading that sorts by its key: ascending first, descending when already ascending. */
function sortableHeading(page: PageContext, label: string, key: string, query: OutstandingLogQueryDto): Html {
  const current = query.sort ?? 'dueDate';
  const ascending = current === key;
  const descending = current === `-${key}`;
  const next = ascending ? `-${key}` : key;
  return html`<th scope="col" ${ascending ? html` aria-sort="ascending"` : descending ? html` aria-sort="descending"` : ''}>
    <a
      href="${webPath('/log', {
        ...logFilters(query),
        sort: next,
      })}"
      >${label}${ascending ? ' ▲' : descending ? ' ▼' : ''}</a
    >
  </th>`;
}

export function logPage(page: PageContext, query: OutstandingLogQueryDto, log: OutstandingLogPage): Html {
  const { t, language } = page;
  const filters = logFilters(query);
  return layout(
    page,
    t.log,
    html`${logFilterForm(page, webPath('/log'), query, true)}
      <div class="actions">
        <a href="${webPath('/log', { ...filters, limit: 500 })}">${t.print}: ${t.all.toLowerCase()}</a>
        <a href="${webPath('/log/export.csv', filters)}" download>${t.export} CSV</a>
        <a href="${webPath('/log/export.xlsx', filters)}" download>${t.export} XLSX</a>
      </div>
      <p>${log.total} ${t.questionsShown}, ${readableDate(log.today, language)}.</p>
      <div class="table-scroll">
        <table class="log">
          <caption>
            ${t.log}
          </caption>
          <thead>
            <tr>
              ${sortableHeading(page, t.question, 'title', query)}
              <th scope="col">${t.stage}</th>
              <th scope="col">${t.nextStep}</th>
              ${sortableHeading(page, t.dueDate, 'dueDate', query)} ${sortableHeading(page, t.lastMeeting, 'lastMeeting', query)}
              <th scope="col">${t.openItems}</th>
            </tr>
          </thead>
          <tbody>
            ${
              log.items.length === 0
                ? html`<tr>
                    <td colspan="6">${t.nothingHere}</td>
                  </tr>`
                : log.items.map(
                    (item) =>
                      html`<tr>
                        <td>${questionLink(item)}<br /><span class="hint">${item.forum?.name ?? ''}${item.logic ? html` · ${item.logic.label}` : ''}</span></td>
                        <td>${item.stage.label}</td>
                        <td>${item.nextStep.label}</td>
                        <td>${readableDate(item.dueDate, language)}${overdueTag(page, item.overdue)}</td>
                        <td>${item.lastMeeting ? html`${item.lastMeeting.forum.name}, ${item.lastMeeting.on}` : '–'}</td>
                        <td>
                          ${
                            item.openItems.length === 0
                              ? '–'
                              : html`<ul>
                                  ${item.openItems.map(
                                    (open) =>
                                      html`<li>
                                        ${open.label}: ${open.owedBy.name}${open.dueDate ? html`, ${open.dueDate}` : ''}${overdueTag(page, open.overdue)}
                                      </li>`,
                                  )}
                                </ul>`
                          }
                        </td>
                      </tr>`,
                  )
            }
          </tbody>
        </table>
      </div>
      ${pager(page, '/log', { ...filters, limit: query.limit === undefined ? undefined : String(query.limit) }, log)}`,
  );
}
