import { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ACTORS, DemoResult, DemoTransport, loadDemoYear } from '../../src/demo/demo-year';
import { demoOverHttp } from '../support/demo-over-http';
import { TestApp, startTestApp } from '../support/test-app';
import { axeViolations, describeInBrowser, launchChromium, screenshot, signInAs, tabTo } from './browser-support';

/** A title and description that would run script if a page did not escape them. */
const PAYLOAD_TITLE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Skript i titeln`;
const PAYLOAD_DESCRIPTION = `"><svg onload="window.__pwned = 3"></svg> ' onmouseover='window.__pwned = 4`;

/**
 * The web pages in a real browser (Debian's Chromium, headless) over a
 * realistic year (the demo's eleven questions, an adopted annual wheel with
 * meetings, a published agenda) and a question whose title is a script:
 * every page type passes axe-core with no violation and is photographed for
 * docs/web.md; a keyboard-only user signs in and opens the log, the grid and
 * a question; a member of Kil cannot open what only process roles see; user
 * text never runs.
 */
describeInBrowser('Web pages in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let demo: DemoResult;
  let payloadQuestion: string;
  let meetingId: string;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const api: DemoTransport = demoOverHttp(t);
    demo = await loadDemoYear(api);
    const { workingGroup, chair, secretary } = DEMO_ACTORS;
    payloadQuestion = (
      await api.post(chair, 'web-payload', '/questions', {
        title: PAYLOAD_TITLE,
        description: PAYLOAD_DESCRIPTION,
        raisedBy: { kind: 'organisation', id: 'kil' },
        topicArea: '<b>Kultur</b>',
      })
    ).questionId;
    await api.post(workingGroup, 'web-wheel', `/annual-wheel/${year}/proposal`, {
      meetings: [
        { forum: 'chairs-council', startsAt: `${year}-02-11T09:00:00+01:00`, agendaDeadline: `${year}-01-28T16:00:00+01:00`, place: 'Regionens hus, Karlstad' },
        { forum: 'council', startsAt: `${year}-03-12T09:30:00+01:00`, agendaDeadline: `${year}-02-26T16:00:00+01:00`, place: 'Karlstad CCC' },
        {
          forum: 'chairs-council',
          startsAt: `${year}-06-10T09:00:00+02:00`,
          agendaDeadline: `${year}-05-27T16:00:00+02:00`,
          digitalLink: 'https://meet.example.org/or-juni',
        },
        { forum: 'council', startsAt: `${year}-11-20T09:30:00+01:00`, agendaDeadline: `${year}-11-06T16:00:00+01:00`, place: 'Arvika' },
      ],
      themes: [{ month: 6, title: 'Revision av årshjulet' }],
    });
    const adopted = (await api.post(chair, 'web-wheel-adopt', `/annual-wheel/${year}/adopt`, {})) as unknown as { meetings: Array<{ meetingId: string }> };
    meetingId = adopted.meetings[0].meetingId;
    await api.post(chair, 'web-agenda', `/meetings/${meetingId}/agenda`, {
      items: [
        { title: 'Regional kulturplan', kind: 'position', logic: 'decision', questionId: demo.questions[Object.keys(demo.questions)[0]], documents: [] },
        { title: PAYLOAD_TITLE, kind: 'information', logic: 'process', documents: [] },
      ],
    });
    await api.post(secretary, 'web-agenda-publish', `/meetings/${meetingId}/agenda/publish`, {});
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = (role: string, organisation: string, name = 'Test Testsson'): Promise<{ context: BrowserContext; page: Page }> =>
    signInAs(browser, base, role, organisation, name);

  /** Opens a page, checks it has no axe violation and nothing scripted ran, and photographs it. */
  async function check(page: Page, path: string, shot: string, status = 200): Promise<void> {
    const response = await page.goto(`${base}${path}`);
    expect({ path, status: response?.status() }).toEqual({ path, status });
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await screenshot(page, shot);
  }

  it('every page type passes axe-core with 0 violations, for the roles that see it', async () => {
    const chair = await signedIn('chair', 'region-varmland', 'Eva Lindgren');
    const question = demo.questions[Object.keys(demo.questions).find((key) => /strandskydd/i.test(key)) ?? Object.keys(demo.questions)[0]];
    await check(chair.page, '/web', 'start-chair');
    await check(chair.page, '/web/log', 'log');
    await check(chair.page, '/web/log?forum=council&overdue=true&sort=-title', 'log-filtered');
    await check(chair.page, '/web/follow-up', 'follow-up-grid');
    await check(chair.page, '/web/organisations/karlstad', 'organisation');
    await check(chair.page, '/web/follow-up?inEffectOn=2025-06-01', 'follow-up-grid-in-effect');
    await check(chair.page, '/web/organisations/karlstad?asOf=2025-06-01', 'organisation-as-recorded');
    await check(chair.page, '/web/organisations', 'organisations');
    await check(chair.page, `/web/questions/${question}`, 'question');
    await check(chair.page, `/web/questions/${payloadQuestion}`, 'question-payload');
    await check(chair.page, '/web/meetings', 'meetings');
    await check(chair.page, `/web/meetings/${meetingId}`, 'meeting');
    await check(chair.page, `/web/annual-wheel?year=${year}`, 'annual-wheel');
    await check(chair.page, `/web/questions/${question}/history`, 'history');
    await chair.context.close();

    const member = await signedIn('member', 'kil', 'Kim Kil');
    await check(member.page, '/web', 'start-member');
    await check(member.page, '/web/log', 'forbidden', 403);
    await member.context.close();

    const auditor = await signedIn('auditor', 'region-varmland', 'Revisor Rut');
    await check(auditor.page, '/web', 'start-auditor');
    await check(auditor.page, '/web/audit', 'audit');
    await check(auditor.page, `/web/questions/${question}?asOf=${demo.anchor}`, 'question-as-of');
    await auditor.context.close();

    const visitor = await browser.newContext({ locale: 'sv-SE' });
    const anonymous = await visitor.newPage();
    await check(anonymous, '/web/sign-in', 'sign-in');
    await check(anonymous, '/web/public', 'public');
    await check(anonymous, `/web/public/meetings/${meetingId}`, 'public-meeting');
    await check(anonymous, `/web/public/annual-wheel?year=${year}`, 'public-annual-wheel');
    await visitor.close();
  }, 300_000);

  it('a keyboard-only user signs in and opens the log, the grid and a question', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${base}/web/sign-in`);
    await tabTo(page, (element) => element.id === 'name');
    await page.keyboard.type('Tangent Bord');
    await tabTo(page, (element) => element.id === 'role');
    await page.keyboard.type('Ordf');
    await tabTo(page, (element) => element.id === 'organisation');
    await page.keyboard.type('Region');
    await tabTo(page, (element) => element.tag === 'button' && element.text === 'Logga in');
    await Promise.all([page.waitForURL(`${base}/web`), page.keyboard.press('Enter')]);
    expect(await page.textContent('.site-header')).toContain('Tangent Bord');

    await tabTo(page, (element) => element.text === 'Utestående logg');
    await Promise.all([page.waitForURL(`${base}/web/log`), page.keyboard.press('Enter')]);
    await tabTo(page, (element) => element.text === 'Uppföljning');
    await Promise.all([page.waitForURL(`${base}/web/follow-up`), page.keyboard.press('Enter')]);
    await tabTo(page, (element) => element.href.startsWith('/web/questions/'), 200);
    await Promise.all([page.waitForURL(/\/web\/questions\//), page.keyboard.press('Enter')]);
    expect(await page.locator('ol.process [aria-current="step"]').count()).toBe(1);
    await context.close();
  }, 120_000);

  it('a member of Kil cannot open what only process roles see, and is not offered it', async () => {
    const { context, page } = await signedIn('member', 'kil', 'Kim Kil');
    expect(await page.locator('.site-nav a', { hasText: 'Utestående logg' }).count()).toBe(0);
    expect(await page.locator('.site-nav a', { hasText: 'Revision' }).count()).toBe(0);
    for (const path of ['/web/log', '/web/audit', `/web/questions/${payloadQuestion}/history`]) {
      const response = await page.goto(`${base}${path}`);
      expect({ path, status: response?.status() }).toEqual({ path, status: 403 });
      expect(await page.textContent('h1')).toBe('Du har inte behörighet');
    }
    // What every role may read stays open: the organisation's own page and the grid.
    expect((await page.goto(`${base}/web/organisations/kil`))?.status()).toBe(200);
    expect((await page.goto(`${base}/web/follow-up`))?.status()).toBe(200);
    await context.close();
  }, 120_000);

  it('shows what users wrote as text: script payloads never run', async () => {
    const { context, page } = await signedIn('chair', 'region-varmland');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    for (const path of [`/web/questions/${payloadQuestion}`, '/web/log?sort=-lastChangedAt', `/web/meetings/${meetingId}`]) {
      await page.goto(`${base}${path}`);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('main').textContent()).toContain('<script>window.__pwned = 1</script>');
    }
    expect(await page.locator('main').textContent()).toBeTruthy();
    expect(dialogs).toEqual([]);
    await context.close();
  }, 120_000);

  it('is in English when asked', async () => {
    const context = await browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    const page = await context.newPage();
    await page.goto(`${base}/web/sign-in`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Sign in (local mode)');
    await context.close();
  }, 60_000);
});
