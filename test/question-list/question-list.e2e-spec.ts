import { FixedClock } from '../../src/shared-kernel/clock';
import { ReadSideTokens, tellStrandskyddStory } from '../support/strandskydd-over-http';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The question list and the timeline over HTTP: write through the command API
 * (test/support/strandskydd-over-http.ts), then read GET /questions and
 * GET /questions/:id/timeline with the position the last command returned
 * (read-your-writes).
 */
describe('the question list over HTTP', () => {
  const clock = new FixedClock(new Date('2025-06-16T08:00:00Z'));
  let t: TestApp;
  let token: ReadSideTokens;
  let id: string;
  let position: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    ({ id, position, token } = await tellStrandskyddStory(t));
  }, 120_000);
  afterAll(() => t?.close());

  const get = (path: string, as = token.chair) => t.http().get(path).set('Authorization', `Bearer ${as}`);

  it('GET /questions: filters and search', async () => {
    const found = await get(`/questions?afterPosition=${position}&q=strandskydd&stage=position-taken&forum=chairs-council&topic=samhälls`, token.arvika).expect(
      200,
    );
    expect(found.body).toMatchObject({
      total: 1,
      items: [{ id, title: 'Utvidgat strandskydd', position: { number: 1, decideBy: '2025-06-10', decisionsIn: 1, pendingDecisions: 2 } }],
    });
    expect((await get('/questions?stage=closed').expect(200)).body).toMatchObject({ total: 0, items: [] });
  });

  it('GET /questions/:id/timeline: what happened, who in which role and organisation, when and why', async () => {
    const sv = await get(`/questions/${id}/timeline?afterPosition=${position}`).expect(200);
    expect(sv.body.total).toBe(9);
    expect(sv.body.items[0]).toMatchObject({
      type: 'QuestionRaised',
      label: 'Fråga väckt',
      sentence: 'Frågan ”Utvidgat strandskydd” väcktes av Arvika kommun inom sakområdet Samhällsplanering.',
      occurredAt: '2025-06-16T08:00:00.000Z',
      who: { name: 'Test member (arvika)', role: { code: 'member', label: 'Medlem (part)' }, organisation: { id: 'arvika', name: 'Arvika kommun' } },
    });
    expect(sv.body.items[1].sentence).toBe('Frågan bereddes och togs in i Värmlandsrådet enligt processlogik; ansvarig är Karin Berg, Region Värmland.');
    expect(sv.body.items[5]).toMatchObject({ type: 'QuestionMovedToForum', why: 'Redo för ställningstagande', who: { role: { label: 'Arbetsgrupp' } } });
    const en = await get(`/questions/${id}/timeline?sort=-occurredAt&limit=1`).set('Accept-Language', 'en').expect(200);
    expect(en.body.items).toEqual([
      expect.objectContaining({
        type: 'MemberDecisionRecorded',
        label: 'Member decision recorded',
        sentence: 'Karlstads kommun decided in its Municipal executive board on 2025-06-03: adopted (KS 2025-06-03 § 45).',
      }),
    ]);
    await get('/questions/00000000-0000-4000-8000-000000000000/timeline').expect(404);
  });

  it('refuses invalid query parameters, naming them', async () => {
    const tooMany = await get('/questions?limit=501').expect(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'limit', rule: 'max' })]);
  });

  it('who may read what: the timeline is for those who run the process; every party sees the list', async () => {
    await get(`/questions/${id}/timeline`, token.kil).expect(403);
    await get(`/questions/${id}/timeline`, token.auditor).expect(200);
    await get('/questions', token.kil).expect(200);
  });
});
