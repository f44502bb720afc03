import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Clock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

/** Debian's Chromium; `.ci/run` installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const BROWSER_FLOW_TIMEOUT_MS = 300_000;

/** `describe`, or `describe.skip` with a clear message when the browser is absent. */
export function describeInBrowser(name: string, body: () => void): void {
  if (HAVE_CHROMIUM) {
    return describe(name, () => {
      // A flow drives a whole browser through tens of pages, each drawn and checked by axe: on a busy
      // two-core machine that takes minutes, beyond the minute a single request-level test gets.
      jest.setTimeout(BROWSER_FLOW_TIMEOUT_MS);
      body();
    });
  }
  console.warn(`SKIPPED "${name}": ${CHROMIUM} is absent. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
  describe.skip(`${name} (skipped: ${CHROMIUM} is absent)`, body);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The app on a port of its own and a browser beside it: what every browser test starts from. */
export interface BrowserApp {
  t: TestApp;
  base: string;
  browser: Browser;
}

/** Starts the app (no rate limit: a flow sends many requests from one address) and Chromium. */
export async function startBrowserApp(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<BrowserApp> {
  const t = await startTestApp({ clock: options.clock, env: { RATE_LIMIT_PER_MINUTE: '100000', ...options.env } });
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  return { t, base, browser: await launchChromium() };
}

/** Closes what startBrowserApp started, whatever of it did start. */
export async function stopBrowserApp(started: Partial<BrowserApp>): Promise<void> {
  await started.browser?.close();
  await started.t?.close();
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core in the page, against WCAG 2.0/2.1 A and AA. Evaluated through the
 * DevTools protocol, so the page's CSP (which forbids inline scripts) stays on.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, not a function: this project's TypeScript has no DOM types.
  return page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    })))`);
}

export const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'web');

/** Redraws docs/web/<name>.png when asked (`UPDATE_SCREENSHOTS=1`), so an ordinary test run leaves the checkout as it found it. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches, as a keyboard-only user would; fails after `max` presses. */
export async function tabTo(page: Page, matches: (element: { tag: string; text: string; id: string; href: string }) => boolean, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused: { tag: string; text: string; id: string; href: string } = await page.evaluate(`(() => {
      const element = document.activeElement;
      return {
        tag: element ? element.tagName.toLowerCase() : '',
        text: element ? (element.textContent || '').trim() : '',
        id: (element && element.id) || '',
        href: (element && element.getAttribute('href')) || '',
      };
    })()`);
    if (matches(focused)) return;
  }
  throw new Error(`nothing matching was reached with ${max} presses of Tab`);
}

/** A browser context signed in through the web sign-in form as `name`, in `role` for `organisation`. */
export async function signInAs(
  browser: Browser,
  base: string,
  role: string,
  organisation: string,
  name: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/web/sign-in`);
  await page.fill('#name', name);
  await page.selectOption('#role', role);
  await page.selectOption('#organisation', organisation);
  await Promise.all([page.waitForURL(`${base}/web`), page.click('button[type=submit]')]);
  return { context, page };
}

/** Fails with the page's name and axe-core's violations unless there are none. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect({ what, violations: await axeViolations(page) }).toEqual({ what, violations: [] });
}

/** Submits the command form on the page and waits for the answer's page; its HTTP status. */
export async function send(page: Page): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click('form.command-form button[type=submit]')]);
  return response?.status();
}

/** Follows the page's action link to a form, and checks the form's accessibility. */
export async function openForm(page: Page, slug: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(`.action-list a[href$="/act/${slug}"]`)]);
  await expectAccessible(page, `form ${slug}`);
}
