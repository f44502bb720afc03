import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { TEST_JWT_SECRET, TestApp, startTestApp } from '../support/test-app';
import { storedEventCount } from './stored-events';

/**
 * Production mode: tokens are issued by the county's identity provider and
 * verified against its JWKS. Here the provider is a tiny HTTP server on
 * 127.0.0.1 publishing one RS256 public key.
 */
describe('Authentication with an OIDC issuer (JWKS)', () => {
  const issuer = 'https://idp.varmland.example/realms/samverkan';
  const audience = 'fragespar-api';
  let idp: http.Server;
  let jwksRequests = 0;
  let t: TestApp;
  let store: EventStore;
  let publishedKey: KeyLike;
  let unpublishedKey: KeyLike;

  beforeAll(async () => {
    const published = await generateKeyPair('RS256');
    publishedKey = published.privateKey;
    unpublishedKey = (await generateKeyPair('RS256')).privateKey;
    const jwks = { keys: [{ ...(await exportJWK(published.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' }] };
    idp = http.createServer((request, response) => {
      if (request.url !== '/protocol/openid-connect/certs') return void response.writeHead(404).end();
      jwksRequests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    t = await startTestApp({
      env: { AUTH_JWKS_URL: `http://127.0.0.1:${port}/protocol/openid-connect/certs`, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience },
    });
    store = t.app.get(EVENT_STORE);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  const token = (changes: { key?: KeyLike | Uint8Array; alg?: string; kid?: string; issuer?: string; audience?: string; expires?: number | string } = {}) =>
    new SignJWT({ name: 'Anna Andersson', org: 'region-varmland', roles: ['chair'] })
      .setProtectedHeader({ alg: changes.alg ?? 'RS256', kid: changes.kid ?? 'idp-key-1' })
      .setSubject('3f1c9a52-anna')
      .setIssuer(changes.issuer ?? issuer)
      .setAudience(changes.audience ?? audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(changes.expires ?? '5m')
      .sign(changes.key ?? publishedKey);
  const question = { title: 'Strandskydd', description: 'Utvidgat strandskydd.', raisedBy: { kind: 'forum', id: 'council' }, topicArea: 'Miljö' };
  const eventCount = () => storedEventCount(t.app);

  it('accepts an RS256 token signed with a key from the JWKS, and stores its subject as the actor', async () => {
    const raised = await t
      .http()
      .post('/questions')
      .set('Authorization', `Bearer ${await token()}`)
      .send(question)
      .expect(201);
    const [event] = await store.readStream(`question-${raised.body.questionId}`);
    expect(event.metadata.actor).toEqual({ userId: '3f1c9a52-anna', displayName: 'Anna Andersson', role: 'chair', organisationId: 'region-varmland' });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it.each([
    ['a key the issuer did not publish', () => token({ key: unpublishedKey, kid: 'attacker-key' }), 'no applicable key found in the JSON Web Key Set'],
    ['a published kid over another key', () => token({ key: unpublishedKey }), 'signature verification failed'],
    ['an HS256 token signed with the local secret', () => token({ key: new TextEncoder().encode(TEST_JWT_SECRET), alg: 'HS256' }), 'Invalid bearer token'],
    ['a wrong issuer', () => token({ issuer: 'https://other-idp.example' }), 'unexpected "iss" claim value'],
    ['a wrong audience', () => token({ audience: 'another-api' }), 'unexpected "aud" claim value'],
    ['an expired token', () => token({ expires: Math.floor(Date.now() / 1000) - 3600 }), '"exp" claim timestamp check failed'],
  ])('refuses %s with 401, appending nothing', async (_, makeToken, detail) => {
    const before = await eventCount();
    const response = await t
      .http()
      .post('/questions')
      .set('Authorization', `Bearer ${await makeToken()}`)
      .send(question)
      .expect(401);
    expect(response.body.detail).toContain(detail);
    expect(await eventCount()).toBe(before);
  });

  it('does not mint local tokens', async () => {
    await expect(t.token('chair')).rejects.toThrow('Tokens can only be minted in local mode');
  });
});
