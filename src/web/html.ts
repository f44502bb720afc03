/**
 * Typed server-side rendering: `html` is a tagged template whose every
 * interpolated value is escaped unless it is already `Html` (made by `html`
 * itself or by `raw`, which only this slice's own constant markup uses).
 * Arrays are joined, `null`/`undefined`/`false` render as nothing. So a title
 * a user wrote (`<script>…`) can only ever reach a page as text.
 */
export class Html {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += render(values[i]) + strings[i + 1];
  return new Html(text);
}

/** Markup that is known to be safe: constant strings of this slice, never user data. */
export function raw(text: string): Html {
  return new Html(text);
}

/** A link target users wrote (a document's URL): only http(s) and site-relative paths become links, never `javascript:` or `data:`. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  return /^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url) ? url : undefined;
}
