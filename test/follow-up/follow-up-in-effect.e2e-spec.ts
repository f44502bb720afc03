import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvRecords } from '../../src/import/import-file';
import { OUTCOME_VALUES, organisationNamed, valueOf } from '../../src/import/import-template';
import { importedQuestionId } from '../../src/import/import-rows';
import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, signIn } from '../web/web-support';

jest.setTimeout(120_000);

const FIXTURE = path.join(__dirname, '../import/fixtures/seed-questions-2024-2025.csv');
const ENTERED = '2025-09-01T08:00:00.000Z';

/** What the file says about each question's position and the decisions on it, by the days things happened. */
interface FileQuestion {
  key: string;
  title: string;
  raisedOn: string;
  endedOn?: string;
  position?: { on: string; organisations: string[]; decideBy: string };
  decisions: Map<string, { on: string; outcome: string; reference: string }>;
}

function questionsOfFile(text: string): FileQuestion[] {
  const [header, ...rows] = csvRecords(text);
  const questions = new Map<string, FileQuestion>();
  for (const cells of rows) {
    const cell = (column: string) => (cells[header.indexOf(column)] ?? '').trim();
    const key = cell('fråga');
    const day = cell('datum');
    if (cell('steg') === 'väckt') questions.set(key, { key, title: cell('titel'), raisedOn: day, decisions: new Map() });
    const question = questions.get(key)!;
    if (cell('steg') === 'ställningstagande') {
      question.position = {
        on: day,
        organisations: cell('organisationer')
          .split(',')
          .map((name) => organisationNamed(name.trim())!),
        decideBy: cell('beslut senast'),
      };
    }
    if (cell('steg') === 'beslut') {
      question.decisions.set(organisationNamed(cell('organisation'))!, {
        on: day,
        outcome: valueOf(OUTCOME_VALUES, cell('utfall'))!,
        reference: cell('referens'),
      });
    }
    if (cell('steg') === 'avslutad' || cell('steg') === 'återkallad') question.endedOn = day;
  }
  return [...questions.values()];
}

type Cell = 'decided' | 'awaiting' | 'overdue' | 'not-concerned';

/** The file read as in effect on `day`: each question with a position in force, and each organisation's cell. */
function expectedGrid(questions: FileQuestion[], day: string) {
  return questions
    .filter((question) => question.position && question.position.on <= day && !(question.endedOn && question.endedOn <= day))
    .map((question) => {
      const position = question.position!;
      const cells: Record<string, Cell> = {};
      for (const organisation of ORGANISATION_IDS) {
        const decision = question.decisions.get(organisation);
        cells[organisation] = !position.organisations.includes(organisation)
          ? 'not-concerned'
          : decision && decision.on <= day
            ? 'decided'
            : position.decideBy < day
              ? 'overdue'
              : 'awaiting';
      }
      return { id: importedQuestionId(question.key), title: question.title, cells };
    });
}

/**
 * The follow-up of imported questions, whose steps happened in 2024–2025 and
 * were all entered on 1 September 2025: "as in effect on" days between the
 * steps shows what had happened by then (rows computed here from the file's
 * dates), "as recorded by" a day before the import shows nothing — for one
 * organisation's follow-up and for the grid, over the API and on the web pages.
 */
