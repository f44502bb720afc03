import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * A question carried over HTTP through the whole process of Samverkan Värmland:
 * idea, preparation, dialogue, consultation, decision document, the chairs'
 * council's position, a decision by each of the 17 member organisations,
 * feedback at home, and closing. Runs on the real server and on the embedded
 * database (the test runner runs the suite once for each).
 */
describe('A question through its whole life, over HTTP', () => {
  let t: TestApp;
  let chair: string;

  beforeAll(async () => {
    t = await startTestApp();
    chair = await t.token('chair', 'region-varmland', 'anna.chair');
  });
  afterAll(() => t?.close());

  const post = (path: string, body: object, token = chair) => t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  it('records every step as an event and folds them into the question', async () => {
    const raised = await post('/questions', {
      title: 'Utvidgat strandskydd',
      description: 'Länsstyrelsens förslag om utvidgat strandskydd berör alla kommuner.',
      raisedBy: { kind: 'organisation', id: 'arvika' },
      topicArea: 'Samhällsplanering',
      documents: [{ title: 'Länsstyrelsens förslag', url: 'https://example.org/strandskydd.pdf' }],
    }).expect(201);
    const id: string = raised.body.questionId;
    expect(raised.headers.location).toBe(`/questions/${id}`);
    expect(raised.body).toMatchObject({ revision: 0, events: [{ type: 'QuestionRaised', revision: 0 }] });
    expect(raised.body.position).toMatch(/^\d+\.\d+$/);

    await post(`/questions/${id}/accept`, {
      forum: 'council',
      logic: 'process',
      responsible: { name: 'Karin Berg', organisationId: 'region-varmland' },
    }).expect(200);
    await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-02-14', summary: 'Bred dialog i Värmlandsrådet.' }).expect(200);
    await post(`/questions/${id}/inputs`, { organisationId: 'kil', content: 'Kil vill se lokala undantag.' }, await t.token('member', 'kil')).expect(200);

    const consultation = await post(`/questions/${id}/consultations`, {
      subject: 'Remiss: utvidgat strandskydd',
      parties: ['karlstad', 'kil', 'torsby'],
      answerBy: '2025-04-30',
    }).expect(201);
    const consultationId: string = consultation.body.consultationId;
    await post(
      `/questions/${id}/consultations/${consultationId}/answers`,
      { organisationId: 'karlstad', answer: 'Tillstyrker.' },
      await t.token('member', 'karlstad'),
    ).expect(200);
    await post(
      `/questions/${id}/consultations/${consultationId}/answers`,
      { organisationId: 'kil', answer: 'Tillstyrker med ändringar.' },
      await t.token('member', 'kil'),
    ).expect(200);
    await post(`/questions/${id}/consultations/${consultationId}/close`, {}).expect(200);

    await post(`/questions/${id}/move`, { forum: 'chairs-council', reason: 'Redo för ställningstagande' }).expect(200);
    await post(
      `/questions/${id}/decision-documents`,
      {
        reference: 'VRAU 2025/12',
        title: 'Beslutsunderlag utvidgat strandskydd',
        proposedPosition: 'Samverkan Värmland ställer sig bakom ett gemensamt yttrande.',
      },
      await t.token('working-group', 'region-varmland'),
    ).expect(200);
    await post(`/questions/${id}/position`, {
      text: 'Ordföranderådet ställer sig bakom ett gemensamt yttrande och rekommenderar parterna att besluta.',
      organisationsToDecide: [...ORGANISATION_IDS],
      decideBy: '2025-06-30',
      meetingReference: 'Ordföranderådet 2025-05-09 § 4',
    }).expect(200);

    for (const [index, organisationId] of ORGANISATION_IDS.entries()) {
      const member = await t.token('member', organisationId);
      await post(
        `/questions/${id}/decisions`,
        {
          organisationId,
          body: organisationId === 'region-varmland' ? 'regional-board' : 'municipal-executive-board',
          decidedOn: '2025-06-0' + ((index % 9) + 1),
          outcome: index === 3 ? 'adopted-with-changes' : 'adopted',
          reference: `KS 2025-06-0${(index % 9) + 1} § ${40 + index}`,
        },
        member,
      ).expect(200);
    }

    const decided = await t.http().get(`/questions/${id}`).set('Authorization', `Bearer ${chair}`).expect(200);
    expect(decided.body.allDecisionsIn).toBe(true);
    expect(decided.body.pendingDecisions).toEqual([]);
    expect(Object.keys(decided.body.memberDecisions).sort()).toEqual([...ORGANISATION_IDS].sort());

    await post(
      `/questions/${id}/decisions/grums/corrections`,
      { body: 'municipal-council', decidedOn: '2025-06-12', outcome: 'adopted', reference: 'KF 2025-06-12 § 77', reason: 'Fel organ angivet' },
      await t.token('member', 'grums'),
    ).expect(200);
    await post(
      `/questions/${id}/feedback`,
      { organisationId: 'karlstad', reportedTo: 'Kommunstyrelsen', reportedOn: '2025-09-02' },
      await t.token('member', 'karlstad'),
    ).expect(200);
    const closed = await post(`/questions/${id}/close`, { reason: 'Alla parter har beslutat' }).expect(200);

    const finalState = await t.http().get(`/questions/${id}`).set('Authorization', `Bearer ${chair}`).expect(200);
    expect(finalState.headers.etag).toBe(`"${closed.body.revision}"`);
    expect(finalState.body).toMatchObject({
      id,
      title: 'Utvidgat strandskydd',
      stage: 'closed',
      forum: 'chairs-council',
      logic: 'process',
      allDecisionsIn: true,
      revision: closed.body.revision,
    });
    expect(finalState.body.memberDecisions.grums.current).toMatchObject({ reference: 'KF 2025-06-12 § 77', body: 'municipal-council' });
    expect(finalState.body.feedbackAtHome).toHaveLength(1);
    // raise, accept, dialogue, input, consultation opened/answered twice/closed, move, document, position (11),
    // 17 decisions, correction, feedback, close: 31 events, so revision 30.
    expect(closed.body.revision).toBe(30);
  });

  it('stores who did it, in which role and organisation, and why, on each event', async () => {
    const member = await t.token('member', 'kil', 'kalle.kil');
    const raised = await post(
      '/questions',
      {
        title: 'Besöksnäringens roll',
        description: 'Offentlig sektors roll i besöksnäringen.',
        raisedBy: { kind: 'organisation', id: 'kil' },
        topicArea: 'Regional utveckling',
      },
      member,
    ).expect(201);
    const id = raised.body.questionId;
    await t
      .http()
      .post(`/questions/${id}/withdraw`)
      .set('Authorization', `Bearer ${chair}`)
      .set('X-Correlation-Id', 'corr-123')
      .send({ reason: 'Hanteras i annan ordning' })
      .expect(200);

    const { EVENT_STORE } = await import('../../src/event-store/event-store.port');
    const store = t.app.get(EVENT_STORE);
    const events = await store.readStream(`question-${id}`);
    expect(events.map((event: { type: string }) => event.type)).toEqual(['QuestionRaised', 'QuestionWithdrawn']);
    expect(events[0].metadata.actor).toEqual({ userId: 'kalle.kil', displayName: 'Test member (kil)', role: 'member', organisationId: 'kil' });
    expect(events[1].metadata).toMatchObject({
      actor: { userId: 'anna.chair', role: 'chair', organisationId: 'region-varmland' },
      correlationId: 'corr-123',
      reason: 'Hanteras i annan ordning',
    });
    expect(events[1].metadata.causationId).toBe(events[1].metadata.commandId);
    expect(events[1].schemaVersion).toBe(1);
  });
});
