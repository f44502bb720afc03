import { randomUUID } from 'node:crypto';
import { readSqlOver } from '../../src/database/read-sql';
import { QuestionListModule } from '../../src/question-list/question-list.module';
import { QuestionQueries } from '../../src/question-list/question-queries';
import { RegisterReader } from '../../src/register/contract';
import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { testMetadata } from '../support/events';
import { ReadModelFixture, project, questionProjectionsOf, scenarioFixture, questionRowOf } from '../read-models/support';

/**
 * The question list (rm_question, rm_question_tally, GET /questions and the
 * timeline) after half a year of Samverkan Värmland (test/read-models/scenario.ts),
 * written through the real decider into a real event store and applied through
 * the question list's own projection, read back as the working group, the chairs
 * and the member organisations would, field by field. Today is 2025-06-16.
 */
describe('the question list after a realistic half year', () => {
  const projections = questionProjectionsOf(QuestionListModule);
  let f: ReadModelFixture;
  let questions: QuestionQueries;

  beforeAll(async () => {
    f = await scenarioFixture();
    await project(f.dataSource, f.events, 50, { projections });
    const sql = readSqlOver(f.database.pool);
    questions = new QuestionQueries(sql, f.store, f.clock, new RegisterReader(f.store, sql));
  }, 120_000);
  afterAll(() => f?.close());

  const row = (id: string) => questionRowOf(f.dataSource, id);

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
      await project(f.dataSource, whole.slice(13), 10, { projections, history: whole });
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
