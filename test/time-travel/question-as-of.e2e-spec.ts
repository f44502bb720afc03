import { FixedClock } from '../../src/shared-kernel/clock';
import { tellKulturplanStory } from '../support/kulturplan-over-http';
import { TestApp, startTestApp } from '../support/test-app';

// Each test reads the whole stream or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * Time travel: a question as it stood at several points of its life
 * (GET /questions/:id?asOf= and ?revision=), folded from the events up to then;
 * the story is test/support/kulturplan-over-http.ts.
 */
describe('Time travel: the question as it stood then', () => {
  const clock = new FixedClock(new Date('2025-01-10T09:00:00Z'));
  let t: TestApp;
  let chair: string;
  let id: string;
  let revisionAt: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    chair = await t.token('chair', 'region-varmland', 'anna.chair');
    ({ id, revisionAt } = await tellKulturplanStory(t, clock));
  }, 120_000);
  afterAll(() => t?.close());

  const question = (query: string) => t.http().get(`/questions/${id}?${query}`).set('Authorization', `Bearer ${chair}`);

  it('returns the question as raised, before anything else happened', async () => {
    const response = await question('asOf=2025-01-15T00:00:00Z').expect(200);
    expect(response.body).toMatchObject({
      id,
      stage: 'raised',
      revision: 0,
      latestRevision: 10,
      asOf: '2025-01-15T00:00:00.000Z',
      forum: null,
      responsible: null,
    });
    // No revision ETag (Express may add its own weak content hash): a past state is nothing to send If-Match for.
    expect(response.headers.etag ?? '').not.toMatch(/^"\d+"$/);
  });

  it('takes a date as the end of that day in Sweden: accepted, with its responsible official', async () => {
    const response = await question('asOf=2025-02-01').expect(200);
    expect(response.body).toMatchObject({ stage: 'accepted', revision: 1, asOf: '2025-02-01T22:59:59.999Z', forum: 'council' });
    expect(response.body.responsible).toEqual({ givenName: 'Eva', familyName: 'Lind', name: 'Eva Lind', organisationId: 'region-varmland' });
  });

  it('shows the consultation with Karlstad’s answer and Kil’s missing, during dialogue', async () => {
    const response = await question('asOf=2025-02-25T12:00:00%2B01:00').expect(200);
    expect(response.body).toMatchObject({ stage: 'dialogue', revision: 3 });
    const [consultation] = response.body.consultations;
    expect(consultation.status).toBe('open');
    expect(Object.keys(consultation.answers)).toEqual(['karlstad']);
  });

  it('includes an event that occurred exactly at the instant asked for', async () => {
    expect((await question('asOf=2025-03-14T09:00:00.000Z').expect(200)).body).toMatchObject({ stage: 'position-taken', revision: 6 });
    expect((await question('asOf=2025-03-14T08:59:59.999Z').expect(200)).body).toMatchObject({ stage: 'decision-document', revision: 5 });
  });

  it('shows which organisations had decided: Karlstad as first recorded, Kil pending', async () => {
    const response = await question('asOf=2025-04-10').expect(200);
    expect(response.body).toMatchObject({ stage: 'position-taken', revision: 7, pendingDecisions: ['kil'], allDecisionsIn: false });
    expect(response.body.memberDecisions.karlstad.current).toMatchObject({ reference: 'KS 2025-04-01 § 40', correctionReason: null });
    expect(response.body.memberDecisions.karlstad.earlierVersions).toEqual([]);
  });

  it('shows the correction once it was made, the first version kept', async () => {
    const response = await question('asOf=2025-04-20').expect(200);
    expect(response.body.memberDecisions.karlstad.current).toMatchObject({ reference: 'KS 2025-04-01 § 41', correctionReason: 'Fel paragraf' });
    expect(response.body.memberDecisions.karlstad.earlierVersions).toHaveLength(1);
    expect(response.body.pendingDecisions).toEqual(['kil']);
  });

  it('?revision=N gives the same state as the instant that revision was written', async () => {
    const byRevision = await question('revision=6').expect(200);
    const byTime = await question('asOf=2025-03-14T09:00:00Z').expect(200);
    const { asOf: _a, ...revisionState } = byRevision.body;
    const { asOf: _b, ...timeState } = byTime.body;
    expect(revisionState).toEqual(timeState);
    expect(byRevision.body.asOf).toBeNull();
    expect(revisionAt['2025-03-14T09:00:00.000Z']).toBe(6);
  });

  it('after the last event, equals the current state', async () => {
    const now = await t.http().get(`/questions/${id}`).set('Authorization', `Bearer ${chair}`).expect(200);
    const later = await question('asOf=2030-01-01').expect(200);
    const { asOf: _, latestRevision, ...then } = later.body;
    expect(then).toEqual(now.body);
    expect(latestRevision).toBe(10);
    expect(now.body.stage).toBe('closed');
  });

  it('404 before the question was raised, or for a revision it never had; 400 for an instant without time zone', async () => {
    const early = await question('asOf=2025-01-01').expect(404);
    expect(early.body.detail).toContain('had not been raised');
    expect(early.body.detail).toMatch(/it was raised \d{4}-\d{2}-\d{2}T/);
    await question('revision=11').expect(404);
    const noZone = await question('asOf=2025-03-01T12:00:00').expect(400);
    expect(noZone.body.errors[0]).toMatchObject({ field: 'asOf' });
    await question('asOf=yesterday').expect(400);
    await question('revision=-1').expect(400);
  });
});
