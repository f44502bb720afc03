import { Html, HtmlValue, html } from '../html';
import { layout, webPath } from '../layout';
import type { PageContext } from '../page-context';
import { Field, FormError, FormTokens, FormValues, Label, errorSummary, renderForm } from './form';

/** One change someone else made after a form was drawn: what, who, when. */
export interface ChangeSince {
  when: string;
  what: string;
  who: string;
}

/**
 * A page with one command form: the error summary at the top, and after a
 * stale submit (409) what changed since the form was drawn, above the form
 * with what was typed.
 */
export function formPage(
  page: PageContext,
  view: {
    title: string;
    action: string;
    submitLabel: string;
    fields: readonly Field[];
    values: FormValues;
    errors: readonly FormError[];
    tokens: FormTokens;
    back?: { href: string; label: string };
    /** Set after a stale submit. */
    changes?: readonly ChangeSince[];
    /** What was changed, as the stale notice names it ("the meeting"); the question when not given. */
    changed?: Label;
    lead?: HtmlValue;
  },
): Html {
  const { t } = page;
  return layout(
    page,
    view.title,
    html`${view.back ? html`<p><a href="${view.back.href}">${view.back.label}</a></p>` : ''}${view.lead ?? ''}
    ${
      view.changes
        ? html`<div class="error-summary" role="alert" aria-labelledby="stale-title" tabindex="-1">
            <h2 id="stale-title">${view.changed ? staleTitle(page, view.changed) : t.staleTitle}</h2>
            <p>${view.changed ? staleLead(page, view.changed) : t.staleLead}</p>
            <ul>
              ${view.changes.map((change) => html`<li><strong>${change.what}</strong>: ${change.who}, ${change.when}</li>`)}
            </ul>
            <p>${t.staleKeep}</p>
          </div>`
        : errorSummary(view.errors, t.errorSummaryTitle)
    }
    ${renderForm({
      action: view.action,
      fields: view.fields,
      values: view.values,
      errors: view.errors,
      tokens: view.tokens,
      submitLabel: view.submitLabel,
      words: { errorSummaryTitle: t.errorSummaryTitle, optional: t.optional, chooseOne: t.chooseOne },
    })}`,
  );
}

/** "Someone else has changed the meeting": the stale notice's heading for what the form is about. */
function staleTitle(page: PageContext, changed: Label): string {
  return page.language === 'en' ? `Someone else has changed ${changed.en}` : `Någon annan har ändrat ${changed.sv}`;
}

function staleLead(page: PageContext, changed: Label): string {
  const what = changed[page.language];
  const subject = what.charAt(0).toUpperCase() + what.slice(1);
  return page.language === 'en'
    ? `${subject} changed after the form was shown. Nothing has been saved. This has happened since:`
    : `${subject} ändrades efter att formuläret visades. Inget har sparats. Det här har hänt sedan dess:`;
}

/** The label of an event type named in the query (`?recorded=`), only if it is one of the table's own keys. */
export function eventLabel(labels: Readonly<Record<string, Label>>, type: string | undefined): Label | undefined {
  return type !== undefined && Object.prototype.hasOwnProperty.call(labels, type) ? labels[type] : undefined;
}

/** "Recorded: …" at the top of the page a form's redirect lands on; nothing for an event the page does not know. */
export function recordedNotice(page: PageContext, label: Label | undefined): HtmlValue {
  return label
    ? html`<div class="notification" role="status">
        <p><strong>${page.t.recorded}:</strong> ${label[page.language]}</p>
      </div>`
    : '';
}

/** The forms the reader may give now, as links to their pages (`path`: under /web); nothing for a reader who may give none. */
export function actionList(page: PageContext, forms: ReadonlyArray<{ slug: string; title: Label }>, path: (slug: string) => string): HtmlValue {
  if (forms.length === 0) return '';
  return html`<h2 id="actions">${page.t.actions}</h2>
    <p>${page.t.actionsLead}</p>
    <ul class="action-list">
      ${forms.map((form) => html`<li><a href="${webPath(path(form.slug))}">${form.title[page.language]}</a></li>`)}
    </ul>`;
}
