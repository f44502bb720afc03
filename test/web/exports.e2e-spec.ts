import ExcelJS from 'exceljs';
import { DemoTransport, loadDemoYear } from '../../src/demo/demo-year';
import { ORGANISATIONS } from '../../src/reference-data/organisations';
import { demoOverHttp } from '../support/demo-over-http';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, signIn } from './web-support';

/** A CSV as written by the export (semicolons, every field quoted, CRLF, BOM), read back into rows. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ';' && c !== '\r')) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ';') {
      row.push(field);
      field = '';
    } else {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
  }
  return rows;
}

async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)))),
  );
  return rows;
}

const binary = (response: import('supertest').Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** The log and the grid download as CSV and XLSX with the page's filters, and read back as the page shows them. */
describe('Web exports (CSV, XLSX)', () => {
  let t: TestApp;
  let chair: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    // The demo's secretary records its meetings: a secretary serves the forums its token names (demoToken).
    const api: DemoTransport = demoOverHttp(t);
    await loadDemoYear(api);
    await api.post({ userId: 'x', displayName: 'X', role: 'chair', organisationId: 'kil' }, 'formula', '/questions', {
      title: '=HYPERLINK("http://evil.example","klicka")',
      description: 'En titel som ser ut som en formel',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Test',
    });
    chair = await t.token('chair');
    // Each test compares two reads made one after the other (GET /log, then the export): every read model has the whole year first.
    await t.caughtUp();
  }, 300_000);
  afterAll(() => t?.close());

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${chair}`);

  it('the log as CSV has the same questions, in the same order, as GET /log with the same filters', async () => {
    for (const query of ['', '?overdue=true', '?forum=council&sort=-title', '?organisation=karlstad', '?logic=decision']) {
      const api = (await get(`/log${query}${query ? '&' : '?'}limit=500`).expect(200)).body as { items: Array<{ id: string; title: string }> };
      const csv = await get(`/web/log/export.csv${query}`)
        .expect(200)
        .expect('Content-Type', /text\/csv/);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="utestaende-logg.csv"');
      const [headings, ...rows] = parseCsv(csv.text);
      expect(headings[0]).toBe('Fråga');
      expect({ query, ids: rows.map((row) => row[row.length - 1]) }).toEqual({ query, ids: api.items.map((item) => item.id) });
    }
  });

  it('the log as XLSX opens as a workbook with the same rows as the CSV', async () => {
    const xlsx = await get('/web/log/export.xlsx?overdue=true').buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const csv = parseCsv((await get('/web/log/export.csv?overdue=true').expect(200)).text);
    const sheet = await readXlsx(xlsx.body as Buffer);
    expect(sheet.map((row) => row[0])).toEqual(csv.map((row) => row[0]));
    expect(sheet.length).toBeGreaterThan(1);
  });

  it('the grid as CSV and XLSX: a row per question with a position, a column per organisation', async () => {
    const api = (await get('/follow-up?limit=500').expect(200)).body as { items: Array<{ question: { id: string }; cells: Array<{ statusLabel: string }> }> };
    const [headings, ...rows] = parseCsv((await get('/web/follow-up/export.csv').expect(200)).text);
    expect(headings.slice(2, 2 + ORGANISATIONS.length)).toEqual(ORGANISATIONS.map((organisation) => organisation.name));
    expect(rows.map((row) => row[row.length - 1])).toEqual(api.items.map((item) => item.question.id));
    expect(rows.length).toBeGreaterThan(0);
    const sheet = await readXlsx((await get('/web/follow-up/export.xlsx').buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(sheet.slice(1).map((row) => row[row.length - 1])).toEqual(api.items.map((item) => item.question.id));
  });

  it('a title that looks like a formula is exported as text', async () => {
    const rows = parseCsv((await get('/web/log/export.csv?sort=title').expect(200)).text);
    expect(rows.some((row) => row[0] === `'=HYPERLINK("http://evil.example","klicka")`)).toBe(true);
  });

  it('a signed-in browser session downloads too; a member of Kil is refused the log, as on the page', async () => {
    const agent = browser(t);
    await signIn(agent, 'member', 'kil');
    await agent.get('/web/log/export.csv').expect(403);
    await agent.get('/web/follow-up/export.csv').expect(200);
  });
});
