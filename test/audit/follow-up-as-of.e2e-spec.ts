import { EVENT_STORE, EventStore, formatPosition } from '../../src/event-store/event-store.port';
import { FixedClock } from '../../src/shared-kernel/clock';
import { tellKulturplanStory } from '../support/kulturplan-over-http';
import { TestApp, startTestApp } from '../support/test-app';

// Each test reads the whole log or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * What an organisation owed as of a date, for the auditors
 * (GET /audit/organisations/:id/follow-up?asOf=), folded from the events up to
 * then, and the follow-up view itself with ?asOf= giving the same answer; the
 * story is test/support/kulturplan-over-http.ts.
 */
describe('the follow-up of an organisation as of a date (GET /audit/organisations/:id/follow-up?asOf=)', () => {
  const clock = new FixedClock(new Date('2025-01-10T09:00:00Z'));
  let t: TestApp;
  let auditor: string;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    auditor = await t.token('auditor', 'region-varmland', 'rut.revisor');
    ({ id } = await tellKulturplanStory(t, clock));
  }, 120_000);
  afterAll(() => t?.close());

  const followUp = (organisation: string, asOf: string, token = auditor) =>
    t.http().get(`/audit/organisations/${organisation}/follow-up?asOf=${asOf}`).set('Authorization', `Bearer ${token}`);
  const summary = (body: { owed: Array<{ kind: string; overdue: boolean }>; done: Array<{ kind: string }> }) => ({
    owed: body.owed.map((item) => `${item.kind}${item.overdue ? ' (overdue)' : ''}`),
    done: body.done.map((item) => item.kind),
  });

  it('what Karlstad owed on 10 February: the consultation answer, not yet due', async () => {
    const response = await followUp('karlstad', '2025-02-10').expect(200);
    expect(response.body).toMatchObject({ organisation: { id: 'karlstad' }, today: '2025-02-10', counts: { owed: 1, overdue: 0, done: 0 } });
    expect(summary(response.body)).toEqual({ owed: ['consultation-answer'], done: [] });
    expect(response.body.owed[0]).toMatchObject({ question: { id, title: 'Regional kulturplan 2026–2029' }, dueDate: '2025-02-28' });
  });

  it('on 1 March Karlstad had answered and Kil’s answer was overdue', async () => {
    expect(summary((await followUp('karlstad', '2025-03-01').expect(200)).body)).toEqual({ owed: [], done: ['consultation-answer'] });
    expect(summary((await followUp('kil', '2025-03-01').expect(200)).body)).toEqual({ owed: ['consultation-answer (overdue)'], done: [] });
  });

  it('on 10 April Karlstad had decided and owed feedback at home; Kil owed its decision, not yet due; in May overdue', async () => {
    const karlstad = (await followUp('karlstad', '2025-04-10').expect(200)).body;
    expect(summary(karlstad)).toEqual({ owed: ['feedback-at-home'], done: ['member-decision', 'consultation-answer'] });
    expect(karlstad.done[0].decision).toMatchObject({ reference: 'KS 2025-04-01 § 40', corrected: false });
    expect(summary((await followUp('kil', '2025-04-10').expect(200)).body)).toEqual({ owed: ['member-decision'], done: [] });
    expect(summary((await followUp('kil', '2025-05-05').expect(200)).body)).toEqual({ owed: ['member-decision (overdue)'], done: [] });
  });

  it('answers in English when asked, refuses a bad date and an unknown organisation', async () => {
    const english = await followUp('kil', '2025-05-05').set('Accept-Language', 'en').expect(200);
    expect(english.body.owed[0].label).toBe('Member organisation decision');
    await followUp('kil', 'last-week').expect(400);
    await followUp('oslo', '2025-05-05').expect(404);
  });

  it('is also the follow-up view itself with ?asOf=, read from follow-up-history: the same answer, for the organisation itself', async () => {
    const audited = (await followUp('karlstad', '2025-04-10').expect(200)).body;
    const member = await t.token('member', 'karlstad');
    const head = formatPosition((await t.app.get<EventStore>(EVENT_STORE).headPosition())!);
    const live = await t
      .http()
      .get(`/organisations/karlstad/follow-up?asOf=2025-04-10&afterPosition=${head}`)
      .set('Authorization', `Bearer ${member}`)
      .expect(200);
    // The follow-up view also names its time axis; the auditors' route answers on both axes at once and names none.
    const { timeAxis, ...liveAnswer } = live.body;
    expect(timeAxis).toEqual({ code: 'as-recorded-by', label: 'Som registrerat vid' });
    expect(liveAnswer).toEqual(audited);
    for (const asOf of ['2025-01-09', '2025-02-10', '2025-03-01', '2025-05-05', '2025-04-10T10:00:00%2B02:00', '2030-01-01']) {
      for (const organisation of ['karlstad', 'kil']) {
        const fromHistory = await t
          .http()
          .get(`/organisations/${organisation}/follow-up?asOf=${asOf}&afterPosition=${head}`)
          .set('Authorization', `Bearer ${auditor}`)
          .expect(200);
        const { timeAxis: _axis, ...fromHistoryAnswer } = fromHistory.body;
        expect(fromHistoryAnswer).toEqual((await followUp(organisation, asOf).expect(200)).body);
      }
    }
    await t.http().get('/organisations/kil/follow-up?asOf=2025-04-10').set('Authorization', `Bearer ${member}`).expect(403);
    const now = await t.http().get('/organisations/karlstad/follow-up').set('Authorization', `Bearer ${member}`).expect(200);
    expect(now.body.today).not.toBe('2025-04-10');
    const bad = await t.http().get('/organisations/karlstad/follow-up?asOf=2025-04-10T10:00:00').set('Authorization', `Bearer ${member}`).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'asOf' });
  });

  it('is for auditors and admins only under /audit', async () => {
    await followUp('kil', '2025-05-05', await t.token('admin', 'region-varmland')).expect(200);
    for (const role of ['working-group', 'chair', 'secretary', 'member']) {
      const refused = await followUp('kil', '2025-05-05', await t.token(role, 'kil')).expect(403);
      expect(refused.body).toMatchObject({ role, action: 'audit.read' });
    }
  });
});
