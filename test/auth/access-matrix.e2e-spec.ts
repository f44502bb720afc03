import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
// The whole matrix: the slices' command rules beside the query actions'.
import '../support/access-rules';
import { ACCESS_POLICY, ACTIONS, AccessDenied, Action, roleMay } from '../../src/auth/access-policy';
import { ROLE_IDS, Role } from '../../src/auth/roles';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { CommandEnvelope } from '../../src/command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ExecuteQuestionCommand } from '../../src/questions/execute-question-command';
import { SignJWT } from 'jose';
import { ExecuteMeetingCommand } from '../../src/meetings/execute-meeting-command';
import { TEST_JWT_SECRET, TestApp, startTestApp } from '../support/test-app';
import { storedEventCount } from './stored-events';
import { Route, fillPath, routesOf } from './routes';
import { COMMAND_TYPES, sampleCommand } from './sample-commands';

/**
 * The access matrix (ACCESS_POLICY, docs/access.md), enforced against the real
 * application: over HTTP for every route, whichever routes exist, and in the
 * application layer for every command, whoever issues it. Every refusal is a
 * 403 that appends nothing.
 */
describe('The access matrix, enforced', () => {
  let t: TestApp;
  let store: EventStore;
  let routes: Route[];
  const tokens = {} as Record<Role, string>;
  let questionId: string;
  let consultationId: string;

  beforeAll(async () => {
    // Several hundred requests from one address: lift the rate limit, which hardening.e2e-spec.ts tests.
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
    routes = routesOf(t.app);
    for (const role of ROLE_IDS) tokens[role] = await t.token(role, 'kil', `${role}.kil`);
    questionId = (await post('/questions', 'admin', validQuestion('kil')).expect(201)).body.questionId;
    await post(`/questions/${questionId}/accept`, 'admin', {
      forum: 'council',
      logic: 'process',
      responsible: { name: 'Karin Berg', organisationId: 'kil' },
    }).expect(200);
    consultationId = (await post(`/questions/${questionId}/consultations`, 'admin', consultation).expect(201)).body.consultationId;
  }, 60_000);
  afterAll(() => t?.close());

  const validQuestion = (organisationId: string) => ({
    title: 'Regional kulturplan',
    description: 'Ny regional kulturplan.',
    raisedBy: { kind: 'organisation', id: organisationId },
    topicArea: 'Kultur',
  });
  const consultation = { subject: 'Remiss', parties: ['kil', 'karlstad'], answerBy: '2025-04-30' };
  const post = (path: string, as: Role | string, body: object) =>
    t
      .http()
      .post(path)
      .set('Authorization', `Bearer ${as in tokens ? tokens[as as Role] : as}`)
      .send(body);
  const eventCount = () => storedEventCount(t.app);
  const call = (route: Route, role: Role) => {
    const request = t
      .http()
      [route.method](fillPath(route.path, { id: questionId, consultationId, organisationId: 'kil' }))
      .set('Authorization', `Bearer ${tokens[role]}`);
    return route.method === 'get' ? request : request.send({});
  };
  const expectForbidden = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, role: Role, action: Action) => {
    expect({ status: response.status, role: response.body.role, action: response.body.action }).toEqual({ status: 403, role, action });
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.type).toBe('https://fragespar.se/problems/forbidden');
    expect(response.body.detail).toEqual(expect.stringContaining(`The role ${role}`));
    expect(response.body.detail).toEqual(expect.stringContaining(`may not ${action}`));
  };

  describe('over HTTP', () => {
    it('every route names its action with @Allow or is public (deny by default), and public routes only read', () => {
      expect(routes.filter((route) => !route.action && !route.isPublic).map((route) => route.name)).toEqual([]);
      // The web pages' sign-in and sign-out are the only public forms that post: nobody is signed in yet; each carries a CSRF token.
      expect(routes.filter((route) => route.isPublic && route.method !== 'get').map((route) => route.path)).toEqual(['/web/sign-in', '/web/sign-out']);
      expect(routes.filter((route) => route.isPublic).map((route) => route.path)).toContain('/health');
    });

    it('the OpenAPI document shows each operation’s access rule', async () => {
      const { paths } = (await t.http().get('/docs-json').expect(200)).body;
      // The web pages (HTML, /web) are not part of the API's document (WebPage(), docs/http-api.md); they share the API's actions.
      for (const route of routes.filter((candidate) => candidate.action && !candidate.path.startsWith('/web'))) {
        const operation = paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method];
        expect({ route: route.name, access: operation?.['x-access'] }).toEqual({
          route: route.name,
          access: { action: route.action, roles: [...ACCESS_POLICY[route.action!].roles], organisationScoped: ACCESS_POLICY[route.action!].organisationScoped },
        });
      }
    });

    it('every command type can be issued over HTTP', () => {
      expect(COMMAND_TYPES.filter((type) => !routes.some((route) => route.action === type))).toEqual([]);
    });

    it.each(ACTIONS)('%s: 403 for every role the matrix refuses, on every route doing it; nothing appended', async (action) => {
      const doing = routes.filter((route) => route.action === action);
      // A query action whose endpoint does not exist yet has nothing to test here (the unit tests cover its rule).
      for (const route of doing) {
        const before = await eventCount();
        for (const role of ROLE_IDS.filter((candidate) => !roleMay(candidate, action))) {
          expectForbidden(await call(route, role), role, action);
        }
        expect(await eventCount()).toBe(before);
        // Allowed roles get past access control: the request may still be invalid (400) or refused by a rule (422).
        const refusedAllowed: string[] = [];
        for (const role of ROLE_IDS.filter((candidate) => roleMay(candidate, action))) {
          const { status } = await call(route, role);
          if (status === 401 || status === 403) refusedAllowed.push(`${role}: ${status}`);
        }
        expect(refusedAllowed).toEqual([]);
      }
    });
  });

  describe('in the application layer (any issuer of commands, not only HTTP)', () => {
    const envelope = (role: Role, organisationId = 'kil'): CommandEnvelope => ({
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor: { userId: `${role}.${organisationId}`, displayName: role, role, organisationId },
    });
    const execute = (command: ExecuteQuestionCommand) => t.app.get(CommandBus).execute(command);

    it.each(COMMAND_TYPES)('%s: the handler refuses every role the matrix refuses, before reading anything; nothing appended', async (type) => {
      const before = await eventCount();
      for (const role of ROLE_IDS.filter((candidate) => !roleMay(candidate, type))) {
        const refused = execute(new ExecuteQuestionCommand(sampleCommand(type, questionId, 'kil'), envelope(role)));
        await expect(refused).rejects.toBeInstanceOf(AccessDenied);
        await expect(refused).rejects.toThrow(`The role ${role}`);
      }
      expect(await eventCount()).toBe(before);
    });

    it.each(COMMAND_TYPES.filter((type) => ACCESS_POLICY[type].organisationScoped))(
      '%s: the handler refuses a member acting for another organisation; nothing appended',
      async (type) => {
        const before = await eventCount();
        const refused = execute(new ExecuteQuestionCommand(sampleCommand(type, questionId, 'karlstad'), envelope('member', 'kil')));
        await expect(refused).rejects.toThrow(`The role member (Medlem (part)) acts for its own organisation (kil) only, so it may not ${type} for karlstad`);
        expect(await eventCount()).toBe(before);
      },
    );

    it.each(COMMAND_TYPES)('%s: the handler lets every role the matrix allows past access control', async (type) => {
      for (const role of ROLE_IDS.filter((candidate) => roleMay(candidate, type))) {
        // The command may still be refused by a rule of the process (422) or find no question: just not by access control.
        const outcome = await execute(new ExecuteQuestionCommand(sampleCommand(type, questionId, 'kil'), envelope(role))).catch((error: unknown) => error);
        expect(outcome).not.toBeInstanceOf(AccessDenied);
      }
    });
  });

  describe('organisation scope: a member of Kil acts for Kil only', () => {
    let id: string;
    let consultation2: string;
    const kilMember = () => tokens.member;

    beforeAll(async () => {
      id = (await post('/questions', 'chair', validQuestion('kil')).expect(201)).body.questionId;
      await post(`/questions/${id}/accept`, 'chair', {
        forum: 'council',
        logic: 'process',
        responsible: { name: 'Karin Berg', organisationId: 'region-varmland' },
      }).expect(200);
      consultation2 = (await post(`/questions/${id}/consultations`, 'chair', consultation).expect(201)).body.consultationId;
    });

    /** The request for karlstad is refused with a sentence naming both organisations, and appends nothing; the same for kil succeeds. */
    async function onlyForOwn(action: Action, path: (organisationId: string) => string, body: (organisationId: string) => object, status = 200) {
      const before = await eventCount();
      const refused = await post(path('karlstad'), kilMember(), body('karlstad')).expect(403);
      expect(refused.body).toMatchObject({ status: 403, role: 'member', action, organisationId: 'karlstad' });
      expect(refused.body.detail).toBe(`The role member (Medlem (part)) acts for its own organisation (kil) only, so it may not ${action} for karlstad`);
      expect(await eventCount()).toBe(before);
      await post(path('kil'), kilMember(), body('kil')).expect(status);
      expect(await eventCount()).toBe(before + 1);
    }

    it('submits its own input, not Karlstad’s', () =>
      onlyForOwn(
        'SubmitInput',
        () => `/questions/${id}/inputs`,
        (organisationId) => ({ organisationId, content: 'Inspel' }),
      ));

    it('answers the consultation for itself, not for Karlstad', () =>
      onlyForOwn(
        'AnswerConsultation',
        () => `/questions/${id}/consultations/${consultation2}/answers`,
        (organisationId) => ({ organisationId, answer: 'Tillstyrker' }),
      ));

    const decision = (organisationId: string) => ({
      organisationId,
      body: 'municipal-executive-board',
      decidedOn: '2025-06-03',
      outcome: 'adopted',
      reference: 'KS § 12',
    });

    it('records its own decision, not Karlstad’s', async () => {
      await post(`/questions/${id}/decision-documents`, 'working-group', { reference: 'VRAU 2025/3', title: 'Underlag', proposedPosition: 'Förslag' }).expect(
        200,
      );
      await post(`/questions/${id}/position`, 'chair', {
        text: 'Ställningstagande',
        organisationsToDecide: ['kil', 'karlstad'],
        decideBy: '2025-06-30',
      }).expect(200);
      await onlyForOwn('RecordMemberDecision', () => `/questions/${id}/decisions`, decision);
    });

    it('corrects its own decision, not Karlstad’s', () =>
      onlyForOwn(
        'CorrectMemberDecision',
        (organisationId) => `/questions/${id}/decisions/${organisationId}/corrections`,
        () => ({ body: 'municipal-council', decidedOn: '2025-06-03', outcome: 'adopted', reference: 'KF § 40', reason: 'Fel organ' }),
      ));

    it('reports its own feedback at home, not Karlstad’s', () =>
      onlyForOwn(
        'RecordFeedbackAtHome',
        () => `/questions/${id}/feedback`,
        (organisationId) => ({ organisationId, reportedTo: 'Kommunstyrelsen', reportedOn: '2025-09-02' }),
      ));

    it('raises a question in its own name, not in Karlstad’s nor in a forum’s', async () => {
      await onlyForOwn('RaiseQuestion', () => '/questions', validQuestion, 201);
      const before = await eventCount();
      const inForum = await post('/questions', kilMember(), { ...validQuestion('kil'), raisedBy: { kind: 'forum', id: 'council' } }).expect(403);
      expect(inForum.body.detail).toContain('not for an organisation');
      expect(await eventCount()).toBe(before);
    });

    it('a secretary records a decision on behalf of any organisation', async () => {
      const secretary = await t.token('secretary', 'region-varmland', 'sara.sekreterare');
      await post(`/questions/${id}/decisions`, secretary, decision('karlstad')).expect(200);
      const events = await store.readStream(`question-${id}`);
      expect(events[events.length - 1]).toMatchObject({
        type: 'MemberDecisionRecorded',
        data: { organisationId: 'karlstad' },
        metadata: { actor: { userId: 'sara.sekreterare', role: 'secretary', organisationId: 'region-varmland' } },
      });
    });
  });

  describe('follow-up as of a past date (follow-up.as-of): the organisation itself, the process roles and the auditor', () => {
    const asOf = (role: Role, organisationId: string) =>
      t.http().get(`/organisations/${organisationId}/follow-up?asOf=2030-01-01`).set('Authorization', `Bearer ${tokens[role]}`);

    it('a member of Kil reads Kil’s past, not Karlstad’s', async () => {
      const own = await asOf('member', 'kil').expect(200);
      expect(own.body).toMatchObject({ organisation: { id: 'kil' }, today: '2030-01-01' });
      const refused = await asOf('member', 'karlstad').expect(403);
      expect(refused.body).toMatchObject({ status: 403, role: 'member', action: 'follow-up.as-of', organisationId: 'karlstad' });
      expect(refused.body.detail).toBe('The role member (Medlem (part)) acts for its own organisation (kil) only, so it may not follow-up.as-of for karlstad');
    });

    it.each(ROLE_IDS.filter((role) => role !== 'member'))('%s reads any organisation’s past', async (role) => {
      const response = await asOf(role, 'karlstad').expect(200);
      expect(response.body).toMatchObject({ organisation: { id: 'karlstad' }, asOf: '2030-01-01T22:59:59.999Z', today: '2030-01-01' });
    });

    it('a member still reads every organisation’s follow-up as it stands now', async () => {
      await t.http().get('/organisations/karlstad/follow-up').set('Authorization', `Bearer ${tokens.member}`).expect(200);
    });
  });

  describe('forum scope: a secretary serves the forums its token names', () => {
    const meeting = (forum: string) => ({ forum, startsAt: '2025-03-14T09:00:00+01:00', agendaDeadline: '2025-03-01T16:00:00+01:00', place: 'Karlstad' });
    let councilSecretary: string;
    let chairsSecretary: string;
    let chairsMeeting: string;

    beforeAll(async () => {
      councilSecretary = await t.token('secretary', 'region-varmland', 'sekr.vr', ['council']);
      chairsSecretary = await t.token('secretary', 'region-varmland', 'sekr.or', ['chairs-council']);
      chairsMeeting = (await post('/meetings', 'chair', meeting('chairs-council')).expect(201)).body.meetingId;
      await post(`/meetings/${chairsMeeting}/agenda`, 'chair', { items: [{ title: 'Information', kind: 'information', logic: 'process' }] }).expect(200);
    });

    it('schedules the meetings of its own forum, and is refused another forum’s with 403 naming the forum; nothing appended', async () => {
      await post('/meetings', councilSecretary, meeting('council')).expect(201);
      const before = await eventCount();
      const refused = await post('/meetings', councilSecretary, meeting('chairs-council')).expect(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({
        type: 'https://fragespar.se/problems/forbidden',
        role: 'secretary',
        action: 'ScheduleMeeting',
        forum: 'chairs-council',
      });
      expect(refused.body.detail).toBe(
        'The role secretary (Sekreterare) serves the forums its token names (council), so it may not ScheduleMeeting in a meeting of chairs-council',
      );
      expect(await eventCount()).toBe(before);
    });

    it('cannot run another forum’s meeting — publish its agenda, record its attendance — while that forum’s secretary can', async () => {
      const before = await eventCount();
      await post(`/meetings/${chairsMeeting}/agenda/publish`, councilSecretary, {}).expect(403);
      await post(`/meetings/${chairsMeeting}/attendance`, councilSecretary, { attendance: [{ organisationId: 'kil', status: 'attended' }] }).expect(403);
      expect(await eventCount()).toBe(before);
      await post(`/meetings/${chairsMeeting}/agenda/publish`, chairsSecretary, {}).expect(200);
    });

    it('a secretary token naming no forum serves none; the chair is not forum-scoped', async () => {
      const unscoped = await t.token('secretary', 'kil', 'sekr.kil');
      const before = await eventCount();
      expect((await post('/meetings', unscoped, meeting('council')).expect(403)).body.detail).toContain('serves the forums its token names (none)');
      expect(await eventCount()).toBe(before);
      await post('/meetings', 'chair', meeting('council')).expect(201);
    });

    it('is checked in the application layer, whoever issues the command', async () => {
      const before = await eventCount();
      const envelope: CommandEnvelope = {
        commandId: randomUUID(),
        correlationId: randomUUID(),
        actor: { userId: 'sekr.vr', displayName: 'Sekreterare', role: 'secretary', organisationId: 'region-varmland' },
        actorForums: ['council'],
      };
      const refused = t.app.get(CommandBus).execute(new ExecuteMeetingCommand({ type: 'PublishMinutes', data: { meetingId: chairsMeeting } }, envelope));
      await expect(refused).rejects.toBeInstanceOf(AccessDenied);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a token whose forums claim is not a list of forum ids (401)', async () => {
      const token = await new SignJWT({ org: 'kil', roles: ['secretary'], forums: 'council' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('sekr')
        .setIssuer('fragespar-local')
        .setAudience('fragespar')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      await t.http().get('/meetings').set('Authorization', `Bearer ${token}`).expect(401);
    });
  });

  describe('the auditor', () => {
    it('reads a question and the reference data', async () => {
      const read = await t.http().get(`/questions/${questionId}`).set('Authorization', `Bearer ${tokens.auditor}`).expect(200);
      expect(read.body).toMatchObject({ id: questionId, exists: true });
      await t.http().get('/organisations').set('Authorization', `Bearer ${tokens.auditor}`).expect(200);
    });

    it('may read history and audit, by the matrix, and nothing it may write', () => {
      for (const action of ['questions.read', 'questions.history', 'log.read', 'follow-up.read', 'reference.read', 'audit.read'] as const) {
        expect(roleMay('auditor', action)).toBe(true);
      }
      expect(COMMAND_TYPES.filter((type) => roleMay('auditor', type))).toEqual([]);
    });

    it('is refused every command route with 403, and nothing is appended', async () => {
      const before = await eventCount();
      for (const route of routes.filter((candidate) => candidate.action && ACCESS_POLICY[candidate.action].kind === 'command')) {
        expectForbidden(await call(route, 'auditor'), 'auditor', route.action!);
      }
      expect(await eventCount()).toBe(before);
    });
  });

  describe('the actor on each event is the token’s subject', () => {
    it('stores sub, name, org and the acting role (X-Acting-Role); the body cannot name an actor', async () => {
      const token = await t.app
        .get(TokenVerifier)
        .mint({ userId: 'ingrid.k', displayName: 'Ingrid Karlsson', organisationId: 'kil', roles: ['member', 'secretary'] });
      const raised = await post('/questions', token, validQuestion('kil')).expect(201);
      const asSecretary = await post('/questions', token, validQuestion('karlstad')).set('X-Acting-Role', 'secretary').expect(201);
      const [asMember] = await store.readStream(`question-${raised.body.questionId}`);
      expect(asMember.metadata.actor).toEqual({ userId: 'ingrid.k', displayName: 'Ingrid Karlsson', role: 'member', organisationId: 'kil' });
      const [secretaryEvent] = await store.readStream(`question-${asSecretary.body.questionId}`);
      expect(secretaryEvent.metadata.actor).toEqual({ userId: 'ingrid.k', displayName: 'Ingrid Karlsson', role: 'secretary', organisationId: 'kil' });

      const before = await eventCount();
      const notGranted = await post('/questions', token, validQuestion('kil')).set('X-Acting-Role', 'chair').expect(403);
      expect(notGranted.body.detail).toBe('X-Acting-Role "chair" is not one of the roles your token grants (member, secretary)');
      expect(await eventCount()).toBe(before);

      const forged = await post('/questions', token, { ...validQuestion('kil'), actor: { userId: 'someone-else', role: 'admin' } }).expect(400);
      expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'actor', rule: 'unknownField' })]);
    });
  });
});
