import { FixedClock } from '../../src/shared-kernel/clock';
import { ReadSideTokens, tellStrandskyddStory } from '../support/strandskydd-over-http';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The follow-up over HTTP: write through the command API
 * (test/support/strandskydd-over-http.ts), then read GET /follow-up and
 * GET /organisations/:id/follow-up with the position the last command returned
 * (read-your-writes).
 */
describe('the follow-up over HTTP', () => {
  const clock = new FixedClock(new Date('2025-06-16T08:00:00Z'));
  let t: TestApp;
  let token: ReadSideTokens;
  let position: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    ({ position, token } = await tellStrandskyddStory(t));
  }, 120_000);
  afterAll(() => t?.close());

  const get = (path: string, as = token.chair) => t.http().get(path).set('Authorization', `Bearer ${as}`);

  it('GET /follow-up: the matrix of the 17 organisations', async () => {
    const response = await get(`/follow-up?afterPosition=${position}`, token.kil).expect(200);
    expect(response.body.organisations).toHaveLength(17);
    expect(response.body.total).toBe(1);
    const cells = Object.fromEntries(response.body.items[0].cells.map((cell: { organisationId: string }) => [cell.organisationId, cell]));
    expect(cells.karlstad).toEqual({
      organisationId: 'karlstad',
      status: 'decided',
      statusLabel: 'Beslutat',
      outcome: 'adopted',
      outcomeLabel: 'Bifall',
      decidedOn: '2025-06-03',
      reference: 'KS 2025-06-03 § 45',
    });
    expect(cells.kil).toMatchObject({ status: 'overdue', statusLabel: 'Försenat' });
    expect(cells.arvika).toMatchObject({ status: 'not-concerned', statusLabel: 'Berörs inte' });
    expect(response.body.items[0].counts).toEqual({ awaiting: 0, overdue: 2, decided: 1, notConcerned: 14 });
  });

  it('GET /organisations/:id/follow-up: owed, overdue first, and done; 404 for an unknown organisation', async () => {
    const kil = await get(`/organisations/kil/follow-up?afterPosition=${position}`, token.kil).expect(200);
    expect(kil.body.organisation).toEqual({ id: 'kil', name: 'Kils kommun', kind: 'municipality' });
    expect(kil.body.counts).toMatchObject({ owed: 2, overdue: 1, done: 0 });
    expect(kil.body.owed.map((item: { kind: string; overdue: boolean }) => [item.kind, item.overdue])).toEqual([
      ['member-decision', true],
      ['consultation-answer', false],
    ]);
    const karlstad = await get(`/organisations/karlstad/follow-up`, token.karlstad).set('X-After-Position', position).expect(200);
    // Newest first: the answer was recorded today, the decision is dated 2025-06-03.
    expect(karlstad.body.done.map((item: { kind: string; doneOn: string; reference: string | null }) => [item.kind, item.doneOn, item.reference])).toEqual([
      ['consultation-answer', '2025-06-16', null],
      ['member-decision', '2025-06-03', 'KS 2025-06-03 § 45'],
    ]);
    const unknown = await get('/organisations/oslo/follow-up').expect(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses invalid query parameters, naming them', async () => {
    expect((await get('/follow-up?afterPosition=soon').expect(400)).body.errors[0]).toMatchObject({ field: 'afterPosition' });
  });

  it('every party sees the follow-up', async () => {
    await get('/follow-up', token.kil).expect(200);
  });
});
