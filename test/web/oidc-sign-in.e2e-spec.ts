import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { TestApp, startTestApp } from '../support/test-app';
import { describeInBrowser, launchChromium } from './browser-support';

/** oidc-provider is published as an ES module only: loaded with a real dynamic import. */
const importModule = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<{ default: new (...args: unknown[]) => { callback(): (request: http.IncomingMessage, response: http.ServerResponse) => void } }>;

/** The people the test identity provider knows, by the login typed on its page. */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  'kim.kil': { name: 'Kim Kil', org: 'kil', roles: ['member'] },
  'eva.region': { name: 'Eva Lindgren', org: 'region-varmland', roles: 'offline_access chair' },
  'nobody.atlantis': { name: 'Ingen', org: 'atlantis', roles: ['member'] },
};

/** Starts the test identity provider on `idp` for an app at `base`; `tokenRequests` collects its token calls. */
async function startProvider(idp: http.Server, issuer: string, base: string, accounts: Record<string, Record<string, unknown>>, tokenRequests: string[] = []) {
  const { default: Provider } = await importModule('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'fragespar-web',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${base}/web/sign-in/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'profile', 'email', 'fragespar'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], fragespar: ['org', 'roles'] },
    findAccount: (_context: unknown, id: string) => (accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined),
    cookies: { keys: ['a-test-cookie-key-that-is-long-enough'] },
  });
  const callback = provider.callback();
  idp.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (request.url?.startsWith('/token')) tokenRequests.push(request.url);
    callback(request, response);
  });
}

/** Through the sign-in page's link, the provider's login and consent, and back to `base`; answers the callback's response too. */
async function signInThrough(browser: Browser, base: string, login: string, next?: string) {
  const context = await browser.newContext({ locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto(`${base}/web/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.click('a[href^="/web/sign-in/oidc"]');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'anything');
  await page.click('button[type=submit]');
  const [callback] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(`${base}/web/sign-in/oidc/callback`)),
    page.click('button[type=submit]'),
  ]);
  await page.waitForLoadState();
  return { context, page, callback };
}

/**
 * Sign-in with OpenID Connect against a real identity provider (oidc-provider)
 * on loopback: authorization code with PKCE, the browser through its login and
 * consent pages and back; the role and organisation from the configured
 * claims; the session then meets the same access policy as a bearer token.
 */
describeInBrowser('Web sign-in with OpenID Connect (authorization code + PKCE)', () => {
  let idp: http.Server;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const tokenRequests: string[] = [];

  beforeAll(async () => {
    idp = http.createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    t = await startTestApp({
      env: {
        WEB_OIDC_ISSUER: issuer,
        WEB_OIDC_CLIENT_ID: 'fragespar-web',
        WEB_OIDC_SCOPES: 'openid profile fragespar',
        WEB_OIDC_ROLE_CLAIM: 'roles',
        WEB_OIDC_ORGANISATION_CLAIM: 'org',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const { default: Provider } = await importModule('oidc-provider');
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'fragespar-web',
          token_endpoint_auth_method: 'none',
          redirect_uris: [`${base}/web/sign-in/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      scopes: ['openid', 'profile', 'fragespar'],
      claims: { openid: ['sub'], profile: ['name'], fragespar: ['org', 'roles'] },
      findAccount: (_context: unknown, id: string) => (ACCOUNTS[id] ? { accountId: id, claims: () => ({ sub: id, ...ACCOUNTS[id] }) } : undefined),
      cookies: { keys: ['a-test-cookie-key-that-is-long-enough'] },
    });
    const callback = provider.callback();
    idp.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      if (request.url?.startsWith('/token')) tokenRequests.push(request.url);
      callback(request, response);
    });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  /** Through the sign-in page's link, the provider's login and consent, and back. */
  async function signInThrough(login: string, next?: string) {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${base}/web/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await page.click('a[href^="/web/sign-in/oidc"]');
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'anything');
    await page.click('button[type=submit]');
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.origin === base && !url.pathname.startsWith('/web/sign-in/oidc'));
    return { context, page };
  }

  it('signs a member of Kil in with the claims’ role and organisation, in the same access policy', async () => {
    const { context, page } = await signInThrough('kim.kil', '/web/follow-up');
    expect(new URL(page.url()).pathname).toBe('/web/follow-up');
    expect(await page.textContent('.site-header')).toContain('Kim Kil');
    expect(await page.textContent('.site-header')).toContain('Kils kommun');
    expect((await page.goto(`${base}/web/log`))?.status()).toBe(403);
    expect((await page.goto(`${base}/web/organisations/kil`))?.status()).toBe(200);
    const cookies = await context.cookies(base);
    expect(cookies.find((cookie) => cookie.name === 'fragespar_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(tokenRequests.length).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it('takes the first role Frågespår knows from a space-separated claim', async () => {
    const { context, page } = await signInThrough('eva.region');
    expect(await page.textContent('.site-header')).toContain('Ordförande');
    expect((await page.goto(`${base}/web/log`))?.status()).toBe(200);
    await context.close();
  }, 120_000);

  it('refuses claims that name no member organisation', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${base}/web/sign-in`);
    await page.click('a[href^="/web/sign-in/oidc"]');
    await page.fill('input[name=login]', 'nobody.atlantis');
    await page.fill('input[name=password]', 'anything');
    await page.click('button[type=submit]');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${base}/web/sign-in/oidc/callback`)),
      page.click('button[type=submit]'),
    ]);
    expect(response.status()).toBe(403);
    expect((await context.cookies(base)).find((cookie) => cookie.name === 'fragespar_session')).toBeUndefined();
    await context.close();
  }, 120_000);

  it('refuses a callback whose state this browser did not start', async () => {
    const response = await t.http().get('/web/sign-in/oidc/callback?code=stolen&state=forged').set('Accept', 'text/html');
    expect(response.status).toBe(403);
  });
});

