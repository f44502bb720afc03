import { randomUUID } from 'node:crypto';
import { readSqlOver } from '../../src/database/read-sql';
import { FollowUpQueries } from '../../src/follow-up/follow-up.queries';
import { OutstandingLogQueries } from '../../src/outstanding-log/outstanding-log.queries';
import { QuestionQueries } from '../../src/question-list/question-queries';
import { RegisterReader } from '../../src/register/contract';
import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { testMetadata } from '../support/events';
import { TODAY } from './scenario';
import { ReadModelFixture, project, scenarioFixture } from './support';

/**
 * The read models after half a year of Samverkan Värmland (test/read-models/scenario.ts),
 * written through the real decider into a real event store and applied through
 * the projections, read back as the working group, the chairs and the member
 * organisations would, field by field. Today is 2025-06-16.
 */
describe('question read models after a realistic half year', () => {
  let f: ReadModelFixture;
  let questions: QuestionQueries;
  let log: OutstandingLogQueries;
  let followUp: FollowUpQueries;

  beforeAll(async () => {
    f = await scenarioFixture();
    await project(f.dataSource, f.events, 50);
    const sql = readSqlOver(f.database.pool);
    questions = new QuestionQueries(sql, f.store, f.clock, new RegisterReader(f.store, sql));
    log = new OutstandingLogQueries(sql, f.clock, new RegisterReader(f.store, sql));
    followUp = new FollowUpQueries(sql, f.clock);
  }, 120_000);
  afterAll(() => f?.close());

  const row = async (id: string) => {
    const [found] = await f.dataSource.query(
      `SELECT question_id, revision, title, topic_area, stage, is_open, forum, logic, responsible_name, responsible_organisation_id,
              raised_by_kind, raised_by_id, raised_at, last_changed_at, next_step, next_step_owner, next_step_due::text AS next_step_due,
              position_number, position_date::text AS position_date, decide_by::text AS decide_by, meeting_reference,
              organisations_to_decide, pending_decisions, last_meeting_forum, last_meeting_on::text AS last_meeting_on,
              last_meeting_reference, open_items, earliest_due_date::text AS earliest_due_date
       FROM rm_question WHERE question_id = $1`,
      [id],
    );
    return { ...found, raised_at: new Date(found.raised_at).toISOString(), last_changed_at: new Date(found.last_changed_at).toISOString() };
  };
  const obligations = async (id: string) =>
    f.dataSource.query(
      `SELECT obligation_key, kind, organisation_id, status, due_date::text AS due_date, done_on::text AS done_on, reference, outcome
       FROM rm_question_obligation WHERE question_id = $1 ORDER BY obligation_key`,
      [id],
    );

  describe('rm_question: one row per question, where it stands', () => {
    it('Utvidgat strandskydd: a position in force, three of five decided, decide-by passed', async () => {
      expect(await row(f.ids.strandskydd)).toEqual({
        question_id: f.ids.strandskydd,
        revision: 14,
        title: 'Utvidgat strandskydd',
        topic_area: 'Samhällsplanering',
        stage: 'position-taken',
        is_open: true,
        forum: 'chairs-council',
        logic: 'process',
        responsible_name: 'Karin Berg',
        responsible_organisation_id: 'region-varmland',
        raised_by_kind: 'organisation',
        raised_by_id: 'arvika',
        raised_at: '2025-01-10T09:00:00.000Z',
        last_changed_at: '2025-06-11T09:00:00.000Z',
        next_step: 'decide-at-home',
        next_step_owner: { kind: 'organisations', ids: ['arvika', 'torsby'] },
        next_step_due: '2025-06-01',
        position_number: 1,
        position_date: '2025-05-09',
        decide_by: '2025-06-01',
        meeting_reference: 'Ordföranderådet 2025-05-09 § 4',
        organisations_to_decide: ['region-varmland', 'arvika', 'karlstad', 'kil', 'torsby'],
        pending_decisions: ['arvika', 'torsby'],
        last_meeting_forum: 'chairs-council',
        last_meeting_on: '2025-05-09',
        last_meeting_reference: 'Ordföranderådet 2025-05-09 § 4',
        open_items: 4,
        earliest_due_date: '2025-06-01',
      });
    });

    it('tallies the questions per forum and stage exactly as the rows are (the totals of the log)', async () => {
      const counted = await f.dataSource.query(
        `SELECT coalesce(forum, '') AS forum, stage, is_open, count(*)::int AS questions FROM rm_question GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      );
      expect(counted.length).toBeGreaterThan(1);
      expect(await f.dataSource.query(`SELECT forum, stage, is_open, questions FROM rm_question_tally ORDER BY forum, stage`)).toEqual(counted);
    });

    it('tallies who is named to decide on open positions exactly as the rows are (the totals of the matrix)', async () => {
      const counted = await f.dataSource.query(
        `SELECT forum, organisation_id, decide_by, decided, sum(questions)::int AS questions FROM (
           SELECT coalesce(forum, '') AS forum, organisation_id, coalesce(decide_by::text, '') AS decide_by,
                  NOT (organisation_id = ANY(pending_decisions)) AS decided, 1 AS questions
           FROM rm_question, unnest(organisations_to_decide) AS organisation_id WHERE is_open AND position_number IS NOT NULL
           UNION ALL
           SELECT coalesce(forum, ''), '', coalesce(decide_by::text, ''), false, 1
           FROM rm_question WHERE is_open AND position_number IS NOT NULL) rows
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      );
      expect(counted.some((row: { decided: boolean }) => row.decided)).toBe(true);
      expect(counted.some((row: { decided: boolean; organisation_id: string }) => !row.decided && row.organisation_id !== '')).toBe(true);
      expect(await f.dataSource.query(`SELECT forum, organisation_id, decide_by, decided, questions FROM rm_decision_tally ORDER BY 1, 2, 3, 4`)).toEqual(
        counted,
      );
    });

    it('tallies each organisation’s obligations and the questions it owes on exactly as the obligation rows are', async () => {
      const counted = await f.dataSource.query(
        `SELECT organisation_id, kind, status, coalesce(due_date::text, '') AS due_date, count(*)::int AS items
         FROM rm_question_obligation GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      );
      expect(counted.length).toBeGreaterThan(3);
      expect(await f.dataSource.query(`SELECT organisation_id, kind, status, due_date, items FROM rm_obligation_tally ORDER BY 1, 2, 3, 4`)).toEqual(counted);
      const owedOn = await f.dataSource.query(
        `SELECT o.organisation_id, o.question_id, min(o.due_date)::text AS due, q.title
         FROM rm_question_obligation o JOIN rm_question q ON q.question_id = o.question_id
         WHERE o.status = 'owed' GROUP BY 1, 2, 4 ORDER BY 1, 2`,
      );
      expect(owedOn.length).toBeGreaterThan(3);
      expect(await f.dataSource.query(`SELECT organisation_id, question_id, due::text AS due, title FROM rm_question_owed ORDER BY 1, 2`)).toEqual(owedOn);
    });

    it('keeps the decision documents of the folded state, which agendas send out in advance', async () => {
      const { foldEvents } = await import('../../src/command-handling/execute-with-decider');
      const { questionDecider } = await import('../../src/questions/question.decider');
      let withDocuments = 0;
      for (const id of Object.values(f.ids).filter((id) => f.events.some((event) => event.streamId === `question-${id}`))) {
        const [{ decision_documents }] = await f.dataSource.query(`SELECT decision_documents FROM rm_question WHERE question_id = $1`, [id]);
        const state = foldEvents(questionDecider, await f.store.readStream(`question-${id}`));
        expect(decision_documents).toEqual(state.exists ? state.decisionDocuments : []);
        if (decision_documents.length > 0) withDocuments++;
      }
      expect(withDocuments).toBeGreaterThan(0);
    });

    it('Besöksnäringen: in dialogue, the consultation is the next step, owed by the three who have not answered', async () => {
      expect(await row(f.ids.besoksnaring)).toMatchObject({
        stage: 'dialogue',
        is_open: true,
        forum: 'council',
        logic: 'process',
        raised_by_kind: 'forum',
        raised_by_id: 'council',
        responsible_name: 'Per Olsson',
        responsible_organisation_id: 'sunne',
        next_step: 'answer-consultation',
        next_step_owner: { kind: 'organisations', ids: ['hagfors', 'torsby', 'arjang'] },
        next_step_due: '2025-07-15',
        position_number: null,
        decide_by: null,
        last_meeting_forum: 'council',
        last_meeting_on: '2025-03-20',
        last_meeting_reference: null,
        open_items: 3,
        earliest_due_date: '2025-07-15',
      });
    });

    it('Kulturplanen: the decision document waits for the chairs’ council', async () => {
      expect(await row(f.ids.kulturplan)).toMatchObject({
        stage: 'decision-document',
        forum: 'culture-education-forum',
        logic: 'decision',
        next_step: 'take-position',
        next_step_owner: { kind: 'forum', id: 'chairs-council' },
        next_step_due: null,
        last_meeting_forum: 'culture-education-forum',
        last_meeting_on: '2025-04-03',
        open_items: 0,
        earliest_due_date: null,
      });
    });

    it('Trafikförsörjningsprogrammet: the second position, to all 17, four decided', async () => {
      const trafik = await row(f.ids.trafik);
      expect(trafik).toMatchObject({
        stage: 'position-taken',
        next_step: 'decide-at-home',
        next_step_due: '2025-09-30',
        position_number: 2,
        position_date: '2025-04-11',
        decide_by: '2025-09-30',
        last_meeting_forum: 'chairs-council',
        last_meeting_on: '2025-04-11',
        last_meeting_reference: 'Ordföranderådet 2025-04-11 § 3',
        // 13 decisions and the feedback of the 4 that decided
        open_items: 17,
        earliest_due_date: '2025-09-30',
      });
      expect(trafik.organisations_to_decide).toEqual([...ORGANISATION_IDS]);
      expect(trafik.pending_decisions).toEqual(ORGANISATION_IDS.filter((id) => !['karlstad', 'grums', 'region-varmland', 'saffle'].includes(id)));
    });

    it('the declined, the new and the closed question', async () => {
      expect(await row(f.ids.avfall)).toMatchObject({ stage: 'declined', is_open: false, next_step: 'none', next_step_owner: null, open_items: 0 });
      expect(await row(f.ids.kompetens)).toMatchObject({
        stage: 'raised',
        is_open: true,
        forum: null,
        logic: null,
        next_step: 'prepare',
        next_step_owner: { kind: 'forum', id: 'working-group' },
        last_meeting_forum: null,
        open_items: 0,
      });
      expect(await row(f.ids.arbetsordning)).toMatchObject({ stage: 'closed', is_open: false, next_step: 'none', open_items: 0, pending_decisions: [] });
    });

    it('ignores the events of other slices', async () => {
      const [{ n }] = await f.dataSource.query(`SELECT count(*)::int AS n FROM rm_question`);
      expect(n).toBe(7);
    });
  });

  describe('rm_question_obligation: what each organisation owes and did', () => {
    it('Utvidgat strandskydd: answers given, decisions owed and recorded, feedback reported and owed', async () => {
      const c = f.ids.strandskyddConsultation;
      expect(await obligations(f.ids.strandskydd)).toEqual(
        [
          {
            obligation_key: `consultation:${c}:karlstad`,
            kind: 'consultation-answer',
            organisation_id: 'karlstad',
            status: 'done',
            due_date: '2025-04-30',
            done_on: '2025-04-10',
            reference: null,
            outcome: null,
          },
          {
            obligation_key: `consultation:${c}:kil`,
            kind: 'consultation-answer',
            organisation_id: 'kil',
            status: 'done',
            due_date: '2025-04-30',
            done_on: '2025-04-28',
            reference: null,
            outcome: null,
          },
          {
            obligation_key: 'decision:1:arvika',
            kind: 'member-decision',
            organisation_id: 'arvika',
            status: 'owed',
            due_date: '2025-06-01',
            done_on: null,
            reference: null,
            outcome: null,
          },
          {
            obligation_key: 'decision:1:karlstad',
            kind: 'member-decision',
            organisation_id: 'karlstad',
            status: 'done',
            due_date: '2025-06-01',
            done_on: '2025-05-20',
            reference: 'KS 2025-05-20 § 88',
            outcome: 'adopted',
          },
          {
            obligation_key: 'decision:1:kil',
            kind: 'member-decision',
            organisation_id: 'kil',
            status: 'done',
            due_date: '2025-06-01',
            done_on: '2025-05-26',
            reference: 'SBN 2025-05-26 § 12',
            outcome: 'adopted-with-changes',
          },
          {
            obligation_key: 'decision:1:region-varmland',
            kind: 'member-decision',
            organisation_id: 'region-varmland',
            status: 'done',
            due_date: '2025-06-01',
            done_on: '2025-05-28',
            reference: 'RS 2025-05-28 § 101',
            outcome: 'adopted',
          },
          {
            obligation_key: 'decision:1:torsby',
            kind: 'member-decision',
            organisation_id: 'torsby',
            status: 'owed',
            due_date: '2025-06-01',
            done_on: null,
            reference: null,
            outcome: null,
          },
          {
            obligation_key: 'feedback-owed:kil',
            kind: 'feedback-at-home',
            organisation_id: 'kil',
            status: 'owed',
            due_date: null,
            done_on: null,
            reference: null,
            outcome: null,
          },
          {
            obligation_key: 'feedback-owed:region-varmland',
            kind: 'feedback-at-home',
            organisation_id: 'region-varmland',
            status: 'owed',
            due_date: null,
            done_on: null,
            reference: null,
            outcome: null,
          },
          {
            obligation_key: 'feedback:0',
            kind: 'feedback-at-home',
            organisation_id: 'karlstad',
            status: 'done',
            due_date: null,
            done_on: '2025-06-10',
            reference: 'Kommunstyrelsen',
            outcome: null,
          },
        ].sort((a, b) => (a.obligation_key < b.obligation_key ? -1 : 1)),
      );
    });

    it('keeps each question’s stage and what the grid shows of it (rm_follow_up_question) as the question list has them', async () => {
      const columns = [
        'stage',
        'title',
        'forum',
        'is_open',
        'position_number',
        'position_date',
        'decide_by',
        'meeting_reference',
        'organisations_to_decide',
        'pending_decisions',
      ];
      const [{ differ, rows }] = await f.dataSource.query(
        `SELECT count(*) FILTER (WHERE ${columns.map((column) => `q.${column} IS DISTINCT FROM s.${column}`).join(' OR ')})::int AS differ, count(*)::int AS rows
         FROM rm_question q FULL JOIN rm_follow_up_question s USING (question_id)`,
      );
      const [{ closed }] = await f.dataSource.query(`SELECT stage AS closed FROM rm_follow_up_question WHERE question_id = $1`, [f.ids.arbetsordning]);
      const [{ inGrid }] = await f.dataSource.query(
        `SELECT count(*)::int AS "inGrid" FROM rm_follow_up_question WHERE is_open AND position_number IS NOT NULL AND cardinality(organisations_to_decide) > 0`,
      );
      expect({ differ, rows, closed, inGrid }).toEqual({ differ: 0, rows: 7, closed: 'closed', inGrid: 2 });
    });

    it('a closed question owes nothing more; what was done stays', async () => {
      const rows = await obligations(f.ids.arbetsordning);
      expect(rows.map((r: { obligation_key: string; status: string }) => [r.obligation_key, r.status])).toEqual([
        ['decision:1:eda', 'done'],
        ['decision:1:region-varmland', 'done'],
      ]);
    });
  });

  describe('GET /log: the outstanding-issues log', () => {
    it.each([undefined, 'true', 'false'] as const)(
      "one organisation's log (overdue=%s): what it owes soonest first, then title, the same questions and total as any other order",
      async (overdue) => {
        for (const organisation of ORGANISATION_IDS) {
          const owed: Array<{ question_id: string; due: string | null; title: string }> = await f.dataSource.query(
            `SELECT question_id, min(due_date)::text AS due, min(title) AS title FROM rm_question_obligation
             WHERE organisation_id = $1 AND status = 'owed' GROUP BY question_id`,
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

  describe('GET /organisations/:id/follow-up', () => {
    it('pages both lists with limit and offset, the counts staying those of the whole organisation', async () => {
      // The organisation of the scenario that has most on both lists.
      const everyone = await Promise.all(ORGANISATION_IDS.map(async (id) => ({ id, all: await followUp.forOrganisation(id, { limit: 500 }, 'sv') })));
      const { id, all } = everyone.reduce((best, next) =>
        Math.min(next.all.owed.length, next.all.done.length) > Math.min(best.all.owed.length, best.all.done.length) ? next : best,
      );
      expect(all.owed.length).toBeGreaterThan(1);
      expect(all.done.length).toBeGreaterThan(1);
      const second = await followUp.forOrganisation(id, { limit: 1, offset: 1 }, 'sv');
      expect(second.owed).toEqual([all.owed[1]]);
      expect(second.done).toEqual(all.done.slice(1, 2));
      expect(second.counts).toEqual(all.counts);
      expect(second.counts.owed).toBe(all.owed.length);
      expect(second.counts.done).toBe(all.done.length);
      expect({ limit: second.limit, offset: second.offset }).toEqual({ limit: 1, offset: 1 });
    });

    it('Torsby: what it owes, overdue first; nothing done yet', async () => {
      const torsby = await followUp.forOrganisation('torsby', {}, 'sv');
      expect(torsby.organisation).toEqual({ id: 'torsby', name: 'Torsby kommun', kind: 'municipality' });
      expect(torsby.counts).toMatchObject({ owed: 3, overdue: 1, done: 0 });
      expect(torsby.counts.byKind['member-decision']).toEqual({ label: 'Beslut i medlemsorganisation', owed: 2, overdue: 1, done: 0 });
      expect(torsby.owed.map((item) => [item.question.title, item.kind, item.dueDate, item.overdue])).toEqual([
        ['Utvidgat strandskydd', 'member-decision', '2025-06-01', true],
        ['Det offentligas roll i besöksnäringen', 'consultation-answer', '2025-07-15', false],
        ['Regionalt trafikförsörjningsprogram', 'member-decision', '2025-09-30', false],
      ]);
      expect(torsby.owed[0]).toMatchObject({ position: { date: '2025-05-09', decideBy: '2025-06-01' } });
      expect(torsby.done).toEqual([]);
    });

    it('Karlstad: what it did, newest first, with references and outcomes', async () => {
      const karlstad = await followUp.forOrganisation('karlstad', {}, 'sv');
      expect(karlstad.owed.map((item) => [item.question.title, item.kind])).toEqual([['Regionalt trafikförsörjningsprogram', 'feedback-at-home']]);
      expect(karlstad.done.map((item) => [item.question.title, item.kind, item.doneOn, item.reference])).toEqual([
        ['Utvidgat strandskydd', 'feedback-at-home', '2025-06-10', 'Kommunstyrelsen'],
        ['Utvidgat strandskydd', 'member-decision', '2025-05-20', 'KS 2025-05-20 § 88'],
        ['Regionalt trafikförsörjningsprogram', 'member-decision', '2025-05-05', 'KF 2025-05-05 § 5'],
        ['Utvidgat strandskydd', 'consultation-answer', '2025-04-10', null],
        ['Regionalt trafikförsörjningsprogram', 'member-decision', '2025-02-19', 'KF 2025-02-19 § 9'],
      ]);
      expect(karlstad.done[1]).toMatchObject({
        decision: {
          outcome: { code: 'adopted', label: 'Bifall' },
          body: { code: 'municipal-executive-board', label: 'Kommunstyrelsen' },
          decidedOn: '2025-05-20',
          reference: 'KS 2025-05-20 § 88',
          corrected: false,
        },
        position: { number: 1, inForce: true },
      });
      // The decision under the position that was sent back stays among what Karlstad did.
      expect(karlstad.done[4]).toMatchObject({ decision: { outcome: { code: 'rejected', label: 'Avslag' } }, position: { number: 1, inForce: false } });
      expect(karlstad.done[3]).toMatchObject({ answer: 'Karlstad tillstyrker.', amended: false, consultation: { subject: 'Remiss: utvidgat strandskydd' } });
    });

    it('Grums: the corrected decision, as corrected', async () => {
      const grums = await followUp.forOrganisation('grums', {}, 'en');
      expect(grums.done).toHaveLength(1);
      expect(grums.done[0]).toMatchObject({
        reference: 'KF 2025-05-12 § 51',
        decision: { corrected: true, correctionReason: 'Fel paragraf', body: { label: 'Municipal council' }, outcome: { label: 'Adopted' } },
      });
    });
  });

  describe('GET /follow-up: 17 organisations × every question with a position in force', () => {
    it('each cell: decided (with outcome), overdue, awaiting or not concerned', async () => {
      const matrix = await followUp.matrix({}, 'sv');
      expect(matrix.total).toBe(2);
      expect(matrix.organisations.map((o) => o.id)).toEqual([...ORGANISATION_IDS]);
      expect(matrix.items.map((item) => item.question.title)).toEqual(['Utvidgat strandskydd', 'Regionalt trafikförsörjningsprogram']);
      const [strandskydd, trafik] = matrix.items;
      const cell = (item: typeof strandskydd, id: string) => item.cells.find((c) => c.organisationId === id);
      expect(cell(strandskydd, 'kil')).toEqual({
        organisationId: 'kil',
        status: 'decided',
        statusLabel: 'Beslutat',
        outcome: 'adopted-with-changes',
        outcomeLabel: 'Bifall med ändringar',
        decidedOn: '2025-05-26',
        reference: 'SBN 2025-05-26 § 12',
      });
      expect(cell(strandskydd, 'arvika')).toEqual({ organisationId: 'arvika', status: 'overdue', statusLabel: 'Försenat' });
      expect(cell(strandskydd, 'eda')).toEqual({ organisationId: 'eda', status: 'not-concerned', statusLabel: 'Berörs inte' });
      expect(strandskydd.counts).toEqual({ awaiting: 0, overdue: 2, decided: 3, notConcerned: 12 });
      expect(cell(trafik, 'eda')).toEqual({ organisationId: 'eda', status: 'awaiting', statusLabel: 'Inväntar beslut' });
      expect(trafik.counts).toEqual({ awaiting: 13, overdue: 0, decided: 4, notConcerned: 0 });
      expect(matrix.organisations.find((o) => o.id === 'torsby')!.totals).toEqual({ awaiting: 1, overdue: 1, decided: 0, notConcerned: 0 });
      expect(matrix.organisations.find((o) => o.id === 'karlstad')!.totals).toEqual({ awaiting: 0, overdue: 0, decided: 2, notConcerned: 0 });
    });

    it('shows each row’s question as the question list has it: id, title, stage and the position in force', async () => {
      const matrix = await followUp.matrix({}, 'sv');
      const listed = (await questions.list({ limit: 100 }, 'sv')).items;
      expect(matrix.items.map((item) => item.question)).toEqual(
        matrix.items.map(({ question: { id } }) => {
          const { title, stage, position } = listed.find((item) => item.id === id)!;
          const { number, date, decideBy, meetingReference } = position!;
          return { id, title, stage, position: { number, date, decideBy, meetingReference } };
        }),
      );
    });

    it('turns awaiting into overdue when the clock passes decide-by', async () => {
      f.clock.set('2025-10-01T08:00:00Z');
      try {
        const matrix = await followUp.matrix({}, 'en');
        expect(matrix.items[1].counts).toEqual({ awaiting: 0, overdue: 13, decided: 4, notConcerned: 0 });
        expect(matrix.items[1].cells.find((c) => c.organisationId === 'eda')).toEqual({ organisationId: 'eda', status: 'overdue', statusLabel: 'Overdue' });
      } finally {
        f.clock.set(`${TODAY}T08:00:00Z`);
      }
    });
  });

  describe('GET /follow-up: its orders', () => {
    const orders = {
      decideBy: 'decide_by ASC',
      '-decideBy': 'decide_by DESC',
      positionDate: 'position_date ASC',
      '-positionDate': 'position_date DESC',
      title: 'lower(title) ASC',
      '-title': 'lower(title) DESC',
    } as const;
    it.each(Object.keys(orders) as Array<keyof typeof orders>)('sort=%s, then title and id, page by page, each question with its decisions', async (sort) => {
      const expected: string[] = (
        await f.dataSource.query(
          `SELECT question_id FROM rm_question WHERE is_open AND position_number IS NOT NULL ORDER BY ${orders[sort]}, lower(title), question_id`,
        )
      ).map((row: { question_id: string }) => row.question_id);
      expect(expected.length).toBe(2);
      const whole = await followUp.matrix({ sort }, 'sv');
      expect(whole.items.map((item) => item.question.id)).toEqual(expected);
      const second = await followUp.matrix({ sort, limit: 1, offset: 1 }, 'sv');
      expect(second.items.map((item) => item.question.id)).toEqual(expected.slice(1));
      // The decided cells carry each question's own decisions, whichever page it is on.
      const decided = (matrix: typeof whole, id: string) =>
        matrix.items
          .find((item) => item.question.id === id)!
          .cells.filter((cell) => cell.status === 'decided')
          .map((cell) => [cell.organisationId, 'decidedOn' in cell ? cell.decidedOn : undefined]);
      expect(decided(second, expected[1])).toEqual(decided(whole, expected[1]));
      expect(decided(whole, expected[1]).length).toBeGreaterThan(2);
      expect(decided(whole, expected[1]).every(([, on]) => typeof on === 'string')).toBe(true);
    });
  });

  describe('GET /questions and the timeline', () => {
    it('lists every question, the ended ones too, newest change first', async () => {
      const page = await questions.list({}, 'sv');
      expect(page.total).toBe(7);
      expect(page.items.map((item) => item.title)).toEqual([
        'Kompetensförsörjning i Värmland',
        'Utvidgat strandskydd',
        'Regionalt trafikförsörjningsprogram',
        'Regional kulturplan 2026–2029',
        'Det offentligas roll i besöksnäringen',
        'Arbetsordning för sakområdesforumen',
        'Gemensam avfallstaxa Forshaga–Munkfors',
      ]);
      expect(page.items.find((item) => item.title.startsWith('Gemensam'))).toMatchObject({
        stage: { code: 'declined', label: 'Avvisad' },
        open: false,
        nextStep: { code: 'none', owner: null },
        raisedBy: { kind: 'organisation', id: 'forshaga', name: 'Forshaga kommun' },
      });
      expect((await questions.list({ stage: 'closed' }, 'en')).items.map((item) => item.stage)).toEqual([{ code: 'closed', label: 'Closed' }]);
      expect((await questions.list({ sort: 'dueDate', limit: 1 }, 'sv')).items[0]).toMatchObject({ title: 'Utvidgat strandskydd', overdue: true });
    });

    it('gives the total of what the filters select, from the tally or by counting, whatever the page', async () => {
      const filters = [
        {},
        { stage: 'closed' },
        { forum: 'council' },
        { forum: 'council', stage: 'position-taken' },
        { topic: 'kultur' },
        { q: 'strandskydd' },
      ] as const;
      for (const filter of filters) {
        const everything = await questions.list({ ...filter, limit: 500 }, 'sv');
        const firstOnly = await questions.list({ ...filter, limit: 1 }, 'sv');
        expect({ filter, total: everything.total }).toEqual({ filter, total: everything.items.length });
        expect(firstOnly.total).toBe(everything.items.length);
      }
      expect((await questions.list({ forum: 'council', limit: 500 }, 'sv')).total).toBeGreaterThan(0);
    });

    it('tells the history of a question: what, who in which role and organisation, when and why', async () => {
      const timeline = await questions.timeline(f.ids.strandskydd, {}, 'sv');
      expect(timeline.question).toEqual({
        id: f.ids.strandskydd,
        title: 'Utvidgat strandskydd',
        stage: { code: 'position-taken', label: 'Ställningstagande' },
      });
      expect(timeline.total).toBe(15);
      expect(timeline.items[0]).toMatchObject({
        revision: 0,
        type: 'QuestionRaised',
        label: 'Fråga väckt',
        sentence: 'Frågan ”Utvidgat strandskydd” väcktes av Arvika kommun inom sakområdet Samhällsplanering.',
        occurredAt: '2025-01-10T09:00:00.000Z',
        who: { name: 'Registrator arvika', role: { code: 'member', label: 'Medlem (part)' }, organisation: { id: 'arvika', name: 'Arvika kommun' } },
        why: null,
      });
      const moved = timeline.items.find((item) => item.type === 'QuestionMovedToForum')!;
      expect(moved).toMatchObject({
        label: 'Fråga flyttad till annat forum',
        sentence: 'Frågan flyttades från Värmlandsrådet till Ordföranderådet.',
        who: { name: 'Karin Berg', role: { code: 'working-group', label: 'Arbetsgrupp' }, organisation: { name: 'Region Värmland' } },
        why: 'Redo för ställningstagande',
      });
      const closed = timeline.items.find((item) => item.type === 'ConsultationClosed')!;
      expect(closed.sentence).toBe('Remissen avslutades; 1 part svarade inte (Torsby kommun).');
      const position = timeline.items.find((item) => item.type === 'PositionTaken')!;
      expect(position.sentence).toBe(
        'Ordföranderådet tog ställning (Ordföranderådet 2025-05-09 § 4): Ordföranderådet ställer sig bakom ett gemensamt yttrande. 5 medlemsorganisationer ska besluta senast 2025-06-01.',
      );
      const decision = timeline.items.find((item) => item.type === 'MemberDecisionRecorded')!;
      expect(decision.sentence).toBe('Karlstads kommun beslutade i Kommunstyrelsen den 2025-05-20: bifall (KS 2025-05-20 § 88).');
    });

    it('in English, newest first, paged', async () => {
      const timeline = await questions.timeline(f.ids.trafik, { sort: '-occurredAt', limit: 3 }, 'en');
      expect(timeline.total).toBe(13);
      expect(timeline.items.map((item) => [item.revision, item.label])).toEqual([
        [12, 'Member decision corrected'],
        [11, 'Member decision recorded'],
        [10, 'Member decision recorded'],
      ]);
      expect(timeline.items[0]).toMatchObject({
        sentence: "Grums kommun's decision was corrected: Municipal council on 2025-05-12, adopted (KF 2025-05-12 § 51).",
        who: { role: { code: 'member', label: 'Member (party)' }, organisation: { name: 'Grums kommun' } },
        why: 'Fel paragraf',
      });
      const sentBack = await questions.timeline(f.ids.trafik, { offset: 5, limit: 1 }, 'en');
      expect(sentBack.items[0]).toMatchObject({
        type: 'PositionSentBackToDialogue',
        sentence: 'The position was sent back to dialogue. Hammarö kommun no longer needs to decide.',
        who: { role: { label: 'Chair' } },
        why: 'Alla parter behöver ta ställning',
      });
    });

    it('404 for a question that does not exist', async () => {
      await expect(questions.timeline('00000000-0000-4000-8000-00000000abcd', {}, 'sv')).rejects.toThrow(/not found|does not exist/i);
    });

    // Last in the file: it adds an event to a question of the shared scenario.
    it("reads the history from the question's stream, up to the revision the read model shows", async () => {
      const stream = `question-${f.ids.trafik}`;
      const input = {
        id: randomUUID(),
        type: 'InputSubmitted',
        schemaVersion: 1,
        data: { questionId: f.ids.trafik, organisationId: 'kil', content: 'Sent inspel' },
        metadata: testMetadata(),
      };
      await f.store.appendToStream(stream, [input], 12);
      // Stored but not yet projected: rm_question still shows revision 12, and so does the timeline.
      const before = await questions.timeline(f.ids.trafik, { sort: '-occurredAt', limit: 1 }, 'en');
      expect([before.total, before.items[0].revision]).toEqual([13, 12]);

      const whole = await f.store.readStream(stream);
      await project(f.dataSource, whole.slice(13), 10, undefined, false, whole);
      const after = await questions.timeline(f.ids.trafik, { sort: '-occurredAt', limit: 2 }, 'en');
      expect(after.total).toBe(14);
      expect(after.items.map((item) => [item.revision, item.eventId, item.label])).toEqual([
        [13, input.id, 'Input submitted'],
        [12, expect.any(String), 'Member decision corrected'],
      ]);
      expect(after.items[0]).toMatchObject({ sentence: 'Kils kommun submitted input: Sent inspel', details: input.data });
    });
  });
});
