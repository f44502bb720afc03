import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AddressInfo } from 'node:net';
import createClient, { Middleware } from 'openapi-fetch';
import type { components, paths } from '../../client/fragespar-api';
import { OpenApiDocument, nonConformance } from '../support/openapi-conformance';
import { TestApp, startTestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const GENERATOR = path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
const COMMITTED_TYPES = path.join(ROOT, 'client/fragespar-api.ts');

type Problem = components['schemas']['ProblemSchema'];

/**
 * The contract: the client types in client/fragespar-api.ts are what
 * openapi-typescript makes of the document this app serves, and a client built
 * on them (openapi-fetch) carries a question from its raising to its closing.
 * Every answer on the way, success or problem, is checked against the schema
 * the document gives for its status, so neither the document nor the code can
 * move without this test seeing it. Runs on the real server and on the
 * embedded database.
 */
describe('The API contract: a typed client generated from /docs-json', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let baseUrl: string;
  const problems: string[] = [];
  const answered: string[] = [];

  /** Holds every answer against its documented schema (openapi-fetch names the operation's path template). */
  const conformance: Middleware = {
    async onResponse({ request, response, schemaPath }) {
      const operation = document.paths[schemaPath]?.[request.method.toLowerCase()];
      const documented = operation?.responses[String(response.status)];
      const where = `${request.method} ${schemaPath} → ${response.status}`;
      answered.push(where);
      if (!documented) {
        problems.push(`${where}: status not documented`);
        return undefined;
      }
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0];
      const schema = documented.content?.[mediaType]?.schema;
      if (!schema) {
        problems.push(`${where}: ${mediaType} not documented`);
        return undefined;
      }
      problems.push(...nonConformance(await response.clone().json(), schema, document).map((problem) => `${where}: ${problem}`));
      return undefined;
    },
  };

  const clientFor = async (role: string, organisationId = 'region-varmland') => {
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${await t.token(role, organisationId)}` } });
    client.use(conformance);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    document = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(() => t?.close());

  it('client/fragespar-api.ts is what openapi-typescript makes of the served document (else: npm run openapi:client)', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-contract-'));
    try {
      fs.writeFileSync(path.join(folder, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
      const output = path.join(folder, 'fragespar-api.ts');
      const run = spawnSync(
        process.execPath,
        [GENERATOR, path.join(folder, 'openapi.json'), '--redocly', path.join(ROOT, 'client/redocly.yaml'), '--output', output],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      expect(fs.readFileSync(output, 'utf8')).toBe(fs.readFileSync(COMMITTED_TYPES, 'utf8'));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('carries a question from raising to closing, every answer as documented', async () => {
    const chair = await clientFor('chair');
    const workingGroup = await clientFor('working-group');
    const deciding = ['karlstad', 'kil', 'torsby'] as const;

    const raised = await chair.POST('/questions', {
      body: {
        title: 'Gemensam upphandling av e-arkiv',
        description: 'Parterna utreder en gemensam e-arkivtjänst.',
        raisedBy: { kind: 'organisation', id: 'karlstad' },
        topicArea: 'Digitalisering',
      },
    });
    expect(raised.response.status).toBe(201);
    const id = raised.data!.questionId;
    const params = { path: { id } };

    const accepted = await chair.POST('/questions/{id}/accept', {
      params,
      body: { forum: 'council', logic: 'decision', responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' } },
    });
    expect(accepted.data?.events.map((event) => event.type)).toEqual(['QuestionAccepted']);

    // A stale If-Match: 409 with the revision the question is at now, as the document says.
    const stale = await chair.POST('/questions/{id}/dialogues', {
      params: { ...params, header: { 'If-Match': '"0"' } },
      body: { forum: 'council', heldOn: '2026-02-12', summary: 'Dialog i Värmlandsrådet.' },
    });
    expect(stale.response.status).toBe(409);
    expect((stale.error as Problem).currentRevision).toBe(accepted.data!.revision);

    const dialogue = await chair.POST('/questions/{id}/dialogues', {
      params: { ...params, header: { 'If-Match': `"${accepted.data!.revision}"` } },
      body: { forum: 'council', heldOn: '2026-02-12', summary: 'Dialog i Värmlandsrådet.' },
    });
    expect(dialogue.response.status).toBe(200);

    // Invalid input: 400 naming the field and the rule.
    const invalid = await workingGroup.POST('/questions/{id}/decision-documents', {
      params,
      body: { reference: 'VR 2026/3', title: '', proposedPosition: 'Parterna ansluter sig.' },
    });
    expect(invalid.response.status).toBe(400);
    expect((invalid.error as Problem).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'title', rule: 'isNotEmpty' })]));

    await workingGroup.POST('/questions/{id}/decision-documents', {
      params,
      body: { reference: 'VR 2026/3', title: 'Beslutsunderlag e-arkiv', proposedPosition: 'Parterna ansluter sig till e-arkivet.' },
    });
    const position = await chair.POST('/questions/{id}/position', {
      params,
      body: { text: 'Rådet rekommenderar parterna att ansluta sig.', organisationsToDecide: [...deciding], decideBy: '2026-06-30' },
    });
    expect(position.response.status).toBe(200);

    // A party not named in the position: 422 naming the rule; nothing appended.
    const arvika = await clientFor('member', 'arvika');
    const notNamed = await arvika.POST('/questions/{id}/decisions', {
      params,
      body: { organisationId: 'arvika', body: 'municipal-executive-board', decidedOn: '2026-05-02', outcome: 'adopted', reference: 'KS 2026/9' },
    });
    expect(notNamed.response.status).toBe(422);
    expect((notNamed.error as Problem).rule).toEqual(expect.any(String));

    for (const organisationId of deciding) {
      const member = await clientFor('member', organisationId);
      const decided = await member.POST('/questions/{id}/decisions', {
        params,
        body: { organisationId, body: 'municipal-council', decidedOn: '2026-05-20', outcome: 'adopted', reference: `KF 2026/${organisationId}` },
      });
      expect(decided.response.status).toBe(200);
    }
    const feedback = await (
      await clientFor('member', 'kil')
    ).POST('/questions/{id}/feedback', { params, body: { organisationId: 'kil', reportedTo: 'Kommunstyrelsen', reportedOn: '2026-06-10' } });
    expect(feedback.response.status).toBe(200);
    const closed = await chair.POST('/questions/{id}/close', { params, body: { reason: 'Alla parter har beslutat' } });
    expect(closed.response.status).toBe(200);

    const question = await chair.GET('/questions/{id}', { params });
    expect(question.response.headers.get('etag')).toBe(`"${closed.data!.revision}"`);
    expect(question.data).toMatchObject({ id, stage: 'closed', allDecisionsIn: true, pendingDecisions: [] });
    expect(question.data!.memberDecisions.kil?.current.outcome).toBe('adopted');
    // A member sees who acted by role and organisation only, and that too is as documented.
    const asMember = await (await clientFor('member', 'kil')).GET('/questions/{id}', { params });
    expect(asMember.data!.registeredBy).toEqual({ role: 'chair', organisationId: 'region-varmland' });

    const list = await chair.GET('/questions', { params: { query: { afterPosition: closed.data!.position } } });
    expect(list.data!.items.find((item) => item.id === id)?.stage.code).toBe('closed');
    const timeline = await chair.GET('/questions/{id}/timeline', { params: { ...params, query: { afterPosition: closed.data!.position } } });
    expect(timeline.data!.items.map((entry) => entry.type)).toEqual([
      'QuestionRaised',
      'QuestionAccepted',
      'DialogueRecorded',
      'DecisionDocumentAttached',
      'PositionTaken',
      'MemberDecisionRecorded',
      'MemberDecisionRecorded',
      'MemberDecisionRecorded',
      'FeedbackReportedAtHome',
      'QuestionClosed',
    ]);
    const history = await chair.GET('/questions/{id}/history', { params });
    expect(history.data!.integrity.intact).toBe(true);
    const followUp = await chair.GET('/organisations/{id}/follow-up', { params: { path: { id: 'kil' }, query: { afterPosition: closed.data!.position } } });
    expect(followUp.data!.organisation.id).toBe('kil');

    expect(problems).toEqual([]);
    expect(answered).toHaveLength(19);
  });
});
