import { readSqlOver } from '../../src/database/read-sql';
import { FollowUpModule } from '../../src/follow-up/follow-up.module';
import { OutstandingLogModule } from '../../src/outstanding-log/outstanding-log.module';
import { OutstandingLogQueries } from '../../src/outstanding-log/outstanding-log.queries';
import { QuestionListModule } from '../../src/question-list/question-list.module';
import { RegisterReader } from '../../src/register/contract';
import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { TODAY } from '../read-models/scenario';
import { ReadModelFixture, project, questionProjectionsOf, scenarioFixture, questionRowOf } from '../read-models/support';

/**
 * The outstanding-issues log (rm_question_owed, rm_owed_tally, GET /log) after
 * half a year of Samverkan Värmland (test/read-models/scenario.ts), written
 * through the real decider into a real event store and applied through the
 * log's projection and the two whose tables a page of the log reads (the
 * question rows and their obligations). Today is 2025-06-16.
 */
describe('the outstanding-issues log after a realistic half year', () => {
  let f: ReadModelFixture;
  let log: OutstandingLogQueries;

  beforeAll(async () => {
    f = await scenarioFixture();
    await project(f.dataSource, f.events, 50, { projections: questionProjectionsOf(QuestionListModule, FollowUpModule, OutstandingLogModule) });
    const sql = readSqlOver(f.database.pool);
    log = new OutstandingLogQueries(sql, f.clock, new RegisterReader(f.store, sql));
  }, 120_000);
  afterAll(() => f?.close());

  const row = (id: string) => questionRowOf(f.dataSource, id);

  describe('GET /log: the outstanding-issues log', () => {
    it('keeps one row per organisation and question it owes on (rm_question_owed), with the earliest due date and the title, exactly as the obligation rows are', async () => {
      const owedOn = await f.dataSource.query(
        `SELECT o.organisation_id, o.question_id, min(o.due_date)::text AS due, q.title
         FROM rm_follow_up_history o JOIN rm_question q ON q.question_id = o.question_id
         WHERE o.valid_to = 'infinity' AND o.status = 'owed' GROUP BY 1, 2, 4 ORDER BY 1, 2`,
      );
      expect(owedOn.length).toBeGreaterThan(3);
      expect(await f.dataSource.query(`SELECT organisation_id, question_id, due::text AS due, title FROM rm_question_owed ORDER BY 1, 2`)).toEqual(owedOn);
    });

    it.each([undefined, 'true', 'false'] as const)(
      "one organisation's log (overdue=%s): what it owes soonest first, then title, the same questions and total as any other order",
      async (overdue) => {
        for (const organisation of ORGANISATION_IDS) {
          const owed: Array<{ question_id: string; due: string | null; title: string }> = await f.dataSource.query(
            `SELECT question_id, min(due_date)::text AS due, min(title) AS title FROM rm_follow_up_history
             WHERE valid_to = 'infinity' AND organisation_id = $1 AND status = 'owed' GROUP BY question_id`,
            [organisation],
          );
          const day = TODAY;
          const expected = owed
            .filter((row) => overdue === undefined || (overdue === 'true' ? row.due !== null && row.due < day : row.due === null || row.due >= day))
            .sort(
              (a, b) =>
                (a.due === b.due ? 0 : a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1) ||
                (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) ||
                (a.question_id < b.question_id ? -1 : 1),
            )
            .map((row) => row.question_id);
          const page = await log.log({ organisation, overdue }, 'sv');
          expect(page.items.map((item) => item.id)).toEqual(expected.slice(0, 50));
          expect(page.total).toBe(expected.length);
          const otherOrder = await log.log({ organisation, overdue, sort: '-lastChangedAt' }, 'sv');
          expect(otherOrder.total).toBe(expected.length);
          expect(otherOrder.items.map((item) => item.id).sort()).toEqual([...expected].sort());
        }
      },
    );

    it("keeps rm_owed_tally (the organisation log's totals) equal to rm_question_owed counted by organisation and earliest due date, as its migration fills it", async () => {
      const tally = await f.dataSource.query(`SELECT organisation_id, due, questions FROM rm_owed_tally ORDER BY 1, 2`);
      const counted = await f.dataSource.query(
        `SELECT organisation_id, coalesce(to_char(due, 'YYYY-MM-DD'), '') AS due, count(*)::int AS questions FROM rm_question_owed GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      expect(counted.length).toBeGreaterThan(10);
      expect(tally).toEqual(counted);
    });

    it('lists every open question, overdue first, then by due date, with its open items', async () => {
      const page = await log.log({}, 'sv');
      expect(page.today).toBe(TODAY);
      expect(page.total).toBe(5);
      expect(page.items.map((item) => [item.title, item.dueDate, item.overdue])).toEqual([
        ['Utvidgat strandskydd', '2025-06-01', true],
        ['Det offentligas roll i besöksnäringen', '2025-07-15', false],
        ['Regionalt trafikförsörjningsprogram', '2025-09-30', false],
        ['Kompetensförsörjning i Värmland', null, false],
        ['Regional kulturplan 2026–2029', null, false],
      ]);
      const strandskydd = page.items[0];
      // Instants come as ISO text from SQL; they read as JavaScript's own toISOString of the stored timestamp.
      const stored = await row(f.ids.strandskydd);
      expect([strandskydd.raisedAt, strandskydd.lastChangedAt]).toEqual([stored.raised_at, stored.last_changed_at]);
      expect(strandskydd.raisedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(strandskydd).toMatchObject({
        id: f.ids.strandskydd,
        stage: { code: 'position-taken', label: 'Ställningstagande' },
        forum: { id: 'chairs-council', name: 'Ordföranderådet' },
        logic: { code: 'process', label: 'Processlogik' },
        nextStep: {
          code: 'decide-at-home',
          label: 'Besluta i medlemsorganisationerna',
          labels: { sv: 'Besluta i medlemsorganisationerna', en: 'Decide in the member organisations' },
          owner: {
            kind: 'organisations',
            organisations: [
              { id: 'arvika', name: 'Arvika kommun' },
              { id: 'torsby', name: 'Torsby kommun' },
            ],
          },
          dueDate: '2025-06-01',
          overdue: true,
        },
        lastMeeting: { forum: { id: 'chairs-council', name: 'Ordföranderådet' }, on: '2025-05-09', reference: 'Ordföranderådet 2025-05-09 § 4' },
        position: { number: 1, date: '2025-05-09', decideBy: '2025-06-01', organisationsToDecide: 5, decisionsIn: 3, pendingDecisions: 2 },
      });
      expect(strandskydd.openItems.map((item) => [item.kind, item.owedBy.id, item.dueDate, item.overdue])).toEqual([
        ['member-decision', 'arvika', '2025-06-01', true],
        ['member-decision', 'torsby', '2025-06-01', true],
        ['feedback-at-home', 'kil', null, false],
        ['feedback-at-home', 'region-varmland', null, false],
      ]);
      expect(strandskydd.openItems[0]).toMatchObject({
        source: 'question',
        owedBy: { kind: 'organisation', id: 'arvika', name: 'Arvika kommun' },
        label: 'Beslut i medlemsorganisation',
        status: 'owed',
        position: { number: 1, inForce: true, date: '2025-05-09', decideBy: '2025-06-01', meetingReference: 'Ordföranderådet 2025-05-09 § 4' },
      });
      expect(page.items[3]).toMatchObject({
        title: 'Kompetensförsörjning i Värmland',
        nextStep: { code: 'prepare', owner: { kind: 'forum', id: 'working-group', name: 'Värmlandsrådets arbetsgrupp' }, dueDate: null },
        openItems: [],
      });
    });

    it('overdue=true: only what is overdue', async () => {
      const page = await log.log({ overdue: 'true' }, 'sv');
      expect(page.items.map((item) => item.title)).toEqual(['Utvidgat strandskydd']);
      expect(page.items[0].openItems.map((item) => item.owedBy.id)).toEqual(['arvika', 'torsby']);
      expect((await log.log({ overdue: 'false' }, 'sv')).total).toBe(4);
    });

    it('organisation: what one organisation owes, in every question', async () => {
      const page = await log.log({ organisation: 'torsby' }, 'sv');
      expect(page.items.map((item) => [item.title, item.dueDate, item.overdue])).toEqual([
        ['Utvidgat strandskydd', '2025-06-01', true],
        ['Det offentligas roll i besöksnäringen', '2025-07-15', false],
        ['Regionalt trafikförsörjningsprogram', '2025-09-30', false],
      ]);
      expect(page.items[1].openItems).toMatchObject([
        {
          kind: 'consultation-answer',
          label: 'Remissvar',
          owedBy: { id: 'torsby' },
          consultation: { subject: 'Remiss: besöksnäringsstrategi', answerBy: '2025-07-15' },
        },
      ]);
      const karlstad = await log.log({ organisation: 'karlstad' }, 'sv');
      expect(karlstad.items.map((item) => [item.title, item.openItems.map((i) => i.kind)])).toEqual([
        ['Regionalt trafikförsörjningsprogram', ['feedback-at-home']],
      ]);
    });

    it('filters by forum, stage, topic and text; sorts; pages', async () => {
      const titles = async (query: Parameters<OutstandingLogQueries['log']>[0]) => (await log.log(query, 'sv')).items.map((item) => item.title);
      expect(await titles({ forum: 'council' })).toEqual(['Det offentligas roll i besöksnäringen']);
      expect(await titles({ stage: 'position-taken' })).toEqual(['Utvidgat strandskydd', 'Regionalt trafikförsörjningsprogram']);
      expect(await titles({ topic: 'KULTUR' })).toEqual(['Regional kulturplan 2026–2029']);
      expect(await titles({ q: 'strandskydd' })).toEqual(['Utvidgat strandskydd']);
      // Swedish stemming: "kommunerna" finds "kommuner"
      expect(await titles({ q: 'kommunerna', sort: 'title' })).toEqual([
        'Det offentligas roll i besöksnäringen',
        'Regional kulturplan 2026–2029',
        'Utvidgat strandskydd',
      ]);
      // substring of a compound word
      expect(await titles({ q: 'försörjning', sort: 'title' })).toEqual(['Kompetensförsörjning i Värmland', 'Regionalt trafikförsörjningsprogram']);
      expect(await titles({ sort: '-lastMeeting' })).toEqual([
        'Utvidgat strandskydd',
        'Regionalt trafikförsörjningsprogram',
        'Regional kulturplan 2026–2029',
        'Det offentligas roll i besöksnäringen',
        'Kompetensförsörjning i Värmland',
      ]);
      const second = await log.log({ limit: 2, offset: 2 }, 'sv');
      expect({ total: second.total, limit: second.limit, offset: second.offset, titles: second.items.map((i) => i.title) }).toEqual({
        total: 5,
        limit: 2,
        offset: 2,
        titles: ['Regionalt trafikförsörjningsprogram', 'Kompetensförsörjning i Värmland'],
      });
      expect(await log.log({ offset: 50 }, 'sv')).toMatchObject({ items: [], total: 5 });
    });

    it('speaks English when asked', async () => {
      const [first] = (await log.log({}, 'en')).items;
      expect(first).toMatchObject({
        stage: { label: 'Position taken' },
        forum: { name: "Chairs' Council" },
        logic: { label: 'Process logic' },
        nextStep: { label: 'Decide in the member organisations' },
      });
      expect(first.openItems[0].label).toBe('Member organisation decision');
    });
  });
});
