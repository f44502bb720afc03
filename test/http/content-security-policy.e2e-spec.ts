import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';
import { describeInBrowser, launchChromium } from '../web/browser-support';

const PAYLOAD = '<script>alert("x")</script>';

/**
 * Every HTML answer carries a Content-Security-Policy — not only the /web
 * pages: the printable agenda and minutes (signed-in and public), the dossier,
 * the API docs and the files they load. No inline script is allowed anywhere;
 * a document's own <style> is allowed by its hash, and nothing else inline.
 */
describe('A Content-Security-Policy on every HTML response', () => {
  const clock = new FixedClock(new Date('2027-01-05T09:00:00Z'));
  let t: TestApp;
  let base: string;
  let meetingId: string;
  let questionId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    tokens.chair = await t.token('chair');
    tokens.auditor = await t.token('auditor');
    tokens.secretary = await t.token('secretary', 'region-varmland', 'sara', ['council']);
    tokens.kim = await t.token('member', 'kil', 'kim.kil');
    const post = async (path: string, token: string, body: object = {}) => {
      const response = await t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    meetingId = (
      await post('/meetings', tokens.secretary, {
        forum: 'council',
        startsAt: '2027-02-01T09:00:00+01:00',
        agendaDeadline: '2027-01-20T16:00:00+01:00',
        place: 'Karlstad',
      })
    ).meetingId;
    await post(`/meetings/${meetingId}/agenda`, tokens.chair, { items: [{ title: PAYLOAD, kind: 'information', logic: 'process' }] });
    await post(`/meetings/${meetingId}/agenda/publish`, tokens.secretary);
    clock.set('2027-02-01T10:00:00Z');
    await post(`/meetings/${meetingId}/attendance`, tokens.secretary, { attendance: [{ organisationId: 'kil', status: 'attended', name: 'Kim Kil' }] });
    const itemId = (await t.http().get(`/meetings/${meetingId}`).set('Authorization', `Bearer ${tokens.chair}`)).body.agenda[0].itemId;
    await post(`/meetings/${meetingId}/items/${itemId}/outcome`, tokens.secretary, { status: 'concluded', summary: PAYLOAD });
    await post(`/meetings/${meetingId}/minutes`, tokens.secretary, {
      adjusters: [{ userId: 'kim.kil', name: 'Kim Kil', organisationId: 'kil' }],
      notes: PAYLOAD,
    });
    await post(`/meetings/${meetingId}/minutes/approve`, tokens.kim);
    await post(`/meetings/${meetingId}/minutes/publish`, tokens.secretary);
    questionId = (
      await post('/questions', tokens.chair, { title: PAYLOAD, description: PAYLOAD, raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Kultur' })
    ).questionId;
    // Starting the app on the embedded database takes long on a busy machine.
  }, 300_000);
  afterAll(() => t?.close());

  const documents = () => [
    [`/meetings/${meetingId}/agenda?format=html`, tokens.chair],
    [`/meetings/${meetingId}/minutes?format=html`, tokens.chair],
    [`/public/meetings/${meetingId}/agenda?format=html`, undefined],
    [`/public/meetings/${meetingId}/minutes?format=html`, undefined],
    [`/questions/${questionId}/dossier?format=html`, tokens.auditor],
    ['/docs', undefined],
    ['/web/sign-in', undefined],
    ['/web/public', undefined],
  ];

  it('sends the policy with every printable document, the API docs and the web pages, allowing only their own <style> by hash', async () => {
    for (const [path, token] of documents()) {
      const request = t.http().get(path!);
      const response = await (token ? request.set('Authorization', `Bearer ${token}`) : request);
      expect({ path, status: response.status, type: response.headers['content-type'] }).toEqual({
        path,
        status: 200,
        type: expect.stringMatching(/^text\/html/),
      });
      const policy: string = response.headers['content-security-policy'];
      expect({ path, policy }).toEqual({ path, policy: expect.stringContaining("default-src 'none'") });
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
      if (path === '/docs') continue;
      expect(policy).not.toContain('unsafe-inline');
      for (const [, style] of response.text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
        expect({ path, policy }).toEqual({ path, policy: expect.stringContaining(`'sha256-${createHash('sha256').update(style).digest('base64')}'`) });
      }
      expect(response.text).not.toContain(PAYLOAD);
    }
  });

  it('lets the API docs read their OpenAPI document from this origin and style themselves, and covers the files they are served from', async () => {
    // Swagger UI sets style attributes as it renders, which no hash can name: inline style, never inline script.
    expect((await t.http().get('/docs')).headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'",
    );
    // A static HTML file of Swagger UI, streamed rather than sent whole: the policy is set as its headers are written.
    const redirect = await t.http().get('/docs/oauth2-redirect.html');
    expect(redirect.status).toBe(200);
    expect(redirect.headers['content-type']).toMatch(/^text\/html/);
    expect(redirect.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('leaves JSON answers without a page policy', async () => {
    const json = await t.http().get(`/public/meetings/${meetingId}/minutes`).expect(200);
    expect(json.headers['content-type']).toMatch(/json/);
    expect(json.headers['content-security-policy']).toBeUndefined();
  });

  describeInBrowser('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(() => browser?.close());

    it('renders the API docs and the public minutes with their styles and without a single policy violation', async () => {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${base}/docs`);
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 30_000 });
      expect(await page.textContent('.swagger-ui .info .title')).toContain('Frågespår');
      // The operations come from /docs-json, fetched under connect-src 'self'.
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      await page.goto(`${base}/public/meetings/${meetingId}/minutes?format=html`);
      // The document's own style applies: the body's font is the one its <style> sets.
      expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toContain('Georgia');
      expect(violations).toEqual([]);
      await page.close();
    }, 120_000);
  });
});