/** The people the register test's identity provider knows: their claims say otherwise than the register, or nothing. */
const REGISTER_ACCOUNTS: Record<string, Record<string, unknown>> = {
  // Named in the register by subject: chair of the chairs' council, of Kil. The claims say member of Karlstad.
  'rut.register': { name: 'R. Holm', email: 'rut@example.se', org: 'karlstad', roles: ['member'] },
  // Named in the register by e-mail only (no subject registered): secretary of the council, of Arvika. No org, no roles in the claims.
  'sten.epost': { name: 'Sten', email: 'Sten.Berg@Arvika.se' },
  // Not in the register; the claims grant chair of Kil.
  'okand.person': { name: 'Okänd Person', email: 'okand@example.se', org: 'kil', roles: ['chair'] },
};

/**
 * ROLES_FROM=register for the web pages' own sign-in (docs/access.md): the
 * register's person mapped from the OIDC subject or e-mail, with the
 * register's roles and organisation, whatever the claims say; a person the
 * register does not name gets a page saying so, and no session.
 */
describeInBrowser('Web sign-in with OpenID Connect and roles from the register (ROLES_FROM=register)', () => {
  let idp: http.Server;
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    idp = http.createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    t = await startTestApp({
      env: {
        ROLES_FROM: 'register',
        STRUCTURE_SEED: 'on-start',
        WEB_OIDC_ISSUER: issuer,
        WEB_OIDC_CLIENT_ID: 'fragespar-web',
        WEB_OIDC_SCOPES: 'openid profile email fragespar',
        WEB_OIDC_ROLE_CLAIM: 'roles',
        WEB_OIDC_ORGANISATION_CLAIM: 'org',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await startProvider(idp, issuer, base, REGISTER_ACCOUNTS);
    const admin = await t.token('admin', 'region-varmland');
    let position = '';
    const ok = async (path: string, body: object) => {
      const response = await t.http().post(path).set('Authorization', `Bearer ${admin}`).send(body);
      expect({ path, refused: response.status >= 300 ? (response.body as unknown) : undefined }).toEqual({ path, refused: undefined });
      position = response.body.position as string;
      return response.body as { personId: string };
    };
    const rut = await ok('/register/people', { name: 'Rut Holm', organisationId: 'kil', userId: 'rut.register' });
    await ok(`/register/people/${rut.personId}/roles`, { role: 'chair', forumId: 'chairs-council', from: '2020-01-01' });
    const sten = await ok('/register/people', { name: 'Sten Berg', organisationId: 'arvika', email: 'sten.berg@arvika.se' });
    await ok(`/register/people/${sten.personId}/roles`, { role: 'secretary', forumId: 'council', from: '2020-01-01' });
    // Sign-in reads the register's read model: wait until it holds the last change.
    await t.http().get(`/register?afterPosition=${position}`).set('Authorization', `Bearer ${admin}`).expect(200);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  it('maps the subject to the register’s person: the register’s name, organisation and role, not the claims’', async () => {
    const { context, page } = await signInThrough(browser, base, 'rut.register', '/web/log');
    expect(new URL(page.url()).pathname).toBe('/web/log');
    const header = await page.textContent('.site-header');
    expect(header).toContain('Rut Holm');
    expect(header).toContain('Ordförande');
    expect(header).toContain('Kils kommun');
    expect(header).not.toContain('Karlstads kommun');
    // The chair reads the log (a member may not): the register's role is in force.
    expect((await page.goto(`${base}/web/log`))?.status()).toBe(200);
    await context.close();
  }, 120_000);

  it('maps the e-mail (any case) when the register knows no subject', async () => {
    const { context, page } = await signInThrough(browser, base, 'sten.epost');
    const header = await page.textContent('.site-header');
    expect(header).toContain('Sten Berg');
    expect(header).toContain('Sekreterare');
    expect(header).toContain('Arvika kommun');
    await context.close();
  }, 120_000);

  it('tells a person the register does not name so, on a page, and starts no session', async () => {
    const { context, page, callback } = await signInThrough(browser, base, 'okand.person');
    expect(callback.status()).toBe(403);
    const text = await page.textContent('main');
    expect(text).toContain('okand.person');
    expect(text).toContain('structure register names no person');
    expect((await context.cookies(base)).find((cookie) => cookie.name === 'fragespar_session')).toBeUndefined();
    await context.close();
  }, 120_000);
});
