import { EncodedRows } from './encoded-rows';

const COLUMNS = [
  ['id', 'text'],
  ['title', 'text'],
  ['due', 'date'],
  ['amount', 'integer'],
  ['instants', 'timestamptz[]'],
  ['details', 'json'],
] as const;

/** The rows as `EncodedRows` separates them, built in the plainest way: fields joined by \x1f, rows by \x1e, NULL as \x1d. */
function expectedText(rows: ReadonlyArray<Record<string, unknown>>): string {
  return rows
    .map((row) =>
      [row.id, row.title, row.due ?? '\x1d', String(row.amount), `{${(row.instants as string[]).join(',')}}`, JSON.stringify(row.details)].join('\x1f'),
    )
    .join('\x1e');
}

describe('EncodedRows', () => {
  it('writes many rows, with text of more than one byte per character, as the separated text of all of them in UTF-8', () => {
    const rows = Array.from({ length: 3000 }, (_, at) => ({
      id: `q-${at}`,
      title: at % 3 === 0 ? `Åtgärd för ärende ${at} 🙂` : `Question ${at}`,
      due: at % 5 === 0 ? null : '2026-04-30',
      amount: at - 1500,
      instants: ['2026-03-02T00:00:00.000Z', '2026-03-03T12:00:00.000Z'].slice(0, at % 3),
      details: { subject: `Remiss ${at} – “citat”`, answer: at % 2 === 0 },
    }));
    const encoded = EncodedRows.of(rows, COLUMNS)!;
    expect(encoded.json).toBe(false);
    expect(encoded.bytes.equals(Buffer.from(expectedText(rows), 'utf8'))).toBe(true);
  });

  it('sends the rows as JSON when a text holds a separator or an array element would need quoting', () => {
    const row = { id: 'a', title: 'x', due: null, amount: 1, instants: [], details: {} };
    for (const separator of ['\x1d', '\x1e', '\x1f'])
      expect(EncodedRows.of([row, { ...row, id: 'b', title: `tab${separator}here` }], COLUMNS)!.json).toBe(true);
    expect(EncodedRows.of([row, { ...row, id: 'b', title: 'tab\x1chere \x20' }], COLUMNS)!.json).toBe(false);
    expect(EncodedRows.of([row, { ...row, id: 'b', instants: ['null'] }], COLUMNS)!.json).toBe(true);
    expect(EncodedRows.of([row, { ...row, id: 'b', instants: ['nullable'] }], COLUMNS)!.json).toBe(false);
  });
});
