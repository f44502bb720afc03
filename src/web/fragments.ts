import type { Language } from '../http/accept-language';
import { Html, HtmlValue, html } from './html';
import { webPath } from './layout';
import type { PageContext } from './page-context';

/**
 * The formats of an instant, made once: `toLocaleString` with options builds a
 * formatter on every call, and a page with a timeline formats a hundred instants.
 */
const INSTANT_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }),
};

/** A date (YYYY-MM-DD) or instant as people read it: the date, and the time in Sweden for an instant. */
export function readableDate(value: string | null | undefined, language: Language): string {
  if (!value) return '–';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return INSTANT_FORMATS[language].format(instant);
}

export function overdueTag(page: PageContext, overdue: boolean): HtmlValue {
  return overdue ? html` <span class="overdue-tag">${page.t.overdue}</span>` : '';
}

export function questionLink(question: { id: string; title: string }): Html {
  return html`<a href="${webPath(`/questions/${encodeURIComponent(question.id)}`)}">${question.title}</a>`;
}

/** "Page 2 of 7" with previous and next links that keep the page's filters. */
export function pager(
  page: PageContext,
  path: string,
  query: Record<string, string | undefined>,
  paging: { total: number; limit: number; offset: number },
): HtmlValue {
  const { t } = page;
  const pages = Math.max(1, Math.ceil(paging.total / paging.limit));
  const current = Math.floor(paging.offset / paging.limit) + 1;
  const link = (offset: number) => webPath(path, { ...query, offset: offset === 0 ? undefined : offset });
  return html`<nav class="pager" aria-label="${t.page}">
    ${current > 1 ? html`<a href="${link(Math.max(0, paging.offset - paging.limit))}" rel="prev">${t.previous}</a>` : ''}
    <span>${t.page} ${current} ${t.of} ${pages} (${paging.total} ${t.questionsShown})</span>
    ${current < pages ? html`<a href="${link(paging.offset + paging.limit)}" rel="next">${t.next}</a>` : ''}
  </nav>`;
}

/** A select of a filter form; the current value selected. */
export function selectField(id: string, label: string, options: Array<{ value: string; label: string }>, current: string | undefined, allLabel: string): Html {
  return html`<div class="form-group">
    <label for="${id}">${label}</label>
    <select id="${id}" name="${id}">
      <option value="">${allLabel}</option>
      ${options.map((option) => html`<option value="${option.value}" ${current === option.value ? ' selected' : ''}>${option.label}</option>`)}
    </select>
  </div>`;
}
