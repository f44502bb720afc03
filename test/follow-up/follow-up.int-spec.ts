import { readSqlOver } from '../../src/database/read-sql';
import { FollowUpModule } from '../../src/follow-up/follow-up.module';
import { FollowUpQueries } from '../../src/follow-up/follow-up.queries';
import { QuestionListModule } from '../../src/question-list/question-list.module';
import { QuestionQueries } from '../../src/question-list/question-queries';
import { RegisterReader } from '../../src/register/contract';
import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { TODAY } from '../read-models/scenario';
import { ReadModelFixture, project, questionProjectionsOf, scenarioFixture } from '../read-models/support';

/**
 * The live follow-up (the obligations in force in rm_follow_up_history, rm_follow_up_question, the tallies,
 * GET /organisations/:id/follow-up and GET /follow-up) after half a year of
 * Samverkan Värmland (test/read-models/scenario.ts), written through the real
 * decider into a real event store and applied through the follow-up's projection
 * and the question list's, which these tests hold the follow-up's view of each
 * question against. Today is 2025-06-16. (follow-up-history and
 * follow-up-effective-history: follow-up-as-of.int-spec.ts.)
 */
describe('the follow-up after a realistic half year', () => {
  let f: ReadModelFixture;
  let questions: QuestionQueries;
  let followUp: FollowUpQueries;

  beforeAll(async () => {
    f = await scenarioFixture();
    await project(f.dataSource, f.events, 50, { projections: questionProjectionsOf(QuestionListModule, FollowUpModule) });
    const sql = readSqlOver(f.database.pool);
    questions = new QuestionQueries(sql, f.store, f.clock, new RegisterReader(f.store, sql));
    followUp = new FollowUpQueries(sql, f.clock);
  }, 120_000);
  afterAll(() => f?.close());

  const obligations = async (id: string) =>
    f.dataSource.query(
      `SELECT obligation_key, kind, organisation_id, status, due_date::text AS due_date, done_on::text AS done_on, reference, outcome
       FROM rm_follow_up_history WHERE valid_to = 'infinity' AND question_id = $1 ORDER BY obligation_key`,
      [id],
    );

  describe('the tallies of the follow-up', () => {
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

    it('counts each organisation’s obligations in force, the day tally summed over every day, exactly as the versions in force are', async () => {
      const counted = await f.dataSource.query(
        `SELECT organisation_id, kind, status, CASE status WHEN 'owed' THEN coalesce(due_date::text, '') ELSE '' END AS due_date, count(*)::int AS items
         FROM rm_follow_up_history WHERE valid_to = 'infinity' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      );
      expect(counted.length).toBeGreaterThan(3);
      expect(counted.some((row: { status: string }) => row.status === 'done')).toBe(true);
      expect(
        await f.dataSource.query(
          `SELECT organisation_id, kind, status, due_date, sum(items)::int AS items FROM rm_follow_up_day_tally
           GROUP BY 1, 2, 3, 4 HAVING sum(items) <> 0 ORDER BY 1, 2, 3, 4`,
        ),
      ).toEqual(counted);
    });
  });

  describe('the versions in force: what each organisation owes and did', () => {
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

    it('shows each question at its stage now, the question list’s, read from follow-up-history alone (not rm_follow_up_question)', async () => {
      const stages: Array<{ question_id: string; stage: string }> = await f.dataSource.query(`SELECT question_id, stage FROM rm_question`);
      const stageOf = new Map(stages.map((row) => [row.question_id, row.stage]));
      // Out of reach while the pages are read: a read of the follow-up projection's table would fail.
      await f.dataSource.query(`ALTER TABLE rm_follow_up_question RENAME TO rm_follow_up_question_away`);
      let shown: Array<[string, string]>;
      try {
        const pages = await Promise.all(ORGANISATION_IDS.map((id) => followUp.forOrganisation(id, { limit: 500 }, 'sv')));
        shown = pages.flatMap((page) => [...page.owed, ...page.done]).map((item) => [item.question.id, item.question.stage.code]);
      } finally {
        await f.dataSource.query(`ALTER TABLE rm_follow_up_question_away RENAME TO rm_follow_up_question`);
      }
      expect(shown.length).toBeGreaterThan(10);
      expect(shown.filter(([id, stage]) => stageOf.get(id) !== stage)).toEqual([]);
      // Closed after its decisions were recorded: the stage moved on where none of its obligations' versions did.
      expect(shown).toContainEqual([f.ids.arbetsordning, 'closed']);
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
});
