import { randomBytes } from 'node:crypto';
import { Html, HtmlValue, html } from '../html';

/**
 * Forms that give commands (docs/web.md "Forms"): the fields as data, read
 * from a posted body and drawn with what was typed and the errors beside
 * their fields, after the GOV.UK pattern (an error summary at the top linking
 * to each field, the error above its input, one primary action).
 *
 * Every drawn form carries three hidden fields besides its own:
 * - `_csrf`, the session's form token, which WebMiddleware checks;
 * - `_formKey`, a random key made when the form is drawn: the command's id
 *   derives from the user and the key exactly as from an Idempotency-Key, so a
 *   double click, a reload or back-and-resubmit records the command once;
 * - `_revision`, the revision of the stream the form was drawn from: a submit
 *   after someone else changed it is refused (409) and shows what changed.
 */

export const CSRF_FIELD = '_csrf';
export const FORM_KEY_FIELD = '_formKey';
export const REVISION_FIELD = '_revision';

export type FieldKind = 'text' | 'textarea' | 'date' | 'datetime-local' | 'url' | 'select' | 'radios' | 'checkboxes';

/** A display name in Swedish and English. */
export interface Label {
  sv: string;
  en: string;
}

export interface FieldOption {
  value: string;
  label: string;
}

export interface Field {
  /** The input's name and id. */
  name: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  /** Shown as optional; an empty optional field is left out of the command. */
  optional?: boolean;
  options?: FieldOption[];
  /** How the API names the field in its errors (`responsible.givenName`), when not by `name`. */
  path?: string;
  maxLength?: number;
}

/** What was typed: a string per field, a list for checkboxes. */
export type FormValues = Record<string, string | string[]>;

/** An error beside its field, or (no field) at the top of the form. */
export interface FormError {
  field?: string;
  message: string;
}

export interface FormTokens {
  csrfToken: string;
  formKey: string;
  /** The stream revision the form was drawn from; absent for a form that creates a stream. */
  revision?: number;
}

export interface FormWords {
  errorSummaryTitle: string;
  optional: string;
  chooseOne: string;
}

/** A key for one drawn form: 128 random bits. */
export function newFormKey(): string {
  return randomBytes(16).toString('base64url');
}

const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** The posted form key, if it looks like one this server draws. */
export function formKeyOf(body: Record<string, unknown>): string | undefined {
  const key = body[FORM_KEY_FIELD];
  return typeof key === 'string' && FORM_KEY.test(key) ? key : undefined;
}

