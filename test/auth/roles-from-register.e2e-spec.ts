import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { TestApp, startTestApp } from '../support/test-app';
import { storedEventCount } from './stored-events';

/**
 * ROLES_FROM=register (docs/access.md, "Roles from the register"): tokens
 * come from an OIDC issuer, here a JWKS server on 127.0.0.1, and carry only
 * who the person is (`sub`, perhaps `email`); the register says their name,
 * organisation, roles and the forums they serve, as they stand today. The
 * register is the Värmland file loaded at the first start, with people
 * registered by an administrator the register does not name.
 */
describe('roles and organisation from the structure register (ROLES_FROM=register)', () => {
  const issuer = 'https://idp.varmland.example/realms/samverkan';
  const audience = 'fragespar-api';
  let idp: http.Server;
  let t: TestApp;
  let store: EventStore;
  let key: KeyLike;
  let position = '0.0';
  let annasMembership = { personId: '', roleId: '' };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' }] };
    idp = http.createServer((request, response) => {
      if (request.url !== '/certs') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({
      env: {
        AUTH_JWKS_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/certs`,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: audience,
        ROLES_FROM: 'register',
        STRUCTURE_SEED: 'on-start',
        OUTBOX_POLL_MS: '0',
      },
    });
    store = t.app.get(EVENT_STORE);
    // The first start loads the structure file; on the embedded database under a shared machine's load that takes minutes.
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  const token = (subject: string, claims: Record<string, unknown> = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
  const admin = () => token('it-admin', { name: 'Driftadministratör', org: 'region-varmland', roles: ['admin'] });
  const post = async (as: string, path: string, body: object, headers: Record<string, string> = {}) => {
    const response = await t.http().post(path).set('Authorization', `Bearer ${as}`).set(headers).send(body);
    if (response.body?.position) position = response.body.position;
    return response;
  };
  const ok = async (as: string, path: string, body: object) => {
    const response = await post(as, path, body);
    expect({ path, refused: response.status >= 300 ? (response.body as unknown) : undefined }).toEqual({ path, refused: undefined });
    return response.body as { personId: string; roleId: string; questionId: string };
  };
  /** Waits until the register's read model, which sign-in reads, holds the last change. */
  const registerCaughtUp = async () =>
    t
      .http()
      .get(`/register?afterPosition=${position}`)
      .set('Authorization', `Bearer ${await admin()}`)
      .expect(200);
  const raise = (as: string, raisedBy: { kind: string; id: string }) =>
    post(as, '/questions', { title: 'Kollektivtrafik', description: 'Underlag', raisedBy, topicArea: 'Trafik' });
  const actorOf = async (questionId: string) => (await store.readStream(`question-${questionId}`))[0].metadata.actor;

  beforeAll(async () => {
    const anna = await ok(await admin(), '/register/people', { name: 'Anna Ek', organisationId: 'kil', email: 'anna.ek@kil.se', userId: 'idp|anna' });
    const { roleId } = await ok(await admin(), `/register/people/${anna.personId}/roles`, { role: 'member', forumId: 'working-group', from: '2019-01-01' });
    annasMembership = { personId: anna.personId, roleId };
    const sven = await ok(await admin(), '/register/people', { name: 'Sven Ås', organisationId: 'karlstad', email: 'sven.as@karlstad.se' });
    await ok(await admin(), `/register/people/${sven.personId}/roles`, { role: 'secretary', forumId: 'council', from: '2019-01-01' });
    await registerCaughtUp();
  }, 120_000);

  it('maps the subject to the register’s person: their name, organisation and role are the actor, whatever the token claims', async () => {
    const claimsOtherwise = await token('idp|anna', { name: 'A. Ek', org: 'karlstad', roles: ['chair'] });
    const raised = await raise(claimsOtherwise, { kind: 'forum', id: 'working-group' });
    expect(raised.status).toBe(201);
    expect(await actorOf(raised.body.questionId)).toEqual({ userId: 'idp|anna', displayName: 'Anna Ek', role: 'working-group', organisationId: 'kil' });

    // The token's chair role is not hers in the register: asking to act in it is refused.
    const asChair = await post(
      claimsOtherwise,
      '/questions',
      { title: 'x', description: 'y', raisedBy: { kind: 'forum', id: 'council' }, topicArea: 'z' },
      {
        'X-Acting-Role': 'chair',
      },
    );
    expect(asChair.status).toBe(403);
  });

  it('maps a person the register knows by e-mail only; a secretary serves the forums the register names, not those the token names', async () => {
    const sven = await token('idp|sven', { email: 'Sven.As@karlstad.se', forums: ['chairs-council'] });
    const raised = await raise(sven, { kind: 'organisation', id: 'karlstad' });
    expect(raised.status).toBe(201);
    expect(await actorOf(raised.body.questionId)).toEqual({ userId: 'idp|sven', displayName: 'Sven Ås', role: 'secretary', organisationId: 'karlstad' });

    const meeting = { title: 'Sammanträde', startsAt: '2027-03-10T09:00:00+01:00', agendaDeadline: '2027-02-24T16:00:00+01:00', place: 'Regionens hus' };
    expect((await post(sven, '/meetings', { ...meeting, forum: 'council' })).status).toBe(201);
    const before = await storedEventCount(t.app);
    const elsewhere = await post(sven, '/meetings', { ...meeting, forum: 'chairs-council' });
    expect({ status: elsewhere.status, forum: elsewhere.body.forum }).toEqual({ status: 403, forum: 'chairs-council' });
    expect(await storedEventCount(t.app)).toBe(before);
  });

  it('refuses a signed-in person the register does not name with 403 naming the subject and e-mail, appending nothing', async () => {
    const before = await storedEventCount(t.app);
    const stranger = await raise(await token('idp|stranger', { email: 'okand@example.se', org: 'kil', roles: ['member'] }), {
      kind: 'organisation',
      id: 'kil',
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body.detail).toContain('idp|stranger');
    expect(stranger.body.detail).toContain('okand@example.se');
    expect(await storedEventCount(t.app)).toBe(before);
  });

  it('a role ended in the register is gone at the next request', async () => {
    await ok(await admin(), `/register/people/${annasMembership.personId}/roles/${annasMembership.roleId}/end`, { to: '2020-01-01' });
    await registerCaughtUp();
    const raised = await raise(await token('idp|anna'), { kind: 'organisation', id: 'kil' });
    expect(raised.status).toBe(201);
    expect(await actorOf(raised.body.questionId)).toMatchObject({ role: 'member', organisationId: 'kil' });
  });
});
