import { EncodedJson } from '../database/encoded-json';

/** Between two rows, between two fields of a row, and a field that is NULL: control characters text rarely holds. */
const ROW = '\x1e';
const FIELD = '\x1f';
const NULL = '\x1d';

/** The typed columns a part of a write statement reads its rows as (write-statement.ts, `recordset`). */
export type Columns = ReadonlyArray<readonly [string, string]>;

/**
 * A batch's rows for one part of a write statement, encoded while the batch is
 * prepared, as EncodedJson is: each row its fields' text in the columns'
 * order, fields and rows apart by control characters, which the statement
 * splits with `string_to_table` and `string_to_array` and casts each field
 * with its type's input function, as COPY does. `json_to_recordset` instead
 * parses a JSON document and makes a hash table of each object's keys, which
 * costs the server more than splitting text (docs/performance.md, "Design
 * choices for speed"), and the histories write a row per event or more. An array goes as PostgreSQL's array text (`{a,b}`) when
 * its elements are numbers or text that needs no quoting there (instants,
 * ids); rows whose text holds one of the control characters, or an array
 * whose elements would need quoting, go as JSON.
 */
export class EncodedRows {
  private constructor(
    /** The rows as separated text, or (`json`) as a JSON array, in UTF-8 (sent as it is, see EncodedJson). */
    readonly bytes: Buffer,
    readonly json: boolean,
    readonly columns: readonly string[],
  ) {}

  /** `items` (objects with the columns' names as keys) for a part that reads `columns`; null when there are none. */
  static of(items: readonly object[], columns: Columns): EncodedRows | null {
    if (items.length === 0) return null;
    const names = columns.map(([name]) => name);
    const text = columns.length > 1 ? separated(items, columns) : undefined;
    if (text === undefined) return new EncodedRows(EncodedJson.ofItems(items)!.bytes, true, names);
    return new EncodedRows(Buffer.from(text, 'utf8'), false, names);
  }

  /** The relation `x` with the typed columns, from the statement's parameter `param` (text), for a part's FROM. */
  relation(param: string, columns: Columns): string {
    const names = columns.map(([name]) => name);
    if (names.join() !== this.columns.join()) throw new Error(`rows encoded as ${this.columns.join(', ')} are read as ${names.join(', ')}`);
    const typed = columns.map(([name, type], at) => `f[${at + 1}]::${type} AS ${name}`).join(', ');
    if (this.json) return `json_to_recordset(${param}::json) AS x(${columns.map(([name, type]) => `${name} ${type}`).join(', ')})`;
    return `(SELECT ${typed} FROM string_to_table(${param}, E'\\x1e') AS r, string_to_array(r, E'\\x1f', E'\\x1d') AS f) AS x`;
  }

  /** pg's hook for a parameter of its own type. */
  toPostgres(): Buffer {
    return this.bytes;
  }
}

/** The rows as separated text, or undefined if a field's text holds a separator (or a value has no text form for its column). */
function separated(items: readonly object[], columns: Columns): string | undefined {
  const names = columns.map(([name]) => name);
  const json = columns.map(([, type]) => type === 'json' || type === 'jsonb');
  const array = columns.map(([, type]) => type.endsWith('[]'));
  let text = '';
  for (let row = 0; row < items.length; row++) {
    const item = items[row] as Record<string, unknown>;
    if (row > 0) text += ROW;
    for (let at = 0; at < names.length; at++) {
      if (at > 0) text += FIELD;
      const value = item[names[at]];
      if (value === null || value === undefined) {
        text += NULL;
      } else if (array[at]) {
        const elements = arrayText(value);
        if (elements === undefined) return undefined;
        text += elements;
      } else if (typeof value === 'string') {
        if (holdsSeparator(value)) return undefined;
        text += json[at] ? JSON.stringify(value) : value;
      } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
        text += String(value);
      } else if (json[at]) {
        // JSON.stringify writes control characters as escapes: never a separator.
        text += JSON.stringify(value);
      } else {
        return undefined;
      }
    }
  }
  return text;
}

/** Characters an array element's text may hold unquoted (and no separator): letters, digits and `-+.:_`. */
const PLAIN_ELEMENT = /^[0-9A-Za-z\-+.:_]+$/;

/** An array of numbers or plain text as PostgreSQL's array text, or undefined if an element would need quoting. */
function arrayText(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  let text = '{';
  for (let at = 0; at < value.length; at++) {
    const element: unknown = value[at];
    if (at > 0) text += ',';
    if (typeof element === 'number' && Number.isFinite(element)) text += String(element);
    else if (typeof element === 'string' && PLAIN_ELEMENT.test(element) && !(element.length === 4 && element.toUpperCase() === 'NULL')) text += element;
    else return undefined;
  }
  return text + '}';
}

/** Any of the three separators (\x1d NULL, \x1e ROW, \x1f FIELD): one scan of the text instead of one per separator. */
// eslint-disable-next-line no-control-regex -- the separators are control characters on purpose: text rarely holds them.
const SEPARATOR = /[\x1d-\x1f]/;

function holdsSeparator(text: string): boolean {
  return SEPARATOR.test(text);
}
