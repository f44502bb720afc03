import { TokenVerifier } from '../../src/auth/token-verifier';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * docs/access.md: the full trail, which names the people who acted, is for the
 * process roles and auditors (`questions.history`). A member reading a question
 * sees in what role and for which organisation each step was taken, not by whom.
 */
describe('Who acted, in GET /questions/:id', () => {
  let t: TestApp;
  let questionId: string;
  const people = ['chair-anna', 'Anna Chair', 'member-kil-karl', 'Karl Kil'];

  beforeAll(async () => {
    t = await startTestApp();
    const verifier = (role: string, organisationId: string, userId: string, displayName: string) =>
      t.app.get(TokenVerifier).mint({ userId, displayName, organisationId, roles: [role] });
    chair = await verifier('chair', 'region-varmland', 'chair-anna', 'Anna Chair');
    memberKil = await verifier('member', 'kil', 'member-kil-karl', 'Karl Kil');
    const send = (token: string, path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
    questionId = (
      await send(chair, '/questions', {
        title: 'Regional kulturplan',
        description: 'Ny regional kulturplan 2026–2029.',
        raisedBy: { kind: 'forum', id: 'culture-education-forum' },
        topicArea: 'Kultur',
      }).expect(201)
    ).body.questionId;
    await send(chair, `/questions/${questionId}/accept`, {
      forum: 'council',
      logic: 'process',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'karlstad' },
    }).expect(200);
    await send(memberKil, `/questions/${questionId}/inputs`, { organisationId: 'kil', content: 'Kil stöder förslaget.' }).expect(200);
  });
  afterAll(() => t?.close());

  let chair: string;
  let memberKil: string;
  const read = async (token: string, query = '') =>
    (await t.http().get(`/questions/${questionId}${query}`).set('Authorization', `Bearer ${token}`).expect(200)).body;

  it('a member sees the role and organisation of each step, and no user id or name', async () => {
    const question = await read(memberKil);
    expect(question.registeredBy).toEqual({ role: 'chair', organisationId: 'region-varmland' });
    expect(question.inputs[0].recordedBy).toEqual({ role: 'member', organisationId: 'kil' });
    const text = JSON.stringify(question);
    for (const person of people) expect(text).not.toContain(person);
    expect(question.responsible).toMatchObject({ givenName: 'Karin', familyName: 'Berg', organisationId: 'karlstad' });
  });

  it('as it stood at an earlier revision, too', async () => {
    const text = JSON.stringify(await read(memberKil, '?revision=0'));
    for (const person of people) expect(text).not.toContain(person);
  });

  it.each(['chair', 'secretary', 'working-group', 'auditor', 'admin'])('the role %s (questions.history) sees who acted', async (role) => {
    const token = await t.token(role);
    const question = await read(token);
    expect(question.registeredBy).toEqual({ userId: 'chair-anna', displayName: 'Anna Chair', role: 'chair', organisationId: 'region-varmland' });
    expect(question.inputs[0].recordedBy).toMatchObject({ userId: 'member-kil-karl', displayName: 'Karl Kil' });
  });
});
