import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The structure register over HTTP on the real application: empty, it checks
 * nothing; loaded from the built-in structure file it shows the structure as
 * of any date (the chairs' council under its old name in 2021); people take up
 * roles; its rules refuse with 4xx naming the rule and append nothing; and the
 * rules that read it refuse a position naming an organisation that has left
 * and an assignment to someone outside the working group.
 */
jest.setTimeout(90_000);

describe('the structure register (strukturregistret) over HTTP', () => {
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  let t: TestApp;
  let store: EventStore;
  let token: Record<'admin' | 'workingGroup' | 'chair' | 'member', string>;
  let position = '';

  const post = async (path: string, as: string, body: object = {}) => {
    const response = await t.http().post(path).set('Authorization', `Bearer ${as}`).send(body);
    if (response.body?.position) position = response.body.position;
    return response;
  };
  const ok = async (path: string, as: string, body: object = {}) => {
    const response = await post(path, as, body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const structure = async (asOf?: string) => {
    const query = [`afterPosition=${position || '0.0'}`, ...(asOf ? [`asOf=${asOf}`] : [])].join('&');
    const response = await t.http().get(`/register?${query}`).set('Authorization', `Bearer ${token.member}`).expect(200);
    return response.body as {
      asOf: string;
      loaded: boolean;
      organisations: Array<{ id: string; registrars: Array<{ name: string }> }>;
      forums: Array<{ id: string; nameSv: string; formerNamesSv: string[]; people: Array<{ name: string; role: string }> }>;
    };
  };
  const registerEvents = async () => (await store.readStream('register-structure')).length;
  /** A question ready for a position: raised, accepted in the chairs' council, a decision document attached. */
  const questionReadyForPosition = async (title: string) => {
    const { questionId } = await ok('/questions', token.chair, {
      title,
      description: 'Beskrivning',
      raisedBy: { kind: 'forum', id: 'chairs-council' },
      topicArea: 'Samhällsplanering',
    });
    await ok(`/questions/${questionId}/accept`, token.chair, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await ok(`/questions/${questionId}/decision-documents`, token.workingGroup, {
      reference: 'VRAU 2026/1',
      title: 'Beslutsunderlag',
      proposedPosition: 'Att ställa sig bakom förslaget',
    });
    return questionId as string;
  };
  const position_ = (organisationsToDecide: string[]) => ({ text: 'Ordföranderådet ställer sig bakom', organisationsToDecide, decideBy: '2026-06-30' });
  const assignment = (userId: string) => ({
    givenBy: 'chairs-council',
    title: 'Beslutsunderlag',
    purpose: 'Inför ställningstagande',
    deliverable: 'other',
    responsible: { userId, name: userId, organisationId: 'region-varmland' },
    dueDate: '2026-04-30',
  });

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
    token = {
      admin: await t.token('admin', 'region-varmland', 'admin'),
      workingGroup: await t.token('working-group', 'region-varmland', 'karin.berg'),
      chair: await t.token('chair', 'region-varmland', 'ordf'),
      member: await t.token('member', 'kil', 'kim.kil'),
    };
  });
  afterAll(() => t?.close());

  it('empty, it is shown as not loaded and its rules check nothing (a database from before the register keeps working)', async () => {
    expect(await structure()).toMatchObject({ loaded: false, organisations: [], forums: [] });
    const questionId = await questionReadyForPosition('Före registret');
    await ok(`/questions/${questionId}/position`, token.chair, position_(['kil']));
    await ok('/assignments', token.chair, assignment('anyone.at.all'));
  });

  it('the administrator loads the structure file once; another role may not; a second load is refused, nothing appended', async () => {
    const refused = await post('/register/seed', token.workingGroup);
    expect({ status: refused.status, action: refused.body.action }).toEqual({ status: 403, action: 'SeedStructure' });
    expect(await registerEvents()).toBe(0);

    const seeded = await post('/register/seed', token.admin);
    expect(seeded.status).toBe(201);
    const count = await registerEvents();
    // 17 organisations, 7 forums and the chairs' council's renaming.
    expect(count).toBe(25);

    const again = await post('/register/seed', token.admin);
    expect({ status: again.status, rule: again.body.rule }).toEqual({ status: 422, rule: 'register-not-empty' });
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(await registerEvents()).toBe(count);
  });

  it('the structure as it stood on a date: the chairs’ council under its old name in 2021, nobody before 2019', async () => {
    const today = await structure();
    expect(today.asOf).toBe('2026-03-02');
    expect(today.loaded).toBe(true);
    expect(today.organisations).toHaveLength(17);
    expect(today.forums.find((forum) => forum.id === 'chairs-council')).toMatchObject({
      nameSv: 'Ordföranderådet',
      formerNamesSv: ['Värmlandsrådets arbetsutskott (VRAU)'],
    });
    const in2021 = await structure('2021-06-01');
    expect(in2021.forums.find((forum) => forum.id === 'chairs-council')!.nameSv).toBe('Värmlandsrådets arbetsutskott (VRAU)');
    // The topic forums were established after the 2021 evaluation recommended them.
    expect(in2021.forums.map((forum) => forum.id)).not.toContain('health-care-forum');
    expect((await structure('2018-12-31')).organisations).toEqual([]);
    const bad = await t.http().get('/register?asOf=2026-02-30').set('Authorization', `Bearer ${token.member}`);
    expect(bad.status).toBe(400);
  });

  it('people and their roles over time: who chairs, who is in the working group, who is registrar', async () => {
    const { personId } = await ok('/register/people', token.workingGroup, {
      name: 'Maria Nilsson',
      organisationId: 'region-varmland',
      email: 'maria.nilsson@regionvarmland.se',
      userId: 'maria.nilsson',
    });
    await ok(`/register/people/${personId}/roles`, token.workingGroup, { role: 'member', forumId: 'working-group', from: '2025-01-01' });
    const { roleId: chairRole } = await ok(`/register/people/${personId}/roles`, token.admin, { role: 'chair', forumId: 'chairs-council', from: '2025-01-01' });
    await ok(`/register/people/${personId}/roles`, token.admin, { role: 'registrar', from: '2025-01-01' });
    await ok(`/register/people/${personId}/roles/${chairRole}/end`, token.admin, { to: '2026-01-01' });

    const chairsCouncil = (body: Awaited<ReturnType<typeof structure>>) => body.forums.find((forum) => forum.id === 'chairs-council')!.people;
    expect(chairsCouncil(await structure('2025-06-01'))).toEqual([expect.objectContaining({ name: 'Maria Nilsson', role: 'chair' })]);
    expect(chairsCouncil(await structure())).toEqual([]);
    const today = await structure();
    expect(today.forums.find((forum) => forum.id === 'working-group')!.people).toEqual([expect.objectContaining({ name: 'Maria Nilsson', role: 'member' })]);
    expect(today.organisations.find((organisation) => organisation.id === 'region-varmland')!.registrars).toEqual([
      expect.objectContaining({ name: 'Maria Nilsson' }),
    ]);
  });

  it('refuses with 4xx naming the rule or field, and appends nothing', async () => {
    const before = await registerEvents();
    const expectRefused = async (path: string, body: object, status: number, rule: string) => {
      const response = await post(path, token.admin, body);
      expect({ path, status: response.status, rule: response.body.rule ?? response.body.errors?.[0]?.field }).toEqual({ path, status, rule });
    };
    await expectRefused(
      '/register/organisations',
      { organisationId: 'kil', name: 'Kils kommun', kind: 'municipality', joinedOn: '2026-01-01' },
      422,
      'organisation-already-member',
    );
    await expectRefused(
      '/register/organisations',
      { organisationId: 'Kil Kommun', name: 'Kils kommun', kind: 'municipality', joinedOn: '2026-01-01' },
      400,
      'organisationId',
    );
    await expectRefused('/register/forums/chairs-council/rename', { nameSv: 'Nytt', nameEn: 'New', renamedOn: '2021-01-01' }, 422, 'date-before-last-change');
    await expectRefused('/register/forums/nowhere/discontinue', { discontinuedOn: '2026-01-01', reason: 'Skäl' }, 422, 'unknown-forum');
    await expectRefused(
      '/register/forums/health-care-forum/merge',
      { intoForumId: 'health-care-forum', mergedOn: '2026-01-01', reason: 'Skäl' },
      422,
      'merge-into-itself',
    );
    await expectRefused('/register/organisations/kil/leave', { leftOn: '2026-01-01' }, 400, 'reason');
    const member = await post('/register/organisations', token.member, { organisationId: 'x', name: 'X', kind: 'other', joinedOn: '2026-01-01' });
    expect({ status: member.status, action: member.body.action }).toEqual({ status: 403, action: 'JoinOrganisation' });
    expect(await registerEvents()).toBe(before);
  });

  it('a position names member organisations only: Kil, which has left, is refused (422), nothing appended', async () => {
    await ok('/register/organisations/kil/leave', token.admin, { leftOn: '2026-02-01', reason: 'Utträde enligt fullmäktiges beslut' });
    const questionId = await questionReadyForPosition('Efter Kils utträde');
    const before = (await store.readStream(`question-${questionId}`)).length;
    const refused = await post(`/questions/${questionId}/position`, token.chair, position_(['karlstad', 'kil']));
    expect({ status: refused.status, rule: refused.body.rule }).toEqual({ status: 422, rule: 'organisation-not-a-member' });
    expect(refused.body.detail).toContain('kil is not a member organisation on 2026-03-02');
    expect((await store.readStream(`question-${questionId}`)).length).toBe(before);
    await ok(`/questions/${questionId}/position`, token.chair, position_(['karlstad']));
    expect((await structure()).organisations.map((organisation) => organisation.id)).not.toContain('kil');
    expect((await structure('2026-01-31')).organisations.map((organisation) => organisation.id)).toContain('kil');
  });

  it('an assignment goes to a working-group member only (422 otherwise), once the register names any', async () => {
    const refused = await post('/assignments', token.chair, assignment('anyone.at.all'));
    expect({ status: refused.status, rule: refused.body.rule }).toEqual({ status: 422, rule: 'responsible-not-working-group-member' });
    const given = await post('/assignments', token.chair, assignment('maria.nilsson'));
    expect(given.status).toBe(201);
  });

  it('a question’s timeline names a forum as it was named on the day: a dialogue held in 2021 in the chairs’ council names VRAU', async () => {
    const questionId = await questionReadyForPosition('Tidslinjens forumnamn');
    await ok(`/questions/${questionId}/dialogues`, token.chair, { forum: 'chairs-council', heldOn: '2021-06-01', summary: 'Dialog i arbetsutskottet' });
    const timeline = await t
      .http()
      .get(`/questions/${questionId}/timeline?afterPosition=${position}`)
      .set('Authorization', `Bearer ${token.chair}`)
      .expect(200);
    const sentences = (timeline.body.items as Array<{ type: string; sentence: string }>).map((item) => [item.type, item.sentence]);
    expect(sentences.find(([type]) => type === 'QuestionAccepted')![1]).toContain('Ordföranderådet');
    expect(sentences.find(([type]) => type === 'DialogueRecorded')![1]).toContain(
      'Dialog fördes i Värmlandsrådets arbetsutskott (VRAU) (i dag Ordföranderådet) den 2021-06-01',
    );
  });

  it('the register’s history is a stream like a question’s: who recorded each change, when and why', async () => {
    const events = await store.readStream('register-structure');
    const left = events.find((event) => event.type === 'OrganisationLeft')!;
    expect(left.data).toEqual({ organisationId: 'kil', leftOn: '2026-02-01' });
    expect(left.metadata).toMatchObject({ actor: { userId: 'admin', role: 'admin' }, reason: 'Utträde enligt fullmäktiges beslut' });
    expect(events[0].metadata.reason).toBe('Strukturfil: varmland.structure.json');
  });
});
