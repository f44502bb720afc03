import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { mintTokenFromArgs } from '../../src/auth/mint-token.cli';
import { TestApp, startTestApp } from '../support/test-app';
import { storedEventCount } from './stored-events';

/**
 * The perimeter, against one real application (one per file keeps the suite
 * fast): who gets in, and how much they may ask.
 *
 * Local token mode as a newcomer runs it: no AUTH_JWT_SECRET, so the app
 * generates its secret under DATA_DIR, and `npm run token` signs with the same
 * one. Rate limit, CORS and TRUST_PROXY are set low/explicit for the hardening
 * tests; each request names its own client address (X-Forwarded-For), so the
 * per-client budgets of different tests do not interfere.
 */
const limit = 5;
let t: TestApp;
let clients = 0;
/** A client address of its own: a fresh rate-limit budget. */
const newClient = () => `198.51.100.${++clients}`;

beforeAll(async () => {
  t = await startTestApp({
    env: { AUTH_JWT_SECRET: '', RATE_LIMIT_PER_MINUTE: String(limit), TRUST_PROXY: 'true', CORS_ORIGINS: 'https://intranat.regionvarmland.example' },
  });
}, 60_000);
afterAll(() => t?.close());

describe('Authentication in local token mode', () => {
  let secret: Uint8Array;

  beforeAll(() => {
    secret = new TextEncoder().encode(fs.readFileSync(path.join(t.database.settings.dataDir, 'local-jwt-secret'), 'utf8').trim());
  });

  const question = { title: 'Kollektivtrafik', description: 'Trafikförsörjningsprogram.', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Trafik' };
  const raise = (authorization?: string) => {
    const request = t.http().post('/questions').set('X-Forwarded-For', newClient());
    return (authorization === undefined ? request : request.set('Authorization', authorization)).send(question);
  };
  const eventCount = () => storedEventCount(t.app);

  /** A token as the app would accept it, with one thing changed. */
  const sign = (
    changes: { alg?: string; key?: Uint8Array; issuer?: string; audience?: string; expires?: string | number | null; claims?: Record<string, unknown> } = {},
  ) => {
    const jwt = new SignJWT({ name: 'Kalle Karlsson', org: 'kil', roles: ['member'], ...changes.claims })
      .setProtectedHeader({ alg: changes.alg ?? 'HS256' })
      .setSubject('kalle')
      .setIssuer(changes.issuer ?? 'fragespar-local')
      .setAudience(changes.audience ?? 'fragespar')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200);
    if (changes.expires !== null) jwt.setExpirationTime(changes.expires ?? '5m');
    return jwt.sign(changes.key ?? secret);
  };

  it('a valid token gets in', async () => {
    await raise(`Bearer ${await sign()}`).expect(201);
  });

  it('a token from `npm run token` is valid: it signs with the same DATA_DIR secret', async () => {
    const { token } = await mintTokenFromArgs(['--role', 'chair', '--org', 'region-varmland'], { DATA_DIR: t.database.settings.dataDir });
    await raise(`Bearer ${token}`).expect(201);
  });

  const refusals: Array<[string, () => Promise<string | undefined>, string]> = [
    ['no token', async () => undefined, 'A bearer token is required'],
    ['another scheme', async () => 'Basic a2FsbGU6aGVtbGln', 'A bearer token is required'],
    ['a malformed token', async () => 'Bearer not-a-token', 'Invalid bearer token'],
    ['a token of garbage parts', async () => 'Bearer eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln', 'Invalid bearer token'],
    [
      'a wrong signature',
      async () => `Bearer ${await sign({ key: new TextEncoder().encode('another-secret-that-is-long-enough-for-hs256') })}`,
      'signature verification failed',
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await sign()).split('.');
        const payload = Buffer.from(
          JSON.stringify({ sub: 'kalle', org: 'kil', roles: ['admin'], iss: 'fragespar-local', aud: 'fragespar', exp: 9999999999 }),
        ).toString('base64url');
        return `Bearer ${header}.${payload}.${signature}`;
      },
      'signature verification failed',
    ],
    ['an expired token', async () => `Bearer ${await sign({ expires: Math.floor(Date.now() / 1000) - 3600 })}`, '"exp" claim timestamp check failed'],
    ['a token without expiry', async () => `Bearer ${await sign({ expires: null })}`, 'missing required "exp" claim'],
    ['a wrong issuer', async () => `Bearer ${await sign({ issuer: 'https://evil.example' })}`, 'unexpected "iss" claim value'],
    ['a wrong audience', async () => `Bearer ${await sign({ audience: 'another-service' })}`, 'unexpected "aud" claim value'],
    [
      'an unsigned token (alg none)',
      async () =>
        `Bearer ${new UnsecuredJWT({ org: 'kil', roles: ['admin'] }).setSubject('x').setIssuer('fragespar-local').setAudience('fragespar').setExpirationTime('5m').encode()}`,
      'Invalid bearer token',
    ],
    ['a token without org', async () => `Bearer ${await sign({ claims: { org: undefined } })}`, 'claims sub, org and roles[] are required'],
    ['a token whose roles are not a list', async () => `Bearer ${await sign({ claims: { roles: 'admin' } })}`, 'claims sub, org and roles[] are required'],
  ];

  it.each(refusals)('%s: 401 problem with WWW-Authenticate, nothing appended', async (_, authorization, detail) => {
    const before = await eventCount();
    const response = await raise(await authorization()).expect(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="fragespar"/);
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(response.body.detail).toContain(detail);
    expect(await eventCount()).toBe(before);
  });

  it('a token granting no role Frågespår knows is refused with 403', async () => {
    const response = await raise(`Bearer ${await sign({ claims: { roles: ['offline_access'] } })}`).expect(403);
    expect(response.body.detail).toContain('"offline_access" is not a role of Frågespår');
  });

  it('the health check and the API docs need no token', async () => {
    await t.http().get('/health').set('X-Forwarded-For', newClient()).expect(200);
    await t.http().get('/docs-json').set('X-Forwarded-For', newClient()).expect(200);
  });
});

