import { Html, html } from '../html';
import type { PageContext } from '../page-context';

/** A follow-up answer's point, as follow-up-as-of.queries.ts names it (absent: now). */
export interface ShownPoint {
  asOf?: string;
  inEffectOn?: string;
  timeAxis?: { code: string; label: string };
}

/**
 * The two date fields of a follow-up page's filter form: as recorded by
 * (`asOf`) and as in effect on (`inEffectOn`), each with what it means; one of
 * them at a time (the API says so if both are given).
 */
export function pointFields(page: PageContext, query: { asOf?: string; inEffectOn?: string }): Html {
  const { t } = page;
  const dateOnly = (value: string | undefined) => (value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  return html`<div class="form-group">
      <label for="asOf">${t.asRecordedBy}</label>
      <span class="hint" id="asOf-hint">${t.asRecordedByHint}</span>
      <input type="date" id="asOf" name="asOf" value="${dateOnly(query.asOf)}" aria-describedby="asOf-hint" />
    </div>
    <div class="form-group">
      <label for="inEffectOn">${t.inEffectOn}</label>
      <span class="hint" id="inEffectOn-hint">${t.inEffectOnHint}</span>
      <input type="date" id="inEffectOn" name="inEffectOn" value="${dateOnly(query.inEffectOn)}" aria-describedby="inEffectOn-hint" />
    </div>`;
}

/** Which point the page shows, labelled: "Som det hade inträffat den: 2025-06-01", or now. */
export function pointShown(page: PageContext, answer: ShownPoint): Html {
  const value = answer.inEffectOn ?? answer.asOf;
  return html`<p class="lead" data-time-axis="${answer.timeAxis?.code ?? 'now'}">
    <strong>${page.t.pointShown}: ${answer.timeAxis && value ? html`${answer.timeAxis.label} ${value}` : page.t.now}</strong>
  </p>`;
}

/** The point's query parameters, to keep in the pager's links. */
export function pointQuery(query: { asOf?: string; inEffectOn?: string }): Record<string, string | undefined> {
  return { asOf: query.asOf, inEffectOn: query.inEffectOn };
}
