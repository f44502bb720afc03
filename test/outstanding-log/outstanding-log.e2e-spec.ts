import { FixedClock } from '../../src/shared-kernel/clock';
import { ReadSideTokens, tellStrandskyddStory } from '../support/strandskydd-over-http';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The outstanding-issues log over HTTP: write through the command API
 * (test/support/strandskydd-over-http.ts), then read GET /log with the position
 * the last command returned (read-your-writes), in Swedish and in English, with
 * overdue decided by the application's clock.
 */
describe('the outstanding-issues log over HTTP', () => {
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

  it('GET /log with afterPosition sees the last write: the question, its overdue decisions and what else is owed', async () => {
    const response = await get(`/log?afterPosition=${position}`).expect(200);
    expect(response.headers['content-language']).toBe('sv');
    expect(response.body).toMatchObject({ today: '2025-06-16', total: 1, limit: 50, offset: 0 });
    const [question] = response.body.items;
    expect(question).toMatchObject({
      id,
      title: 'Utvidgat strandskydd',
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
            { id: 'kil', name: 'Kils kommun' },
            { id: 'torsby', name: 'Torsby kommun' },
          ],
        },
        dueDate: '2025-06-10',
        overdue: true,
      },
      responsible: { name: 'Karin Berg', organisation: { id: 'region-varmland', name: 'Region Värmland' } },
      dueDate: '2025-06-10',
      overdue: true,
      lastMeeting: { forum: { id: 'chairs-council' }, on: '2025-05-09', reference: 'Ordföranderådet 2025-05-09 § 4' },
    });
    expect(
      question.openItems.map((item: { kind: string; owedBy: { id: string }; dueDate: string | null; overdue: boolean }) => [
        item.kind,
        item.owedBy.id,
        item.dueDate,
        item.overdue,
      ]),
    ).toEqual([
      ['member-decision', 'kil', '2025-06-10', true],
      ['member-decision', 'torsby', '2025-06-10', true],
      ['consultation-answer', 'kil', '2025-06-30', false],
      ['consultation-answer', 'torsby', '2025-06-30', false],
      ['feedback-at-home', 'karlstad', null, false],
    ]);
  });

  it('overdue follows the clock', async () => {
    clock.set('2025-06-05T08:00:00Z');
    try {
      const response = await get(`/log?overdue=true`).expect(200);
      expect(response.body.total).toBe(0);
      const all = await get('/log').expect(200);
      expect(all.body.items[0]).toMatchObject({ overdue: false, nextStep: { overdue: false } });
    } finally {
      clock.set('2025-06-16T08:00:00Z');
    }
    expect((await get('/log?overdue=true&organisation=kil').expect(200)).body.items[0].openItems).toHaveLength(1);
  });

  it('speaks English when Accept-Language prefers it', async () => {
    const response = await get(`/log?afterPosition=${position}`).set('Accept-Language', 'en-GB,en;q=0.9,sv;q=0.5').expect(200);
    expect(response.headers['content-language']).toBe('en');
    expect(response.body.items[0]).toMatchObject({
      stage: { label: 'Position taken' },
      forum: { name: "Chairs' Council" },
      nextStep: { label: 'Decide in the member organisations' },
      openItems: [{ label: 'Member organisation decision' }, {}, { label: 'Consultation answer' }, {}, { label: 'Feedback at home' }],
    });
    const swedishPreferred = await get('/log').set('Accept-Language', 'sv, en;q=0.8').expect(200);
    expect(swedishPreferred.body.items[0].stage.label).toBe('Ställningstagande');
  });

  it('refuses unknown and invalid query parameters, naming them', async () => {
    const unknown = await get('/log?colour=red').expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'colour', rule: 'unknownField' })]);
    expect((await get('/log?overdue=yes').expect(400)).body.errors[0]).toMatchObject({ field: 'overdue' });
    expect((await get('/log?sort=colour').expect(400)).body.errors[0]).toMatchObject({ field: 'sort' });
  });

  it('answers 503 when the read model cannot reach a position in time', async () => {
    const response = await get('/log?afterPosition=99999999999.0').expect(503);
    expect(response.body.detail).toMatch(/not yet caught up/);
  });

  it('who may read the log: those who run the process, not the parties', async () => {
    await get('/log', token.kil).expect(403);
    await get('/log', token.auditor).expect(200);
    await t.http().get('/log').expect(401);
  });
});
