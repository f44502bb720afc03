import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, signIn } from '../web/web-support';

/**
 * A question in a discontinued forum must be moved (docs/structure.md): once
 * the register discontinues the health-care forum, its open question is
 * flagged in the question list, the outstanding log (JSON and page) with the
 * next step "move"; the forum's own work is refused with 422
 * `question-forum-ended` and a move into a forum that has ended with 422
 * `forum-not-open`, appending nothing; moving to an open forum works and
 * clears the flag.
 */
jest.setTimeout(240_000);

describe('a question in a discontinued forum must be moved', () => {
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  let t: TestApp;
  let store: EventStore;
  let chair: string;
  let admin: string;
  let questionId = '';
  let position = '';

  const post = async (path: string, body: object, as = chair) => {
    const response = await t.http().post(path).set('Authorization', `Bearer ${as}`).send(body);
    if (response.body?.position) position = response.body.position;
    return response;
  };
  const ok = async (path: string, body: object, as = chair) => {
    const response = await post(path, body, as);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const get = async (path: string) =>
    (
      await t
        .http()
        .get(`${path}${path.includes('?') ? '&' : '?'}afterPosition=${position}`)
        .set('Authorization', `Bearer ${chair}`)
        .expect(200)
    ).body;
  type Item = { id: string; nextStep: { code: string; label: string }; forumEnded: unknown };
  const listed = async () => ((await get('/questions?limit=100')).items as Item[]).find((item) => item.id === questionId)!;
  const logged = async () => ((await get('/log?limit=100')).items as Item[]).find((item) => item.id === questionId)!;
  const events = async () => (await store.readStream(`question-${questionId}`)).length;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
    chair = await t.token('chair', 'region-varmland', 'ordf');
    admin = await t.token('admin', 'region-varmland', 'admin');
    await ok('/register/seed', {}, admin);
    ({ questionId } = await ok('/questions', {
      title: 'Nära vård i hela länet',
      description: 'Omställningen till god och nära vård.',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Hälso- och sjukvård',
    }));
    await ok(`/questions/${questionId}/accept`, {
      forum: 'health-care-forum',
      logic: 'process',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
  });
  afterAll(() => t?.close());

  it('before the forum ends the question’s next step is its own', async () => {
    expect(await listed()).toMatchObject({ nextStep: { code: 'hold-dialogue' }, forumEnded: null });
  });

  it('once the forum is discontinued the list and the log flag the question to be moved', async () => {
    await ok('/register/forums/health-care-forum/discontinue', { discontinuedOn: '2026-02-15', reason: 'Ersätts av Värmlandsrådets dialog' }, admin);
    await ok('/register/forums/transport-regional-development-forum/merge', { intoForumId: 'council', mergedOn: '2026-02-15', reason: 'Samordning' }, admin);
    const flag = {
      nextStep: { code: 'move-to-open-forum', label: 'Flytta frågan – forumet är avvecklat' },
      forumEnded: { on: '2026-02-15', how: 'discontinued', into: null },
    };
    expect(await listed()).toMatchObject(flag);
    expect(await logged()).toMatchObject(flag);
    const agent = browser(t);
    await signIn(agent, 'chair', 'region-varmland');
    const page = (await agent.get(`/web/log?afterPosition=${position}`).expect(200)).text;
    expect(page).toContain('Flytta frågan – forumet är avvecklat');
  });

  it('refuses the forum’s own work with 422 question-forum-ended, and a move into an ended forum with 422 forum-not-open; nothing appended', async () => {
    const before = await events();
    const dialogue = await post(`/questions/${questionId}/dialogues`, { forum: 'health-care-forum', heldOn: '2026-03-01', summary: 'Dialog' });
    expect({ status: dialogue.status, rule: dialogue.body.rule }).toEqual({ status: 422, rule: 'question-forum-ended' });
    expect(dialogue.headers['content-type']).toContain('application/problem+json');
    expect(dialogue.body.detail).toContain('health-care-forum was discontinued on 2026-02-15: the question must be moved');
    const intoMerged = await post(`/questions/${questionId}/move`, { forum: 'transport-regional-development-forum', reason: 'Närliggande forum' });
    expect({ status: intoMerged.status, rule: intoMerged.body.rule }).toEqual({ status: 422, rule: 'forum-not-open' });
    expect(intoMerged.body.detail).toContain('was merged into council on 2026-02-15');
    expect(await events()).toBe(before);
  });

  it('moves to an open forum, which clears the flag, and the forum’s work goes on there', async () => {
    await ok(`/questions/${questionId}/move`, { forum: 'council', reason: 'Hälso- och sjukvårdsforum är avvecklat' });
    expect(await listed()).toMatchObject({ nextStep: { code: 'hold-dialogue' }, forumEnded: null });
    await ok(`/questions/${questionId}/dialogues`, { forum: 'council', heldOn: '2026-03-01', summary: 'Dialog i Värmlandsrådet' });
  });
});
