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
