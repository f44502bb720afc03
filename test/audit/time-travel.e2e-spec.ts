import { EVENT_STORE, EventStore, formatPosition } from '../../src/event-store/event-store.port';
import { FixedClock } from '../../src/shared-kernel/clock';
import { waitForLogHead } from '../support/events';
import { TestApp, startTestApp } from '../support/test-app';

// Each test reads the whole log or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * Time travel: a question, and what an organisation owed, as they stood at
 * several points of the question's life — folded from the events up to then.
 * The story: Karlstad and Kil are consulted, answer (Karlstad) or not (Kil), are
 * named in the position, Karlstad decides and corrects its decision, Kil decides
 * late, and the question is closed.
 */
describe('Time travel: the question and the follow-up as they stood then', () => {
  const clock = new FixedClock(new Date('2025-01-10T09:00:00Z'));
  let t: TestApp;
  let chair: string;
  let auditor: string;
  let id: string;
  const revisionAt: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock });
    chair = await t.token('chair', 'region-varmland', 'anna.chair');
    auditor = await t.token('auditor', 'region-varmland', 'rut.revisor');
    const at = async (instant: string, path: string, body: object, token = chair) => {
      clock.set(instant);
      const response = await t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      revisionAt[instant] = response.body.revision;
      return response.body;
    };
    id = (
      await at('2025-01-10T09:00:00.000Z', '/questions', {
        title: 'Regional kulturplan 2026–2029',
        description: 'Kulturplanen tas fram i dialog med länets kommuner.',
        raisedBy: { kind: 'organisation', id: 'karlstad' },
        topicArea: 'Kultur',
      })
    ).questionId;
    await at('2025-01-20T09:00:00.000Z', `/questions/${id}/accept`, {
      forum: 'council',
      logic: 'decision',
      responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' },
    });
    const consultation = await at('2025-02-05T09:00:00.000Z', `/questions/${id}/consultations`, {
      subject: 'Remiss: utkast till kulturplan',
      parties: ['karlstad', 'kil'],
      answerBy: '2025-02-28',
    });
    await at(
      '2025-02-20T09:00:00.000Z',
      `/questions/${id}/consultations/${consultation.consultationId}/answers`,
      { organisationId: 'karlstad', answer: 'Tillstyrker.' },
      await t.token('member', 'karlstad'),
    );
    await at('2025-03-05T09:00:00.000Z', `/questions/${id}/consultations/${consultation.consultationId}/close`, {});
    await at(
      '2025-03-10T09:00:00.000Z',
      `/questions/${id}/decision-documents`,
      { reference: 'VRAU 2025/7', title: 'Beslutsunderlag kulturplan', proposedPosition: 'Ställ er bakom planen.' },
      await t.token('working-group', 'region-varmland'),
    );
    await at('2025-03-14T09:00:00.000Z', `/questions/${id}/position`, {
      text: 'Ordföranderådet rekommenderar parterna att anta kulturplanen.',
      organisationsToDecide: ['karlstad', 'kil'],
      decideBy: '2025-04-30',
      meetingReference: 'Ordföranderådet 2025-03-14 § 5',
    });
    const decision = { body: 'municipal-executive-board', decidedOn: '2025-04-01', outcome: 'adopted', reference: 'KS 2025-04-01 § 40' };
    await at('2025-04-02T09:00:00.000Z', `/questions/${id}/decisions`, { organisationId: 'karlstad', ...decision }, await t.token('member', 'karlstad'));
    await at(
      '2025-04-15T09:00:00.000Z',
      `/questions/${id}/decisions/karlstad/corrections`,
      { ...decision, reference: 'KS 2025-04-01 § 41', reason: 'Fel paragraf' },
      await t.token('member', 'karlstad'),
    );
    await at(
      '2025-05-10T09:00:00.000Z',
      `/questions/${id}/decisions`,
      { organisationId: 'kil', ...decision, decidedOn: '2025-05-08', reference: 'KS 2025-05-08 § 12' },
      await t.token('member', 'kil'),
    );
    const closed = await at('2025-06-01T09:00:00.000Z', `/questions/${id}/close`, { reason: 'Alla parter har beslutat' });
    await waitForLogHead(t.app.get(EVENT_STORE), closed.position);
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

  describe('the follow-up of an organisation as of a date (GET /audit/organisations/:id/follow-up?asOf=)', () => {
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
});