describe('The follow-up and the grid as in effect on a day, and as recorded by an instant', () => {
  const clock = new FixedClock(new Date(ENTERED));
  const bytes = fs.readFileSync(FIXTURE);
  const file = questionsOfFile(bytes.toString('utf8'));
  // Every day a step of the file happened, and the day before it, and a day after the last.
  const days = [...new Set(file.flatMap((q) => [q.raisedOn, q.endedOn, q.position?.on, q.position?.decideBy, ...[...q.decisions.values()].map((d) => d.on)]))]
    .filter((day): day is string => day !== undefined)
    .flatMap((day) => [shiftDay(day, -1), day])
    .concat(['2025-08-31'])
    .sort();
  let t: TestApp;
  let auditor: string;
  /** Where the import reached: every read names it, so it sees the import's events (read-your-writes). */
  let imported: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const admin = await t.token('admin', 'region-varmland', 'ida.admin');
    auditor = await t.token('auditor', 'region-varmland');
    const response = await t
      .http()
      .post('/imports')
      .set('Authorization', `Bearer ${admin}`)
      .attach('file', bytes, { filename: 'logg.csv', contentType: 'text/csv' })
      .expect(201);
    imported = response.body.position as string;
    expect(imported).toMatch(/^\d+\.\d+$/);
    expect(file.some((question) => question.position && question.decisions.size > 0)).toBe(true);
  }, 180_000);
  afterAll(() => t?.close());

  const get = (url: string, token = auditor) => t.http().get(url).set('Authorization', `Bearer ${token}`).set('X-After-Position', imported);

  it('the grid as in effect on each day between the steps holds what the file says had happened by then', async () => {
    let shown = 0;
    for (const day of days) {
      const { body } = await get(`/follow-up?inEffectOn=${day}&limit=200`).expect(200);
      expect(body).toMatchObject({ inEffectOn: day, today: day, timeAxis: { code: 'as-in-effect-on', label: 'Som det hade inträffat den' } });
      expect(body.asOf).toBeUndefined();
      const expected = expectedGrid(file, day);
      const actual = body.items.map((item: { question: { id: string; title: string }; cells: Array<{ organisationId: string; status: Cell }> }) => ({
        id: item.question.id,
        title: item.question.title,
        cells: Object.fromEntries(item.cells.map((cell) => [cell.organisationId, cell.status])),
      }));
      expect({ day, items: actual }).toEqual({ day, items: expected });
      expect(body.total).toBe(expected.length);
      shown += expected.length;
    }
    expect(shown).toBeGreaterThan(3);
  });

  it('each organisation named in a position: its decisions owed and done as in effect on each day, as the file dates them', async () => {
    const named = [...new Set(file.flatMap((question) => question.position?.organisations ?? []))];
    expect(named.length).toBeGreaterThan(1);
    for (const day of days) {
      for (const organisation of named) {
        const { body } = await get(`/organisations/${organisation}/follow-up?inEffectOn=${day}&limit=200`).expect(200);
        expect(body).toMatchObject({ inEffectOn: day, today: day, timeAxis: { code: 'as-in-effect-on' } });
        const rows = expectedGrid(file, day).filter((row) => row.cells[organisation] !== 'not-concerned');
        const decisionsOf = (
          list: Array<{ kind: string; question: { id: string }; overdue: boolean; doneOn: string | null; decision?: { outcome: { code: string } } }>,
        ) => list.filter((item) => item.kind === 'member-decision');
        expect({ day, organisation, owed: decisionsOf(body.owed).map((item) => [item.question.id, item.overdue]) }).toEqual({
          day,
          organisation,
          owed: rows.filter((row) => row.cells[organisation] !== 'decided').map((row) => [row.id, row.cells[organisation] === 'overdue']),
        });
        const decided = file.flatMap((question) => {
          const decision = question.decisions.get(organisation);
          return decision && decision.on <= day ? [[importedQuestionId(question.key), decision.on, decision.outcome]] : [];
        });
        expect({ day, organisation, done: decisionsOf(body.done).map((item) => [item.question.id, item.doneOn, item.decision?.outcome.code]) }).toEqual({
          day,
          organisation,
          done: decided,
        });
      }
    }
  });

  it('as recorded by: the day before the import the record held nothing; from the import on, all of it', async () => {
    const before = await get('/follow-up?asOf=2025-08-31').expect(200);
    expect(before.body).toMatchObject({ asOf: expect.any(String), timeAxis: { code: 'as-recorded-by', label: 'Som registrerat vid' }, total: 0, items: [] });
    expect(before.body.inEffectOn).toBeUndefined();
    const kilBefore = await get('/organisations/kil/follow-up?asOf=2025-08-31').expect(200);
    expect(kilBefore.body.counts).toMatchObject({ owed: 0, done: 0 });
    const after = await get(`/follow-up?asOf=${ENTERED}`).expect(200);
    expect(after.body.items.map((item: { question: { id: string } }) => item.question.id)).toEqual(expectedGrid(file, '2025-09-01').map((row) => row.id));
  });

  it('one time axis at a time; the grid at a point is not filtered by forum; a member reads only its own past', async () => {
    const both = await get('/organisations/kil/follow-up?asOf=2025-09-01&inEffectOn=2025-03-01').expect(400);
    expect(JSON.stringify(both.body)).toContain('one-time-axis');
    const forum = await get('/follow-up?inEffectOn=2025-03-01&forum=chairs-council').expect(400);
    expect(JSON.stringify(forum.body)).toContain('forum-not-with-time-travel');
    const badDay = await get('/follow-up?inEffectOn=2025-02-30').expect(400);
    expect(JSON.stringify(badDay.body)).toContain('inEffectOn');
    const member = await t.token('member', 'kil');
    await get('/organisations/kil/follow-up?inEffectOn=2025-06-01', member).expect(200);
    await get('/organisations/karlstad/follow-up?inEffectOn=2025-06-01', member).expect(403);
    await get('/follow-up?inEffectOn=2025-06-01', member).expect(403);
  });

  it('the web pages take the day on their filter form and say which view they show', async () => {
    const agent = browser(t);
    await signIn(agent, 'auditor', 'region-varmland');
    const withPosition = file.find((question) => question.position)!;
    const before = shiftDay(withPosition.position!.on, -1);
    const grid = await agent.get(`/web/follow-up?inEffectOn=${withPosition.position!.on}`).expect(200);
    expect(grid.text).toContain('name="inEffectOn" value="' + withPosition.position!.on + '"');
    expect(grid.text).toContain(`Som det hade inträffat den ${withPosition.position!.on}`);
    expect(grid.text).toContain(escapeHtml(withPosition.title));
    const gridBefore = await agent.get(`/web/follow-up?inEffectOn=${before}`).expect(200);
    expect(gridBefore.text).not.toContain(escapeHtml(withPosition.title));
    const organisation = withPosition.position!.organisations[0];
    const page = await agent.get(`/web/organisations/${organisation}?inEffectOn=${withPosition.position!.on}`).expect(200);
    expect(page.text).toContain('<label for="inEffectOn">Som det hade inträffat den</label>');
    expect(page.text).toContain('<label for="asOf">Som registrerat per datum</label>');
    expect(page.text).toContain(escapeHtml(withPosition.title));
    const recorded = await agent.get(`/web/organisations/${organisation}?asOf=2025-08-31`).expect(200);
    expect(recorded.text).toContain('Som registrerat vid');
    expect(recorded.text).not.toContain(escapeHtml(withPosition.title));
    const now = await agent.get(`/web/organisations/${organisation}`).expect(200);
    expect(now.text).toContain('data-time-axis="now"');
  });
});

function shiftDay(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
