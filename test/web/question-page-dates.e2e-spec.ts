import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { SNAPSHOT_SHAPE } from '../../src/time-travel/question-snapshots';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, signIn } from './web-support';

/**
 * The process picture on a question's page dates every step from the folded
 * question (process-picture.ts `stepDates`), however long the question is: a
 * question with more than 500 events is folded from its snapshots, and its
 * later steps are dated too. Runs on the real server and on the embedded
 * database (the test runner runs the suite once for each).
 */
describe('The process picture dates every step', () => {
  const clock = new FixedClock(new Date('2025-01-10T09:00:00Z'));
  let t: TestApp;
  let chair: string;
  let workingGroup: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    chair = await t.token('chair', 'region-varmland', 'anna.chair');
    workingGroup = await t.token('working-group', 'region-varmland');
  });
  afterAll(() => t?.close());

  const post = (path: string, body: object, token = chair) => t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  /** Every step of the question as far as it goes, each on a day of its own (09:00 UTC is 10:00 in Stockholm in winter). */
  async function questionThroughEveryStep(inputsBeforePosition: number): Promise<string> {
    clock.set('2025-01-10T09:00:00Z');
    const raised = await post('/questions', {
      title: 'Gemensam upphandling av skolskjuts',
      description: 'Kan kommunerna upphandla skolskjuts tillsammans?',
      raisedBy: { kind: 'organisation', id: 'arvika' },
      topicArea: 'Utbildning',
    }).expect(201);
    const id: string = raised.body.questionId;
    clock.set('2025-01-20T09:00:00Z');
    await post(`/questions/${id}/accept`, {
      forum: 'council',
      logic: 'decision',
      responsible: { name: 'Karin Berg', organisationId: 'region-varmland' },
    }).expect(200);
    clock.set('2025-02-03T09:00:00Z');
    await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-02-03', summary: 'Första dialogen.' }).expect(200);
    clock.set('2025-02-17T09:00:00Z');
    await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-02-17', summary: 'Andra dialogen.' }).expect(200);
    const kil = await t.token('member', 'kil');
    for (let index = 0; index < inputsBeforePosition; index++) {
      await post(`/questions/${id}/inputs`, { organisationId: 'kil', content: `Synpunkt ${index + 1}` }, kil).expect(200);
    }
    clock.set('2025-03-03T09:00:00Z');
    await post(
      `/questions/${id}/decision-documents`,
      { reference: 'VRAU 2025/3', title: 'Beslutsunderlag skolskjuts', proposedPosition: 'Upphandla gemensamt.' },
      workingGroup,
    ).expect(200);
    clock.set('2025-03-14T09:00:00Z');
    await post(`/questions/${id}/position`, {
      text: 'Ordföranderådet rekommenderar gemensam upphandling.',
      organisationsToDecide: ['kil', 'arvika'],
      decideBy: '2025-06-30',
    }).expect(200);
    clock.set('2025-04-07T08:00:00Z');
    await post(
      `/questions/${id}/decisions`,
      { organisationId: 'kil', body: 'municipal-executive-board', decidedOn: '2025-04-07', outcome: 'adopted', reference: 'KS 2025-04-07 § 12' },
      kil,
    ).expect(200);
    clock.set('2025-04-22T08:00:00Z');
    await post(
      `/questions/${id}/decisions`,
      { organisationId: 'arvika', body: 'municipal-executive-board', decidedOn: '2025-04-22', outcome: 'adopted', reference: 'KS 2025-04-22 § 3' },
      await t.token('member', 'arvika'),
    ).expect(200);
    clock.set('2025-05-05T08:00:00Z');
    await post(`/questions/${id}/close`, { reason: 'Alla parter har beslutat' }).expect(200);
    return id;
  }

  /** The process picture as [step, date, state] per step, read from the page. */
  async function processPictureOf(id: string, query = ''): Promise<Array<[string, string, string]>> {
    const agent = browser(t);
    await signIn(agent, 'chair', 'region-varmland');
    const page = await agent.get(`/web/questions/${id}${query}`).expect(200);
    const list = /<ol class="process"[^>]*>([\s\S]*?)<\/ol>/.exec(page.text)?.[1] ?? '';
    return [
      ...list.matchAll(
        /<li class="process__step--(\w+)"[\s\S]*?<span class="process__name">([^<]*)<\/span>[\s\S]*?<span class="process__date">([^<]*)<\/span>/g,
      ),
    ].map(([, state, name, date]) => [name, date, state]);
  }

  const EVERY_STEP_DATED: Array<[string, string, string]> = [
    ['Väckt', '2025-01-10 10:00', 'done'],
    ['Beredd', '2025-01-20 10:00', 'done'],
    ['Dialog', '2025-02-17 10:00', 'done'],
    ['Beslutsunderlag', '2025-03-03 10:00', 'done'],
    ['Ställningstagande', '2025-03-14 10:00', 'done'],
    ['Beslut i medlemsorganisationerna', '2025-04-22 10:00', 'done'],
    ['Avslutad', '2025-05-05 10:00', 'current'],
  ];

  it('dates each step with its latest date on a short question', async () => {
    const id = await questionThroughEveryStep(0);
    expect(await processPictureOf(id)).toEqual(EVERY_STEP_DATED);
  });

  it('dates only the steps reached by then on the question as of a date', async () => {
    const id = await questionThroughEveryStep(0);
    expect(await processPictureOf(id, '?asOf=2025-02-10')).toEqual([
      ['Väckt', '2025-01-10 10:00', 'done'],
      ['Beredd', '2025-01-20 10:00', 'done'],
      ['Dialog', '2025-02-03 10:00', 'current'],
      ['Beslutsunderlag', '', 'todo'],
      ['Ställningstagande', '', 'todo'],
      ['Beslut i medlemsorganisationerna', '', 'todo'],
      ['Avslutad', '', 'todo'],
    ]);
  });

  it('dates every step of a question with more than 500 events, folded from its snapshots', async () => {
    const id = await questionThroughEveryStep(520);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(`question-${id}`);
    expect(events.length).toBe(529);

    // question-views takes a snapshot every 100 events; the page folds from the latest one.
    const sql = (text: string, params: unknown[]) => t.app.get(DataSource).query(text, params);
    const snapshots = async () =>
      (await sql(`SELECT revision, shape FROM rm_question_snapshot WHERE question_id = $1 ORDER BY revision`, [id])) as Array<{
        revision: number;
        shape: number;
      }>;
    for (let waited = 0; (await snapshots()).length < 5 && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await snapshots()).toEqual([99, 199, 299, 399, 499].map((revision) => ({ revision, shape: SNAPSHOT_SHAPE })));

    // A snapshot of an older shape (a release before `acceptedAt`) at the same event is never used: it would date nothing as Beredd.
    const [{ state }] = await sql(`SELECT state::text AS state FROM rm_question_snapshot WHERE question_id = $1 AND revision = 499`, [id]);
    const { acceptedAt, ...stale } = JSON.parse(state) as { acceptedAt: string | null };
    expect(acceptedAt).toBe('2025-01-20T09:00:00.000Z');
    await sql(`UPDATE rm_question_snapshot SET shape = $3, state = $4::jsonb WHERE question_id = $1 AND revision = $2`, [
      id,
      499,
      SNAPSHOT_SHAPE - 1,
      JSON.stringify({ ...stale, title: 'Inaktuell ögonblicksbild' }),
    ]);

    expect(await processPictureOf(id)).toEqual(EVERY_STEP_DATED);
    const agent = browser(t);
    await signIn(agent, 'chair', 'region-varmland');
    const html = (await agent.get(`/web/questions/${id}`).expect(200)).text;
    expect(html).toContain('Gemensam upphandling av skolskjuts');
    expect(html).not.toContain('Inaktuell ögonblicksbild');

    // As of a date inside the inputs: folded from a snapshot of this shape, dated up to then.
    expect(await processPictureOf(id, '?asOf=2025-02-20')).toEqual([
      ['Väckt', '2025-01-10 10:00', 'done'],
      ['Beredd', '2025-01-20 10:00', 'done'],
      ['Dialog', '2025-02-17 10:00', 'current'],
      ['Beslutsunderlag', '', 'todo'],
      ['Ställningstagande', '', 'todo'],
      ['Beslut i medlemsorganisationerna', '', 'todo'],
      ['Avslutad', '', 'todo'],
    ]);
    // 520 commands one after another, each folding the whole stream: minutes on the embedded database on a busy machine.
  }, 600_000);
});
