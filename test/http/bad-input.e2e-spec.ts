import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Bad input of every kind is a 4xx problem naming what is wrong, and nothing is
 * appended: never a 500, never an answer about something else.
 */
describe('Bad input over HTTP', () => {
  let t: TestApp;
  let chair: string;
  let questionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    chair = await t.token('chair');
    questionId = (await post('/questions', validQuestion).expect(201)).body.questionId;
  });
  afterAll(() => t?.close());

  const validQuestion = {
    title: 'Regional kulturplan',
    description: 'Ny regional kulturplan 2026–2029.',
    raisedBy: { kind: 'forum', id: 'culture-education-forum' },
    topicArea: 'Kultur',
  };
  const post = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${chair}`).send(body);
  const postRaw = (path: string, json: string) =>
    t.http().post(path).set('Authorization', `Bearer ${chair}`).set('Content-Type', 'application/json').send(json);
  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${chair}`);
  const eventCount = async () => (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM event_store_events`))[0].n as number;
  const expectProblem = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
  };

  describe('a missing nested object is refused naming it (was 500)', () => {
    const withoutRaisedBy = { title: 'Utan avsändare', description: 'Saknar raisedBy.', topicArea: 'Kultur' };
    const assignment = {
      givenBy: 'chairs-council',
      title: 'Beslutsunderlag om regional kulturplan',
      purpose: 'Ordföranderådet ska ta ställning i juni',
      deliverable: 'decision-document',
      dueDate: '2026-03-31',
    };
    it.each([
      ['raisedBy on POST /questions', () => '/questions', withoutRaisedBy, 'raisedBy'],
      ['responsible on accepting a question', () => `/questions/${questionId}/accept`, { forum: 'council', logic: 'process' }, 'responsible'],
      ['responsible on POST /assignments', () => '/assignments', assignment, 'responsible'],
      ['raisedBy given as a string', () => '/questions', { ...withoutRaisedBy, raisedBy: 'arvika' }, 'raisedBy'],
    ])('%s', async (_, path, body, field) => {
      const before = await eventCount();
      const response = await post(path(), body);
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field, rule: 'isObject' })]);
      expect(response.body.errors[0].message).toContain(field);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('a body that is not declared JSON is 415 naming the accepted type (was read as no body)', () => {
    it('JSON sent as text/plain', async () => {
      const response = await t
        .http()
        .post('/questions')
        .set('Authorization', `Bearer ${chair}`)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(validQuestion));
      expectProblem(response, 415);
      expect(response.body.title).toBe('Unsupported media type');
      expect(response.body.detail).toContain('application/json');
      expect(response.body.detail).toContain('text/plain');
      expect(response.body.accepted).toEqual(['application/json']);
    });

    it('JSON sent without a Content-Type', async () => {
      const server = t.app.getHttpServer() as http.Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const body = JSON.stringify(validQuestion);
      const response = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }>((resolve, reject) => {
        const request = http.request(
          {
            host: '127.0.0.1',
            port: (server.address() as AddressInfo).port,
            method: 'POST',
            path: '/questions',
            headers: { Authorization: `Bearer ${chair}`, 'Content-Length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
      expect(response.status).toBe(415);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.detail).toContain('without a Content-Type');
    });

    it('a command with no body at all needs no Content-Type', async () => {
      const { questionId: fresh } = (await post('/questions', { ...validQuestion, title: 'Utan kropp' }).expect(201)).body;
      await post(`/questions/${fresh}/accept`, {
        forum: 'council',
        logic: 'process',
        responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'karlstad' },
      }).expect(200);
      const consultation = await post(`/questions/${fresh}/consultations`, { subject: 'Remiss', parties: ['kil'], answerBy: '2026-04-30' }).expect(201);
      await t.http().post(`/questions/${fresh}/consultations/${consultation.body.consultationId}/close`).set('Authorization', `Bearer ${chair}`).expect(200);
    });
  });

  describe("the pages' forms are forms: only the API requires JSON", () => {
    const signInForm = async () => {
      const agent = request.agent(t.app.getHttpServer()).set('Accept', 'text/html');
      const page = await agent.get('/web/sign-in').expect(200);
      return { agent, csrf: /name="_csrf" value="([^"]*)"/.exec(page.text)![1] };
    };

    it('a form posted to a page is read, not refused with 415', async () => {
      const { agent, csrf } = await signInForm();
      await agent.post('/web/sign-in').type('form').send({ _csrf: csrf, name: 'Karin', role: 'chair', organisation: 'region-varmland' }).expect(303);
    });

    it('NUL in a form field is refused with 400', async () => {
      const { agent, csrf } = await signInForm();
      const response = await agent.post('/web/sign-in').type('form').send({ _csrf: csrf, name: 'Ka\u0000rin', role: 'chair', organisation: 'region-varmland' });
      expect(response.status).toBe(400);
      expect(response.text).toContain('NUL');
    });

    it('a form posted to the API is 415', async () => {
      const response = await t.http().post('/questions').set('Authorization', `Bearer ${chair}`).type('form').send(validQuestion);
      expectProblem(response, 415);
    });
  });

  describe('text PostgreSQL cannot store is refused naming where it is (was 500)', () => {
    it.each([
      ['NUL in a field', { ...validQuestion, title: 'Kultur\u0000plan' }, 'title'],
      ['a lone surrogate in a field', { ...validQuestion, description: 'Halv \ud800 emoji' }, 'description'],
      ['NUL in a nested field', { ...validQuestion, raisedBy: { kind: 'forum', id: 'council\u0000' } }, 'raisedBy.id'],
      ['NUL in a list item', { ...validQuestion, documents: [{ title: 'a\u0000', url: 'https://example.se/a' }] }, 'documents[0].title'],
    ])('%s', async (_, body, field) => {
      const before = await eventCount();
      const response = await post('/questions', body);
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field, rule: 'isStorableText' })]);
      expect(await eventCount()).toBe(before);
    });

    it('NUL in a query parameter (?q=%00)', async () => {
      const response = await get('/questions?q=%00');
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'q', rule: 'isStorableText' })]);
    });

    it('NUL in the path', async () => {
      const response = await get('/organisations/kil%00/follow-up');
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'path', rule: 'isStorableText' })]);
    });
  });

  it('JSON nested thousands of levels deep is 400 naming the limit (was a stack overflow, 500)', async () => {
    const depth = 5_000;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const response = await postRaw('/questions', `{"title":"Djup","description":"d","topicArea":"t","raisedBy":${deep}}`);
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
    expect(response.body.errors[0].field).toMatch(/^raisedBy\.a\.a/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('a "%s" key is refused as an unknown field (was dropped silently)', async (key) => {
    const before = await eventCount();
    const response = await postRaw('/questions', JSON.stringify(validQuestion).replace(/^\{/, `{"${key}":{"isAdmin":true},`));
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ field: key, rule: 'unknownField', message: `${key} is not a known field` }]);
    expect(await eventCount()).toBe(before);
  });

  it('a nested "__proto__" key is refused naming its path', async () => {
    const response = await postRaw('/questions', JSON.stringify(validQuestion).replace('"raisedBy":{', '"raisedBy":{"__proto__":{"x":1},'));
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'raisedBy.__proto__', rule: 'unknownField' })]);
  });

  describe('titles are for people, not class names', () => {
    it('an unknown route: "Not found", type not-found', async () => {
      const response = await get('/nowhere');
      expectProblem(response, 404);
      expect(response.body).toMatchObject({ type: 'https://fragespar.se/problems/not-found', title: 'Not found' });
    });

    it('a key reused for another request: "Unprocessable request"', async () => {
      await post('/questions', { ...validQuestion, title: 'Ett' })
        .set('Idempotency-Key', 'reused')
        .expect(201);
      const response = await post('/questions', { ...validQuestion, title: 'Två' }).set('Idempotency-Key', 'reused');
      expectProblem(response, 422);
      expect(response.body.title).toBe('Unprocessable request');
    });
  });

  describe('a malformed id in a path is 400 naming the parameter, on every route', () => {
    it.each([
      ['/questions/not-a-uuid', 'id'],
      ['/questions/not-a-uuid/timeline', 'id'],
      ['/questions/not-a-uuid/history', 'id'],
      ['/assignments/not-a-uuid', 'id'],
      ['/meetings/not-a-uuid', 'id'],
      ['/annual-wheel/next', 'year'],
    ])('GET %s', async (path, field) => {
      const response = await get(path);
      expectProblem(response, 400);
      expect(response.body.type).toBe('https://fragespar.se/problems/invalid-input');
      expect(response.body.errors).toEqual([expect.objectContaining({ field, rule: field === 'year' ? 'isInt' : 'isUuid' })]);
      expect(response.body.detail).toContain(field);
    });

    it('a malformed consultation id on a command', async () => {
      const response = await t.http().post(`/questions/${questionId}/consultations/42/close`).set('Authorization', `Bearer ${chair}`);
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'consultationId', rule: 'isUuid' })]);
    });
  });

  it.each(['/organisations/oslo', '/organisations/oslo/follow-up'])('an unknown organisation in the path of %s is a not-found problem', async (path) => {
    const response = await get(path);
    expectProblem(response, 404);
    expect(response.body).toMatchObject({ type: 'https://fragespar.se/problems/not-found', title: 'Organisation not found' });
    expect(response.body.detail).toContain('oslo');
  });
});
