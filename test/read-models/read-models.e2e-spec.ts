import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The read side over HTTP: write through the command API, then read the log,
 * the follow-up, the question list and the timeline with the position the last
 * command returned (read-your-writes), in Swedish and in English, with overdue
 * decided by the application's clock.
 */
describe('read models over HTTP', () => {
  const clock = new FixedClock(new Date('2025-06-16T08:00:00Z'));
  let t: TestApp;
  let token: Record<'chair' | 'workingGroup' | 'secretary' | 'auditor' | 'karlstad' | 'kil' | 'arvika', string>;
  let id: string;
  let position: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    token = {
      chair: await t.token('chair', 'region-varmland', 'anna.lund'),
      workingGroup: await t.token('working-group', 'region-varmland', 'karin.berg'),
      secretary: await t.token('secretary', 'region-varmland', 'sara.ek'),
      auditor: await t.token('auditor', 'region-varmland', 'revisor'),
      karlstad: await t.token('member', 'karlstad', 'kalle.karlstad'),
      kil: await t.token('member', 'kil', 'kim.kil'),
      arvika: await t.token('member', 'arvika', 'asa.arvika'),
    };

    const post = async (path: string, body: object, as: string) => {
      const response = await t.http().post(path).set('Authorization', `Bearer ${as}`).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      position = response.body.position;
      return response.body;
    };
    id = (
      await post(
        '/questions',
        {
          title: 'Utvidgat strandskydd',
          description: 'Länsstyrelsens förslag om utvidgat strandskydd berör alla kommuner.',
          raisedBy: { kind: 'organisation', id: 'arvika' },
          topicArea: 'Samhällsplanering',
        },
        token.arvika,
      )
    ).questionId;
    await post(
      `/questions/${id}/accept`,
      { forum: 'council', logic: 'process', responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' } },
      token.workingGroup,
    );
    await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-02-14', summary: 'Bred dialog i Värmlandsrådet.' }, token.secretary);
    const { consultationId } = await post(
      `/questions/${id}/consultations`,
      { subject: 'Remiss: utvidgat strandskydd', parties: ['karlstad', 'kil', 'torsby'], answerBy: '2025-06-30' },
      token.workingGroup,
    );
    await post(`/questions/${id}/consultations/${consultationId}/answers`, { organisationId: 'karlstad', answer: 'Tillstyrker.' }, token.karlstad);
    await post(`/questions/${id}/move`, { forum: 'chairs-council', reason: 'Redo för ställningstagande' }, token.workingGroup);
    await post(
      `/questions/${id}/decision-documents`,
      { reference: 'VRAU 2025/12', title: 'Beslutsunderlag utvidgat strandskydd', proposedPosition: 'Ett gemensamt yttrande.' },
      token.workingGroup,
    );
    await post(
      `/questions/${id}/position`,
      {
        text: 'Ordföranderådet ställer sig bakom ett gemensamt yttrande.',
        organisationsToDecide: ['karlstad', 'kil', 'torsby'],
        decideBy: '2025-06-10',
        meetingReference: 'Ordföranderådet 2025-05-09 § 4',
      },
      token.chair,
    );
    await post(
      `/questions/${id}/decisions`,
      { organisationId: 'karlstad', body: 'municipal-executive-board', decidedOn: '2025-06-03', outcome: 'adopted', reference: 'KS 2025-06-03 § 45' },
      token.karlstad,
    );
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

  it('refuses unknown and invalid query parameters, naming them', async () => {
    const unknown = await get('/log?colour=red').expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'colour', rule: 'unknownField' })]);
    const tooMany = await get('/questions?limit=501').expect(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'limit', rule: 'max' })]);
    expect((await get('/log?overdue=yes').expect(400)).body.errors[0]).toMatchObject({ field: 'overdue' });
    expect((await get('/follow-up?afterPosition=soon').expect(400)).body.errors[0]).toMatchObject({ field: 'afterPosition' });
    expect((await get('/log?sort=colour').expect(400)).body.errors[0]).toMatchObject({ field: 'sort' });
  });

  it('answers 503 when the read model cannot reach a position in time', async () => {
    const response = await get('/log?afterPosition=99999999999.0').expect(503);
    expect(response.body.detail).toMatch(/not yet caught up/);
  });

  it('who may read what: the log and the timeline are for those who run the process; every party sees the follow-up and the list', async () => {
    await get('/log', token.kil).expect(403);
    await get(`/questions/${id}/timeline`, token.kil).expect(403);
    await get('/log', token.auditor).expect(200);
    await get(`/questions/${id}/timeline`, token.auditor).expect(200);
    await get('/questions', token.kil).expect(200);
    await get('/follow-up', token.kil).expect(200);
    await t.http().get('/log').expect(401);
  });
});
