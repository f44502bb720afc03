import type { Browser, Page } from 'playwright-core';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { questionStreamId } from '../../src/questions/contract';
import type { TestApp } from '../support/test-app';
import { describeInBrowser, expectAccessible, openForm, screenshot, send, signInAs, startBrowserApp, stopBrowserApp } from './browser-support';

const SIX = ['region-varmland', 'karlstad', 'kil', 'arvika', 'hammaro', 'forshaga'];

/**
 * A question from raised to a member organisation's decision, given through
 * the forms in a real browser (Debian's Chromium) by the people who would
 * give each step: the working group raises, prepares, records a dialogue and
 * attaches the decision document; the chair takes a position naming six
 * organisations; a member of Kil records Kil's decision from its own page.
 * Every form, its error state and every page a step lands on has no axe-core
 * violation; the stored events are counted and typed at the end.
 */
describeInBrowser('Question forms in a browser: from raised to a member decision', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let store: EventStore;

  beforeAll(async () => {
    ({ t, base, browser } = await startBrowserApp());
    store = t.app.get(EVENT_STORE);
  }, 120_000);
  afterAll(() => stopBrowserApp({ t, browser }));

  const signedIn = (role: string, organisation: string, name: string) => signInAs(browser, base, role, organisation, name);

  it('walks a question from raised to Kil’s decision, each page accessible', async () => {
    const { context: wgContext, page: wg } = await signedIn('working-group', 'region-varmland', 'Anna Arbetsgrupp');
    await Promise.all([wg.waitForNavigation(), wg.click('a[href="/web/questions/new"]')]);
    await expectAccessible(wg, 'raise form');

    // Sent empty first: the errors, at the top and beside each field, are accessible too.
    expect(await send(wg)).toBe(400);
    expect(await wg.textContent('.error-summary')).toContain('Det finns ett problem');
    expect(await wg.textContent('#title-error')).toContain('Fyll i ”Rubrik”');
    await expectAccessible(wg, 'raise form with errors');
    await screenshot(wg, 'form-errors');

    await wg.fill('#title', 'Regional laddinfrastruktur');
    await wg.fill('#description', 'Laddplatser längs de regionala stråken, planerade tillsammans.');
    await wg.fill('#topicArea', 'Infrastruktur');
    await wg.selectOption('#raisedBy', 'karlstad');
    expect(await send(wg)).toBe(200);
    expect(wg.url()).toMatch(/\/web\/questions\/[0-9a-f-]{36}\?recorded=QuestionRaised$/);
    const questionUrl = wg.url().replace(/\?.*$/, '');
    const questionId = questionUrl.split('/').at(-1)!;
    expect(await wg.textContent('.notification')).toContain('Fråga väckt');
    await expectAccessible(wg, 'question raised');

    await openForm(wg, 'accept');
    await wg.selectOption('#forum', 'chairs-council');
    await wg.check('#logic-1');
    await wg.fill('#responsibleGivenName', 'Karin');
    await wg.fill('#responsibleFamilyName', 'Berg');
    await wg.selectOption('#responsibleOrganisation', 'region-varmland');
    expect(await send(wg)).toBe(200);
    expect(await wg.textContent('.notification')).toContain('Fråga beredd');
    expect(await wg.textContent('dl.facts')).toContain('Karin Berg');
    await expectAccessible(wg, 'question accepted');

    await openForm(wg, 'dialogue');
    await wg.selectOption('#forum', 'council');
    await wg.fill('#heldOn', '2027-03-12');
    await wg.fill('#summary', 'Värmlandsrådet diskuterade stråken och behoven.');
    expect(await send(wg)).toBe(200);
    expect(await wg.textContent('#timeline ~ table')).toContain('Dialog förd');

    await openForm(wg, 'decision-document');
    await wg.fill('#reference', 'VRAU 2027/4');
    await wg.fill('#title', 'Underlag: regional laddinfrastruktur');
    await wg.fill('#proposedPosition', 'Parterna ställer sig bakom en gemensam plan för laddinfrastruktur.');
    expect(await send(wg)).toBe(200);
    expect(await wg.textContent('#documents ~ ul')).toContain('VRAU 2027/4');
    await expectAccessible(wg, 'decision document attached');
    // The working group takes no position: the chairs' council does.
    expect(await wg.$('a[href$="/act/position"]')).toBeNull();
    await wgContext.close();

    const { context: chairContext, page: chair } = await signedIn('chair', 'region-varmland', 'Olle Ordförande');
    await chair.goto(questionUrl);
    await openForm(chair, 'position');
    // The proposal of the decision document is where the chair starts.
    expect(await chair.inputValue('#text')).toBe('Parterna ställer sig bakom en gemensam plan för laddinfrastruktur.');
    for (const organisation of SIX) await chair.check(`input[name=organisationsToDecide][value=${organisation}]`);
    await chair.fill('#decideBy', '2027-06-30');
    expect(await send(chair)).toBe(200);
    expect(await chair.textContent('.notification')).toContain('Ställningstagande');
    expect(await chair.$$eval('#decisions tbody tr', (rows) => rows.length)).toBe(6);
    await expectAccessible(chair, 'position taken');
    await screenshot(chair, 'form-position-taken');
    await chairContext.close();

    const { context: kilContext, page: kil } = await signedIn('member', 'kil', 'Kim Kil');
    await kil.goto(questionUrl);
    // Kil may record its own decision only: its row has the link, the others none.
    expect(await kil.$$eval('#decisions a[href*="/act/decision"]', (links) => links.map((link) => link.getAttribute('href')))).toEqual([
      `/web/questions/${questionId}/act/decision?organisationId=kil`,
    ]);
    await Promise.all([kil.waitForNavigation(), kil.click('#decision-kil a')]);
    await expectAccessible(kil, 'decision form');
    expect(await kil.$$eval('#organisationId option', (options) => options.map((option) => option.getAttribute('value')))).toEqual(['kil']);
    await kil.selectOption('#body', 'regional-board');
    await kil.fill('#decidedOn', '2027-05-20');
    await kil.check('#outcome');
    await kil.fill('#reference', 'KS 2027-05-20 § 45');
    // A municipality decides in its own bodies: refused beside the field, what was typed kept.
    expect(await send(kil)).toBe(422);
    expect(await kil.textContent('#body-error')).toContain('Organet hör inte till den sortens organisation');
    expect(await kil.inputValue('#reference')).toBe('KS 2027-05-20 § 45');
    await expectAccessible(kil, 'decision form refused');
    await kil.selectOption('#body', 'municipal-executive-board');
    expect(await send(kil)).toBe(200);
    expect(await kil.textContent('#decision-kil')).toContain('Bifall');
    expect(await kil.textContent('#decision-kil')).toContain('KS 2027-05-20 § 45');
    await expectAccessible(kil, 'decision recorded');
    await kilContext.close();

    const events = await store.readStream(questionStreamId(questionId));
    expect(events.map((event) => event.type)).toEqual([
      'QuestionRaised',
      'QuestionAccepted',
      'DialogueRecorded',
      'DecisionDocumentAttached',
      'PositionTaken',
      'MemberDecisionRecorded',
    ]);
    expect(events.map((event) => `${event.metadata.actor.role}:${event.metadata.actor.organisationId}`)).toEqual([
      'working-group:region-varmland',
      'working-group:region-varmland',
      'working-group:region-varmland',
      'working-group:region-varmland',
      'chair:region-varmland',
      'member:kil',
    ]);
  });

  /** Opens every form the page offers (its action list) and checks each has no axe violation. */
  async function everyOfferedForm(page: Page, url: string): Promise<string[]> {
    await page.goto(url);
    const links = await page.$$eval('.action-list a', (anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
    for (const link of links) {
      const response = await page.goto(`${base}${link}`);
      expect({ link, status: response?.status() }).toEqual({ link, status: 200 });
      await expectAccessible(page, link);
    }
    return links.map((link) => link.split('/').at(-1)!);
  }

  it('every form an administrator is offered on a question and a meeting is accessible, and so are the meeting form’s errors', async () => {
    const { context, page } = await signedIn('admin', 'region-varmland', 'Ada Admin');
    await page.goto(`${base}/web/meetings`);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/web/meetings/new"]')]);
    await expectAccessible(page, 'schedule form');
    expect(await send(page)).toBe(400);
    await expectAccessible(page, 'schedule form with errors');
    await page.selectOption('#forum', 'council');
    await page.fill('#startsAt', '2027-11-20T09:30');
    await page.fill('#agendaDeadline', '2027-11-06T16:00');
    await page.fill('#place', 'Arvika');
    expect(await send(page)).toBe(200);
    expect(await page.textContent('.notification')).toContain('Sammanträde utlyst');
    await expectAccessible(page, 'meeting scheduled');
    const meetingForms = await everyOfferedForm(page, page.url().replace(/\?.*$/, ''));
    expect(meetingForms).toEqual(expect.arrayContaining(['propose-agenda', 'agenda', 'cancel']));

    await page.goto(`${base}/web/questions/new`);
    await page.fill('#title', 'Alla formulär i webbläsaren');
    await page.fill('#description', 'En fråga för att öppna varje formulär.');
    await page.fill('#topicArea', 'Test');
    expect(await send(page)).toBe(200);
    const questionUrl = page.url().replace(/\?.*$/, '');
    expect(await everyOfferedForm(page, questionUrl)).toEqual(expect.arrayContaining(['accept', 'decline', 'withdraw']));
    await page.goto(`${questionUrl}/act/accept`);
    await page.selectOption('#forum', 'council');
    await page.check('#logic');
    await page.fill('#responsibleGivenName', 'Karin');
    await page.fill('#responsibleFamilyName', 'Berg');
    await page.selectOption('#responsibleOrganisation', 'arvika');
    expect(await send(page)).toBe(200);
    expect(await everyOfferedForm(page, questionUrl)).toEqual(
      expect.arrayContaining(['move', 'dialogue', 'input', 'consultation', 'decision-document', 'close']),
    );
    await context.close();
  });
});