describe('Hardening', () => {
  let token: string;

  beforeAll(async () => {
    token = await t.token('member', 'kil');
  });

  const get = (path: string, client: string) => t.http().get(path).set('X-Forwarded-For', client).set('Authorization', `Bearer ${token}`);

  describe('rate limiting per client', () => {
    it(`allows ${limit} requests a minute, then answers 429 problem+json with Retry-After; the health check stays open`, async () => {
      const first = newClient();
      for (let i = 0; i < limit; i++) await get('/organisations', first).expect(200);
      const refused = await get('/organisations', first).expect(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests' });
      expect(refused.body.detail).toContain(`at most ${limit} per minute per client`);
      for (let i = 0; i < limit * 3; i++) await t.http().get('/health').set('X-Forwarded-For', first).expect(200);
    });

    it('counts each client on its own', async () => {
      const [second, third] = [newClient(), newClient()];
      for (let i = 0; i < limit; i++) await get('/forums', second).expect(200);
      await get('/forums', second).expect(429);
      await get('/forums', third).expect(200);
    });

    it('is one budget per client across all routes', async () => {
      const client = newClient();
      await get('/organisations', client).expect(200);
      await get('/organisations/kil', client).expect(200);
      await get('/forums', client).expect(200);
      await get('/organisations', client).expect(200);
      await get('/forums', client).expect(200);
      await get('/organisations/karlstad', client).expect(429);
    });

    it('limits requests without a token too (before any token is checked)', async () => {
      const client = newClient();
      for (let i = 0; i < limit; i++) await t.http().get('/organisations').set('X-Forwarded-For', client).expect(401);
      await t.http().get('/organisations').set('X-Forwarded-For', client).expect(429);
    });
  });

  it('sends security headers and does not announce the framework', async () => {
    const response = await get('/organisations', newClient()).expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('allows cross-origin requests only from CORS_ORIGINS', async () => {
    const client = newClient();
    const allowed = await get('/organisations', client).set('Origin', 'https://intranat.regionvarmland.example').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://intranat.regionvarmland.example');
    const other = await get('/organisations', client).set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unreadable body with a problem, not an HTML page with a stack trace', async () => {
    const response = await t
      .http()
      .post('/questions')
      .set('X-Forwarded-For', newClient())
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"title":"x"}')
      .expect(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 415, title: 'Unreadable request body' });
    expect(response.text).not.toMatch(/\bat \S+ \(|node_modules|Error:/);
  });
});
