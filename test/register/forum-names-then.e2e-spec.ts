import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, signIn } from '../web/web-support';

/**
 * The dossier and the timeline name a forum as it was named then: a question
 * entered today whose story began in 2021, when the chairs' council was still
 * Värmlandsrådets arbetsutskott (renamed Ordföranderådet on 2022-01-01 in
 * varmland.structure.json). Each step reads the name the register gives the
 * forum on the step's day, with today's name beside it where they differ — in
 * the timeline (JSON, both languages, and the question's web page) and the
 * dossier (JSON, printable HTML, and the web dossier).
 */
jest.setTimeout(240_000);

const VRAU = 'Värmlandsrådets arbetsutskott (VRAU)';

describe('forums named as they were named then', () => {
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  let t: TestApp;
  let chair: string;
  let questionId = '';
  let position = '';

  const ok = async (path: string, body: object, as = chair) => {
    const response = await t.http().post(path).set('Authorization', `Bearer ${as}`).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    if (response.body?.position) position = response.body.position;
    return response.body;
  };
  /** A read that waits for the read models to reach the last write, or (the dossier, read from the store) none. */
  const get = (path: string, language = 'sv', wait = true) =>
    t
      .http()
      .get(wait ? `${path}${path.includes('?') ? '&' : '?'}afterPosition=${position}` : path)
      .set('Authorization', `Bearer ${chair}`)
      .set('Accept-Language', language)
      .expect(200);

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' } });
    chair = await t.token('chair', 'region-varmland', 'ordf');
    await ok('/register/seed', {}, await t.token('admin', 'region-varmland', 'admin'));
    ({ questionId } = await ok('/questions', {
      title: 'Regional utvecklingsstrategi',
      description: 'Väckt i arbetsutskottet 2021.',
      raisedBy: { kind: 'forum', id: 'chairs-council' },
      topicArea: 'Regional utveckling',
      effectiveOn: '2021-03-01',
    }));
    await ok(`/questions/${questionId}/accept`, {
      forum: 'chairs-council',
      logic: 'process',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
      effectiveOn: '2021-03-10',
    });
    await ok(`/questions/${questionId}/dialogues`, { forum: 'chairs-council', heldOn: '2021-06-01', summary: 'Första dialogen', effectiveOn: '2021-06-01' });
    await ok(`/questions/${questionId}/dialogues`, { forum: 'chairs-council', heldOn: '2026-03-01', summary: 'Dialog efter namnbytet' });
  });
  afterAll(() => t?.close());

  type Entry = { type: string; sentence: string; forums: Array<{ id: string; day: string; nameThen: string; nameToday: string }> };
  const timeline = async (language = 'sv') => (await get(`/questions/${questionId}/timeline`, language)).body.items as Entry[];

  it('the timeline names the forum as it was named on each step’s day, with today’s name beside it where they differ', async () => {
    const [raised, accepted, early, late] = await timeline();
    expect(raised.sentence).toContain(`väcktes av ${VRAU} (i dag Ordföranderådet)`);
    expect(accepted.sentence).toContain(`togs in i ${VRAU} (i dag Ordföranderådet)`);
    expect(accepted.forums).toEqual([{ id: 'chairs-council', day: '2021-03-10', nameThen: VRAU, nameToday: 'Ordföranderådet' }]);
    // A dialogue's name is read on the day it was held.
    expect(early.sentence).toContain(`Dialog fördes i ${VRAU} (i dag Ordföranderådet) den 2021-06-01`);
    expect(late.sentence).toContain('Dialog fördes i Ordföranderådet den 2026-03-01');
    expect(late.sentence).not.toContain('i dag');
    expect(late.forums).toEqual([{ id: 'chairs-council', day: '2026-03-01', nameThen: 'Ordföranderådet', nameToday: 'Ordföranderådet' }]);
  });

  it('in English too', async () => {
    const [, accepted] = await timeline('en');
    expect(accepted.sentence).toContain("(today Chairs' Council)");
    expect(accepted.forums[0].nameToday).toBe("Chairs' Council");
  });

  it('the dossier (JSON) carries each event’s forums as named then and today, and today’s names', async () => {
    const dossier = (await get(`/questions/${questionId}/dossier`, 'sv', false)).body as { events: Entry[]; forumsToday: Record<string, string> };
    expect(dossier.events[1].forums).toEqual([{ id: 'chairs-council', day: '2021-03-10', nameThen: VRAU, nameToday: 'Ordföranderådet' }]);
    expect(dossier.events[3].forums[0].nameThen).toBe('Ordföranderådet');
    expect(dossier.forumsToday).toEqual({ 'chairs-council': 'Ordföranderådet' });
  });

  it('the printable dossier and the web dossier name VRAU for 2021 with today’s name beside it, and today’s name for the state now', async () => {
    const printable = (await get(`/questions/${questionId}/dossier?format=html`, 'sv', false)).text;
    const agent = browser(t);
    await signIn(agent, 'chair', 'region-varmland');
    const web = (await agent.get(`/web/questions/${questionId}/dossier`).expect(200)).text;
    for (const html of [printable, web]) {
      expect(html).toContain(`${VRAU} <span class="note">(i dag Ordföranderådet)</span>`);
      expect(html).toContain('<dt>Forum</dt><dd>Ordföranderådet</dd>');
    }
  });

  it('the question’s web page tells the timeline with the names of then', async () => {
    const agent = browser(t);
    await signIn(agent, 'chair', 'region-varmland');
    const page = (await agent.get(`/web/questions/${questionId}?afterPosition=${position}`).expect(200)).text;
    expect(page).toContain(`Dialog fördes i ${VRAU} (i dag Ordföranderådet) den 2021-06-01`);
    expect(page).toContain('Dialog fördes i Ordföranderådet den 2026-03-01');
  });
});