/** The posted revision the form was drawn from, if any. */
export function revisionOf(body: Record<string, unknown>): number | undefined {
  const text = body[REVISION_FIELD];
  return typeof text === 'string' && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** The values of the form's own fields in a posted body: text as typed (ends trimmed), checkboxes as a list; anything else is ignored. */
export function readValues(fields: readonly Field[], body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const sent = body[field.name];
    const list = (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter((value): value is string => typeof value === 'string');
    values[field.name] = field.kind === 'checkboxes' ? list : (list[0] ?? '').trim();
  }
  return values;
}

/** A text value, or undefined when left empty (an optional field's "not given"). */
export function given(values: FormValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A checkbox group's chosen values. */
export function chosen(values: FormValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : value ? [value] : [];
}

/** The form field an API error names (`responsible.givenName`, `organisationsToDecide[2]`), if the form has it. */
export function fieldFor(fields: readonly Field[], path: string): string | undefined {
  const base = path.replace(/\[\d+\]$/, '');
  return fields.find((field) => (field.path ?? field.name) === base)?.name;
}

/** The id of the input an error links to: a group's first input carries the group's name. */
function inputId(field: Field, index: number): string {
  return index === 0 ? field.name : `${field.name}-${index}`;
}

export function errorSummary(errors: readonly FormError[], title: string): HtmlValue {
  if (errors.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">${title}</h2>
    <ul>
      ${errors.map((error) => html`<li>${error.field ? html`<a href="#${error.field}">${error.message}</a>` : error.message}</li>`)}
    </ul>
  </div>`;
}

function fieldHtml(field: Field, value: string | string[], errors: readonly FormError[], words: FormWords): Html {
  const own = errors.filter((error) => error.field === field.name);
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = own.length > 0 ? `${field.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const described = describedBy ? html` aria-describedby="${describedBy}"` : '';
  const label = html`${field.label}${field.optional ? html` <span class="optional">(${words.optional})</span>` : ''}`;
  const hint = field.hint ? html`<span class="hint" id="${hintId}">${field.hint}</span>` : '';
  const error = errorId ? html`<span class="error-message" id="${errorId}">${own.map((entry) => entry.message).join(' ')}</span>` : '';
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [value];
  const maxLength = field.maxLength ? html` maxlength="${field.maxLength}"` : '';
  const groupClass = `form-group${errorId ? ' form-group--error' : ''}`;
  switch (field.kind) {
    case 'radios':
    case 'checkboxes': {
      const type = field.kind === 'radios' ? 'radio' : 'checkbox';
      return html`<div class="${groupClass}">
        <fieldset${described}>
          <legend>${label}</legend>
          ${hint}${error}
          <div class="${field.kind}">
            ${(field.options ?? []).map(
              (option, index) =>
                html`<div>
                  <input
                    type="${type}"
                    id="${inputId(field, index)}"
                    name="${field.name}"
                    value="${option.value}"
                    ${list.includes(option.value) ? html` checked` : ''}
                  />
                  <label for="${inputId(field, index)}">${option.label}</label>
                </div>`,
            )}
          </div>
        </fieldset>
      </div>`;
    }
    case 'select':
      return html`<div class="${groupClass}">
        <label for="${field.name}">${label}</label>
        ${hint}${error}
        <select id="${field.name}" name="${field.name}" ${described}>
          ${(field.options ?? []).length === 1 ? '' : html`<option value="">${words.chooseOne}</option>`}
          ${(field.options ?? []).map((option) => html`<option value="${option.value}" ${text === option.value ? html` selected` : ''}>${option.label}</option>`)}
        </select>
      </div>`;
    case 'textarea':
      return html`<div class="${groupClass}">
        <label for="${field.name}">${label}</label>
        ${hint}${error}
        <textarea id="${field.name}" name="${field.name}" rows="5" ${maxLength}${described}>${text}</textarea>
      </div>`;
    default:
      return html`<div class="${groupClass}">
        <label for="${field.name}">${label}</label>
        ${hint}${error}
        <input type="${field.kind}" id="${field.name}" name="${field.name}" value="${text}" ${maxLength}${described} />
      </div>`;
  }
}

/** A form with its hidden tokens, its fields (typed values kept, errors beside them) and one primary action. */
export function renderForm(options: {
  action: string;
  fields: readonly Field[];
  values: FormValues;
  errors: readonly FormError[];
  tokens: FormTokens;
  submitLabel: string;
  words: FormWords;
}): Html {
  const { tokens } = options;
  return html`<form method="post" action="${options.action}" novalidate class="command-form">
    <input type="hidden" name="${CSRF_FIELD}" value="${tokens.csrfToken}" />
    <input type="hidden" name="${FORM_KEY_FIELD}" value="${tokens.formKey}" />
    ${tokens.revision !== undefined ? html`<input type="hidden" name="${REVISION_FIELD}" value="${tokens.revision}" />` : ''}
    ${options.fields.map((field) => fieldHtml(field, options.values[field.name] ?? '', options.errors, options.words))}
    <button type="submit" class="button">${options.submitLabel}</button>
  </form>`;
}

/**
 * A `datetime-local` value (2027-03-12T09:00), a time in Sweden, as the
 * instant with its offset the API takes (2027-03-12T09:00:00+01:00); anything
 * else as typed, for the API's check to name.
 */
export function swedishInstant(local: string | string[] | undefined): string | undefined {
  if (typeof local !== 'string' || local === '') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return local;
  const asUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]));
  // The offset at the instant itself: found from a first guess, so a time just after a change of summer time is right too.
  const offset = offsetMinutes(asUtc - offsetMinutes(asUtc) * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local}:00${sign}${hours}:${minutes}`;
}

const STOCKHOLM_LOCAL = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as a `datetime-local` value in Swedish time (the other way from `swedishInstant`). */
export function swedishLocal(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : STOCKHOLM_LOCAL.format(date).replace(' ', 'T');
}

const STOCKHOLM_OFFSET = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' });

function offsetMinutes(epochMs: number): number {
  const name = STOCKHOLM_OFFSET.formatToParts(new Date(epochMs)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}
