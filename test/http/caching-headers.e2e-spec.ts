import { TestApp, startTestApp } from '../support/test-app';

/**
 * What caches may do with an answer: one negotiated by Accept-Language says so
 * (Vary), so a cache keeps the Swedish and the English answer apart; one behind
 * authentication is for its reader only and asked again before reuse
 * (Cache-Control: private, no-cache), refusals included; public answers carry
 * neither; the web pages keep their own no-store.
 */
describe('Caching headers', () => {
  let t: TestApp;
  let chair: string;
  let questionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    chair = await t.token('chair');
    const raised = await t
      .http()
      .post('/questions')
      .set('Authorization', `Bearer ${chair}`)
      .send({ title: 'Cachning', description: 'Frågan finns för att läsas.', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Test' })
      .expect(201);
    questionId = raised.body.questionId;
    // The reads below ask without afterPosition: every read model has the question first.
    await t.caughtUp(raised.body.position);
  });
  afterAll(() => t?.close());

  const get = (path: string, language?: string) => {
    const request = t.http().get(path).set('Authorization', `Bearer ${chair}`);
    return language ? request.set('Accept-Language', language) : request;
  };
  const varyOf = (headers: Record<string, string>) => (headers.vary ?? '').split(',').map((name) => name.trim().toLowerCase());

  it.each(['/questions', '/questions/:id/timeline', '/log', '/follow-up', '/organisations/kil/follow-up'])(
    '%s: negotiated by Accept-Language, it says Vary: Accept-Language and Content-Language',
    async (path) => {
      const english = await get(path.replace(':id', questionId), 'en-GB,en;q=0.9').expect(200);
      expect(varyOf(english.headers)).toContain('accept-language');
      expect(english.headers['content-language']).toBe('en');
      const swedish = await get(path.replace(':id', questionId)).expect(200);
      expect(varyOf(swedish.headers)).toContain('accept-language');
      expect(swedish.headers['content-language']).toBe('sv');
    },
  );

  it('an answer that does not depend on the language does not vary by it', async () => {
    const question = await get(`/questions/${questionId}`, 'en').expect(200);
    expect(varyOf(question.headers)).not.toContain('accept-language');
    const dossier = await get(`/questions/${questionId}/dossier`).expect(200);
    expect(varyOf(dossier.headers)).toEqual(expect.arrayContaining(['accept']));
  });

  it('every answer behind authentication is private and revalidated: reads, commands, 401 and 403', async () => {
    const read = await get(`/questions/${questionId}`).expect(200);
    expect(read.headers['cache-control']).toBe('private, no-cache');
    const command = await t
      .http()
      .post(`/questions/${questionId}/accept`)
      .set('Authorization', `Bearer ${chair}`)
      .send({ forum: 'council', logic: 'process', responsible: { name: 'Karin Berg', organisationId: 'region-varmland' } })
      .expect(200);
    expect(command.headers['cache-control']).toBe('private, no-cache');
    const unauthenticated = await t.http().get(`/questions/${questionId}`).expect(401);
    expect(unauthenticated.headers['cache-control']).toBe('private, no-cache');
    const forbidden = await t
      .http()
      .get('/audit/verify')
      .set('Authorization', `Bearer ${await t.token('member', 'kil')}`)
      .expect(403);
    expect(forbidden.headers['cache-control']).toBe('private, no-cache');
  });

  it('public answers are not marked private; the web pages keep no-store', async () => {
    for (const path of ['/health', '/public/forums/council/meetings.ics']) {
      const response = await t.http().get(path).expect(200);
      expect({ path, cacheControl: response.headers['cache-control'] }).toEqual({ path, cacheControl: undefined });
    }
    const page = await t.http().get('/web/log').set('Authorization', `Bearer ${chair}`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
  });
});
