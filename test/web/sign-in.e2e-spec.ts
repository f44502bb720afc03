import { TestApp, startTestApp } from '../support/test-app';
import { browser, hiddenField, signIn } from './web-support';

describe('Web sign-in (local mode), sessions and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('sends a browser that is not signed in to the sign-in page, and back afterwards', async () => {
    const agent = browser(t);
    await agent.get('/web/log?forum=council').expect(303).expect('Location', '/web/sign-in?next=%2Fweb%2Flog%3Fforum%3Dcouncil');
    const form = await agent.get('/web/sign-in?next=%2Fweb%2Flog%3Fforum%3Dcouncil').expect(200);
    expect(form.text).toContain('<html lang="sv">');
    expect(form.headers['content-security-policy']).toContain("default-src 'none'");
    await agent
      .post('/web/sign-in')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), next: hiddenField(form.text, 'next'), name: 'Karin', role: 'chair', organisation: 'region-varmland' })
      .expect(303)
      .expect('Location', '/web/log?forum=council');
  });

  it('sets an HttpOnly, SameSite session cookie with an expiry, and signs out', async () => {
    const agent = browser(t);
    const form = await agent.get('/web/sign-in').expect(200);
    const response = await agent
      .post('/web/sign-in')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), name: 'Karin', role: 'chair', organisation: 'region-varmland' })
      .expect(303);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((value) => value.startsWith('fragespar_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const start = await agent.get('/web').expect(200);
    expect(start.text).toContain('Karin');
    await agent
      .post('/web/sign-out')
      .type('form')
      .send({ _csrf: hiddenField(start.text, '_csrf') })
      .expect(303)
      .expect('Location', '/web/sign-in');
    await agent.get('/web').expect(303);
  });

  it('refuses a form without the CSRF token, or with another visitor’s', async () => {
    const agent = browser(t);
    await agent.get('/web/sign-in').expect(200);
    await agent.post('/web/sign-in').type('form').send({ name: 'Karin', role: 'chair', organisation: 'region-varmland' }).expect(403);
    const other = await browser(t).get('/web/sign-in').expect(200);
    await agent
      .post('/web/sign-in')
      .type('form')
      .send({ _csrf: hiddenField(other.text, '_csrf'), name: 'Karin', role: 'chair', organisation: 'region-varmland' })
      .expect(403);
    await agent.get('/web').expect(303);
  });

  it('names each wrong field in an error summary and beside the field', async () => {
    const agent = browser(t);
    const form = await agent.get('/web/sign-in').expect(200);
    const page = await agent
      .post('/web/sign-in')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), name: '', role: 'king', organisation: 'oslo' })
      .expect(400);
    expect(page.text).toContain('Det finns ett problem');
    for (const field of ['name', 'role', 'organisation']) {
      expect(page.text).toContain(`href="#${field}"`);
      expect(page.text).toContain(`id="${field}-error"`);
    }
  });

  it('is in English when asked (?lang=en, then remembered, or Accept-Language)', async () => {
    const agent = browser(t);
    expect((await agent.get('/web/sign-in?lang=en').expect(200)).text).toContain('<html lang="en">');
    expect((await agent.get('/web/sign-in').expect(200)).text).toContain('<html lang="en">');
    expect((await browser(t).get('/web/sign-in').set('Accept-Language', 'en-GB,en;q=0.9').expect(200)).text).toContain('Sign in (local mode)');
  });

  it('never redirects after sign-in to another site', async () => {
    const agent = browser(t);
    const form = await agent.get('/web/sign-in').expect(200);
    await agent
      .post('/web/sign-in')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), next: '//evil.example/web', name: 'Karin', role: 'chair', organisation: 'kil' })
      .expect(303)
      .expect('Location', '/web');
  });

  it('ends in the same actor and access policy as a bearer token: a Kil member is refused the log, page or API alike', async () => {
    const agent = browser(t);
    await signIn(agent, 'member', 'kil');
    const refused = await agent.get('/web/log').expect(403);
    expect(refused.text).toContain('Du har inte behörighet');
    const token = await t.token('member', 'kil');
    await t.http().get('/log').set('Authorization', `Bearer ${token}`).expect(403);
    // The API never accepts the session cookie: only pages do.
    const cookie = (await agent.get('/web').expect(200)).request.cookies;
    expect(cookie).toContain('fragespar_session=');
    await t.http().get('/questions').set('Cookie', cookie).expect(401);
  });

  it('a page asked for with a bearer token (not HTML) answers like the API', async () => {
    const token = await t.token('member', 'kil');
    const refused = await t.http().get('/web/log').set('Authorization', `Bearer ${token}`).expect(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });
});

describe('Web sign-in in production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks' } });
  }, 60_000);
  afterAll(() => t?.close());

  it('refuses local sign-in exactly like local tokens', async () => {
    const agent = browser(t);
    const form = await agent.get('/web/sign-in').expect(200);
    expect(form.text).not.toContain('name="role"');
    const csrf = /fragespar_csrf=([^;]+)/.exec(([] as string[]).concat(form.headers['set-cookie'] ?? []).join(';'))![1];
    const refused = await agent.post('/web/sign-in').type('form').send({ _csrf: csrf, name: 'Karin', role: 'admin', organisation: 'kil' }).expect(403);
    expect(refused.text).toContain('Du har inte behörighet');
    await agent.get('/web').expect(303);
  });
});
