import { TokenVerifier } from '../../src/auth/token-verifier';
import { DEMO_ACTORS, DemoTransport, loadDemoYear } from '../../src/demo/demo-year';
import { Actor } from '../../src/event-store/event-store.port';
import { TestApp, startTestApp } from '../support/test-app';
import { FORUM_IDS } from '../../src/reference-data/forums';

/**
 * `npm run demo` loads its year through the command API without a single
 * refusal, leaves a living structure behind (something overdue, decisions from
 * some organisations and not others), and can be run again without recording
 * anything twice.
 */
describe('the demo year', () => {
  let t: TestApp;
  let api: DemoTransport;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    const verifier = t.app.get(TokenVerifier);
    const token = (actor: Actor) =>
      verifier.mint({
        userId: actor.userId,
        displayName: actor.displayName,
        organisationId: actor.organisationId,
        roles: [actor.role],
        ...(actor.role === 'secretary' ? { forums: [...FORUM_IDS] } : {}),
      });
    api = {
      post: async (actor, key, path, body) => {
        const response = await t
          .http()
          .post(path)
          .set('Authorization', `Bearer ${await token(actor)}`)
          .set('Idempotency-Key', key)
          .send(body);
        if (response.status >= 300) throw new Error(`${path} as ${actor.role}: ${response.status} ${JSON.stringify(response.body)}`);
        return response.body;
      },
      get: async (actor, path) => {
        const response = await t
          .http()
          .get(path)
          .set('Authorization', `Bearer ${await token(actor)}`);
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
        return response.body;
      },
    };
  }, 60_000);
  afterAll(() => t?.close());

  it('loads eleven questions at every stage, with things overdue, and a second run changes nothing', async () => {
    const first = await loadDemoYear(api);
    expect(Object.keys(first.questions)).toHaveLength(11);
    const chair = DEMO_ACTORS.chair;

    const log = (await api.get(chair, `/log?afterPosition=${first.lastPosition}&limit=500`)) as {
      total: number;
      items: Array<{ title: string; stage: { code: string }; overdue: boolean; openItems: Array<{ overdue: boolean }> }>;
    };
    expect(new Set(log.items.map((item) => item.stage.code))).toEqual(new Set(['raised', 'accepted', 'dialogue', 'decision-document', 'position-taken']));
    expect(
      log.items
        .filter((item) => item.overdue)
        .map((item) => item.title)
        .sort(),
    ).toEqual(['Regional kulturplan 2027–2030', 'Utvidgat strandskydd']);
    expect(log.items.flatMap((item) => item.openItems).filter((item) => item.overdue)).toHaveLength(6 + 7);

    const matrix = (await api.get(chair, '/follow-up')) as { items: Array<{ question: { title: string }; counts: Record<string, number> }> };
    expect(matrix.items.map((item) => [item.question.title, item.counts])).toEqual([
      ['Utvidgat strandskydd', { awaiting: 0, overdue: 6, decided: 11, notConcerned: 0 }],
      ['Regionalt trafikförsörjningsprogram 2026–2030', { awaiting: 11, overdue: 0, decided: 6, notConcerned: 0 }],
    ]);

    const all = (await api.get(chair, '/questions?limit=500')) as { total: number };
    expect(all.total).toBe(11);

    const second = await loadDemoYear(api);
    expect(second.questions).toEqual(first.questions);
    expect(second.anchor).toBe(first.anchor);
    const again = (await api.get(chair, `/questions?limit=500&afterPosition=${second.lastPosition}`)) as { total: number };
    expect(again.total).toBe(11);
    const timeline = (await api.get(chair, `/questions/${first.questions.strandskydd}/timeline?limit=500`)) as { total: number };
    expect(timeline.total).toBe(30);
  }, 300_000);
});
