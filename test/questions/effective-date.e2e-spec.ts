import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(30_000);

/**
 * Effective time beside recorded time: a question's commands may say on which
 * day the thing happened. Recorded today (2025-09-01), the question's story
 * happened in the spring; every event keeps both times, and a day that breaks a
 * rule is refused with 422 naming the field and the rule, appending nothing.
 */
const clock = new FixedClock(new Date('2025-09-01T08:00:00.000Z'));
let t: TestApp;
let chair: string;

beforeAll(async () => {
  t = await startTestApp({ clock });
  chair = await t.token('chair', 'region-varmland', 'anna.chair');
}, 120_000);
afterAll(() => t?.close());

describe('Effective time: commands say when the thing happened', () => {
  let id: string;
  beforeAll(() => clock.set('2025-09-01T08:00:00.000Z'));

  const post = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${chair}`).send(body);
  const history = async () => (await t.http().get(`/questions/${id}/history`).set('Authorization', `Bearer ${chair}`).expect(200)).body.items;
  const accept = { forum: 'council', logic: 'decision', responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' } };

  it('stores the day it happened beside the instant it was recorded', async () => {
    const raised = await post('/questions', {
      title: 'Kollektivtrafikens trafikförsörjningsprogram',
      description: 'Programmet ska tas fram i dialog med kommunerna.',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Kollektivtrafik',
      effectiveOn: '2025-02-03',
    }).expect(201);
    id = raised.body.questionId;
    const [event] = await history();
    expect(event.metadata).toMatchObject({ occurredAt: '2025-09-01T08:00:00.000Z', effectiveOn: '2025-02-03' });
    const question = await t.http().get(`/questions/${id}`).set('Authorization', `Bearer ${chair}`).expect(200);
    expect(question.body).toMatchObject({ raisedAt: '2025-09-01T08:00:00.000Z', raisedOn: '2025-02-03', lastEffectiveOn: '2025-02-03' });
  });

  it.each([
    ['2025-02-02', 'effective-date-before-raised'],
    ['2025-09-02', 'effective-date-in-future'],
  ])('refuses effectiveOn %s with 422 (%s), appending nothing', async (effectiveOn, rule) => {
    const response = await post(`/questions/${id}/accept`, { ...accept, effectiveOn }).expect(422);
    expect(response.body).toMatchObject({ rule, field: 'effectiveOn' });
    expect(response.body.detail).toContain('effectiveOn');
    expect(await history()).toHaveLength(1);
  });

  it('refuses a day that is not a calendar date with 400 naming the field', async () => {
    const response = await post(`/questions/${id}/accept`, { ...accept, effectiveOn: '3 februari' }).expect(400);
    expect(JSON.stringify(response.body)).toContain('effectiveOn');
    expect(await history()).toHaveLength(1);
  });

  it('keeps the events in the order things happened: a day before the last event is refused', async () => {
    await post(`/questions/${id}/accept`, { ...accept, effectiveOn: '2025-03-01' }).expect(200);
    const response = await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-02-20', summary: 'Rådslag', effectiveOn: '2025-02-20' }).expect(
      422,
    );
    expect(response.body).toMatchObject({ rule: 'effective-date-out-of-order', field: 'effectiveOn' });
    expect(await history()).toHaveLength(2);
  });

  it('a command that names no day happened on the day it was recorded (in Sweden)', async () => {
    clock.set('2025-09-01T22:30:00.000Z'); // 00:30 on 2 September in Stockholm
    await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-03-14', summary: 'Rådslag' }).expect(200);
    const events = await history();
    expect(events[2].metadata).toMatchObject({ occurredAt: '2025-09-01T22:30:00.000Z', effectiveOn: '2025-09-02' });
    clock.set('2025-09-01T08:00:00.000Z');
  });
});

/**
 * The two questions time travel answers, where they differ: on 10 June the
 * secretary entered the spring (raised 3 February, position 9 May); on
 * 1 September Karlstad's decision of 20 May. "As recorded by" 1 June the record
 * held nothing; "as in effect on" 1 June, Karlstad had decided — which the
 * record as it stood on 1 August did not yet say.
 */
describe('Time travel: as recorded by an instant, and as in effect on a day', () => {
  let id: string;
  let admin: string;
  const at = async (instant: string, path: string, body: object, token = admin) => {
    clock.set(instant);
    const response = await t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  beforeAll(async () => {
    admin = await t.token('admin', 'region-varmland', 'sara.admin');
    const entered = '2025-06-10T08:00:00.000Z';
    id = (
      await at(entered, '/questions', {
        title: 'Regional kulturplan 2026–2029',
        description: 'Kulturplanen tas fram i dialog med länets kommuner.',
        raisedBy: { kind: 'organisation', id: 'karlstad' },
        topicArea: 'Kultur',
        effectiveOn: '2025-02-03',
      })
    ).questionId;
    await at(entered, `/questions/${id}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' },
      effectiveOn: '2025-02-10',
    });
    await at(entered, `/questions/${id}/decision-documents`, {
      reference: 'VRAU 2025/7',
      title: 'Beslutsunderlag kulturplan',
      proposedPosition: 'Ställ er bakom planen.',
      effectiveOn: '2025-04-01',
    });
    await at(entered, `/questions/${id}/position`, {
      text: 'Ordföranderådet rekommenderar parterna att anta kulturplanen.',
      organisationsToDecide: ['karlstad', 'kil'],
      decideBy: '2025-06-30',
      meetingReference: 'Ordföranderådet 2025-05-09 § 5',
      effectiveOn: '2025-05-09',
    });
    await at(
      '2025-09-01T08:00:00.000Z',
      `/questions/${id}/decisions`,
      {
        organisationId: 'karlstad',
        body: 'municipal-executive-board',
        decidedOn: '2025-05-20',
        outcome: 'adopted',
        reference: 'KS 2025-05-20 § 40',
        effectiveOn: '2025-05-20',
      },
      await t.token('member', 'karlstad'),
    );
  }, 60_000);

  const question = (query: string) => t.http().get(`/questions/${id}?${query}`).set('Authorization', `Bearer ${chair}`);

  it('as recorded by 1 June: the record did not hold the question yet', async () => {
    const response = await question('asOf=2025-06-01').expect(404);
    expect(response.body.detail).toContain('it happened on 2025-02-03');
  });

  it('as in effect on 1 June: position taken, Karlstad has decided, Kil has not', async () => {
    const response = await question('inEffectOn=2025-06-01').expect(200);
    expect(response.body).toMatchObject({ stage: 'position-taken', revision: 4, latestRevision: 4, inEffectOn: '2025-06-01', asOf: null });
    expect(Object.keys(response.body.memberDecisions)).toEqual(['karlstad']);
    expect(response.body.pendingDecisions).toEqual(['kil']);
  });

  it('as in effect on 1 June, as recorded by 1 August: Karlstad’s decision was not entered yet', async () => {
    const response = await question('inEffectOn=2025-06-01&asOf=2025-08-01').expect(200);
    expect(response.body).toMatchObject({ stage: 'position-taken', revision: 3, asOf: '2025-08-01T21:59:59.999Z', inEffectOn: '2025-06-01' });
    expect(response.body.pendingDecisions).toEqual(['karlstad', 'kil']);
  });

  it('as in effect on 1 May: a decision document, no position yet', async () => {
    const response = await question('inEffectOn=2025-05-01').expect(200);
    expect(response.body).toMatchObject({ stage: 'decision-document', revision: 2, position: null });
  });

  it('as in effect on the day before it was raised: not found, naming the day it was', async () => {
    const response = await question('inEffectOn=2025-02-02').expect(404);
    expect(response.body.detail).toContain('it happened on 2025-02-03');
  });

  it('refuses a day that is not a calendar date (400, naming the field)', async () => {
    const response = await question('inEffectOn=2025-02-30').expect(400);
    expect(JSON.stringify(response.body)).toContain('inEffectOn');
  });
});
