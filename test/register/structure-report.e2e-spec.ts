import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { DEMO_ACTORS, DemoResult, DemoTransport, loadDemoYear } from '../../src/demo/demo-year';
import { Actor, EVENT_STORE, EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { calendarDateOf, effectiveDateOf } from '../../src/shared-kernel/calendar';
import { demoOverHttp, demoToken } from '../support/demo-over-http';
import { TestApp, startTestApp } from '../support/test-app';
import { axeViolations, describeInBrowser, launchChromium } from '../web/browser-support';

/**
 * The annual report on the structure on the demo year: its counts equal those
 * this test computes from the stored events by its own reading of them —
 * meetings held per forum, questions per forum and logic, positions taken,
 * decisions per organisation and days late, the register's changes in the
 * year — not figures written into the test. The printable page passes axe-core
 * in Chromium, escapes what users wrote, and is in English when asked.
 */
jest.setTimeout(600_000);

const PAYLOAD = '<img src=x onerror="window.__pwned=1"> Rapportens fråga';

describeInBrowser('the annual report on the structure (GET /reports/structure/:year)', () => {
  let t: TestApp;
  let api: DemoTransport;
  let demo: DemoResult;
  let store: EventStore;
  let base = '';
  let browser: Browser;
  let year = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', OUTBOX_POLL_MS: '0' } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    store = t.app.get(EVENT_STORE);
    api = demoOverHttp(t);
    demo = await loadDemoYear(api);
    year = Number(demo.anchor.slice(0, 4));
    const { administrator, chair } = DEMO_ACTORS;
    // A structural change in the year, and a question whose title a user wrote with markup in it.
    await api.post(administrator, 'report-discontinue', '/register/forums/culture-education-forum/discontinue', {
      discontinuedOn: `${year}-01-15`,
      reason: 'Uppgår i Värmlandsrådets dialog',
    });
    const { questionId } = await api.post(chair, 'report-payload', '/questions', {
      title: PAYLOAD,
      description: 'Beskrivning',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Test',
    });
    await api.post(chair, 'report-accept', `/questions/${questionId}/accept`, {
      forum: 'council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await api.post(DEMO_ACTORS.workingGroup, 'report-document', `/questions/${questionId}/decision-documents`, {
      reference: 'VR 1',
      title: 'Underlag',
      proposedPosition: 'Att',
    });
    await api.post(chair, 'report-position', `/questions/${questionId}/position`, {
      text: 'Ställningstagande',
      organisationsToDecide: ['kil'],
      decideBy: `${year}-12-31`,
    });
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const report = async (forYear: number | string, actor: Actor = DEMO_ACTORS.chair) =>
    t
      .http()
      .get(`/reports/structure/${forYear}`)
      .set('Authorization', `Bearer ${await demoToken(t, actor)}`);

  /** The log, read whole, and this test's own reading of it. */
  async function expectedFromEvents() {
    const events: RecordedEvent[] = [];
    for (let after: RecordedEvent['position'] | undefined; ;) {
      const page = await store.readAll({ ...(after ? { after } : {}), maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    const inYear = (day: string) => Number(day.slice(0, 4)) === year;
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);

    const meetingsHeld: Record<string, number> = {};
    const handled: Record<string, Set<string>> = {};
    let positions = 0;
    const decisions: Record<string, { recorded: number; late: number; daysLateTotal: number }> = {};
    for (const [streamId, stream] of streams) {
      if (streamId.startsWith('meeting-')) {
        const scheduled = stream.filter((e) => e.type === 'MeetingScheduled' || e.type === 'MeetingRescheduled').pop();
        const forum = (stream[0].data as { forum: string }).forum;
        const startsOn = calendarDateOf((scheduled!.data as { startsAt: string }).startsAt);
        const held = stream.some((e) => e.type === 'AttendanceRecorded') && !stream.some((e) => e.type === 'MeetingCancelled');
        if (held && inYear(startsOn)) meetingsHeld[forum] = (meetingsHeld[forum] ?? 0) + 1;
      }
      if (streamId.startsWith('question-')) {
        let forum: string | undefined;
        let logic: string | undefined;
        let decideBy = '';
        for (const e of stream) {
          const data = e.data as Record<string, string & string[]>;
          if (e.type === 'QuestionAccepted') [forum, logic] = [data.forum, data.logic];
          if (e.type === 'QuestionMovedToForum') forum = data.toForum;
          const where = e.type === 'DialogueRecorded' || e.type === 'QuestionTabled' ? data.forum : forum;
          const own = [
            'QuestionRaised',
            'QuestionDeclined',
            'MemberDecisionRecorded',
            'MemberDecisionCorrected',
            'FeedbackReportedAtHome',
            'ConsultationAnswered',
          ];
          if (where && logic && !own.includes(e.type) && inYear(effectiveDateOf(e.metadata))) {
            (handled[`${where}/${logic}`] ??= new Set()).add(streamId);
          }
          if (e.type === 'PositionTaken') {
            decideBy = data.decideBy;
            if (inYear(effectiveDateOf(e.metadata))) positions += 1;
          }
          if (e.type === 'MemberDecisionRecorded' && inYear(data.decidedOn)) {
            const tally = (decisions[data.organisationId] ??= { recorded: 0, late: 0, daysLateTotal: 0 });
            const late = Math.round((Date.parse(data.decidedOn) - Date.parse(decideBy)) / 86_400_000);
            tally.recorded += 1;
            if (late > 0) [tally.late, tally.daysLateTotal] = [tally.late + 1, tally.daysLateTotal + late];
          }
        }
      }
    }
    const dateOf = (data: Record<string, string>) =>
      data.joinedOn ?? data.leftOn ?? data.establishedOn ?? data.renamedOn ?? data.changedOn ?? data.mergedOn ?? data.discontinuedOn ?? data.from ?? data.to;
    const changes = (streams.get('register-structure') ?? []).filter((e) =>
      inYear(dateOf(e.data as Record<string, string>) ?? effectiveDateOf(e.metadata)),
    ).length;
    return { meetingsHeld, handled, positions, decisions, changes };
  }

  it('counts what the stored events of the year hold', async () => {
    const response = await report(year);
    expect(response.status).toBe(200);
    const body = response.body as {
      year: number;
      forums: Array<{ id: string; nameSv: string; meetingsHeld: number; questionsHandled: { process: number; decision: number; total: number } }>;
      positions: { taken: number; items: Array<{ title: string }> };
      decisions: Array<{ organisationId: string; recorded: number; late: number; onTime: number; daysLateTotal: number }>;
      structuralChanges: Array<{ type: string; subject: string; detail: string }>;
    };
    const expected = await expectedFromEvents();
    expect(body.year).toBe(year);
    for (const forum of body.forums) {
      expect({ forum: forum.id, held: forum.meetingsHeld }).toEqual({ forum: forum.id, held: expected.meetingsHeld[forum.id] ?? 0 });
      expect({ forum: forum.id, ...forum.questionsHandled }).toEqual({
        forum: forum.id,
        process: expected.handled[`${forum.id}/process`]?.size ?? 0,
        decision: expected.handled[`${forum.id}/decision`]?.size ?? 0,
        total: (expected.handled[`${forum.id}/process`]?.size ?? 0) + (expected.handled[`${forum.id}/decision`]?.size ?? 0),
      });
    }
    expect(Object.keys(expected.meetingsHeld).every((forum) => body.forums.some((f) => f.id === forum))).toBe(true);
    expect(body.positions.taken).toBe(expected.positions);
    expect(body.positions.items.map((item) => item.title)).toContain(PAYLOAD);
    for (const row of body.decisions) {
      const tally = expected.decisions[row.organisationId] ?? { recorded: 0, late: 0, daysLateTotal: 0 };
      expect({ id: row.organisationId, recorded: row.recorded, late: row.late, days: row.daysLateTotal }).toEqual({
        id: row.organisationId,
        recorded: tally.recorded,
        late: tally.late,
        days: tally.daysLateTotal,
      });
      expect(row.onTime + row.late).toBe(row.recorded);
    }
    expect(body.decisions).toHaveLength(17);
    expect(body.structuralChanges).toHaveLength(expected.changes);
    expect(body.structuralChanges).toContainEqual(
      expect.objectContaining({ type: 'ForumDiscontinued', subject: 'Kultur- och bildningsforum', detail: 'avvecklat' }),
    );
    // The demo year holds something of each kind, so the comparisons above compare something.
    expect(expected.positions).toBeGreaterThan(0);
    expect(Object.values(expected.meetingsHeld).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Object.values(expected.decisions).reduce((sum, tally) => sum + tally.recorded, 0)).toBeGreaterThan(0);
  });

  it('refuses a year that is not one with 400 naming the field; every role may read it, no one without a token', async () => {
    const bad = await report('20x5');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
    expect((await report(year, { userId: 'kim', displayName: 'Kim', role: 'member', organisationId: 'kil' })).status).toBe(200);
    expect((await t.http().get(`/reports/structure/${year}`)).status).toBe(401);
  });

  it('the printable page passes axe-core (WCAG 2.1 AA), escapes what users wrote, and is in English when asked', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${base}/web/sign-in`);
    await page.fill('#name', 'Eva Lindgren');
    await page.selectOption('#role', 'chair');
    await page.selectOption('#organisation', 'region-varmland');
    await Promise.all([page.waitForURL(`${base}/web`), page.click('button[type=submit]')]);
    const response = await page.goto(`${base}/web/reports/structure/${year}`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.textContent('h1')).toContain('Årsrapport om samverkansstrukturen');
    expect(await page.textContent('main')).toContain(PAYLOAD);
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await page.goto(`${base}/web/reports/structure/${year}?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toContain('Annual report on the collaboration structure');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });

    // The menu leads there: "Strukturrapport" (Structure report) opens this year's report, marked as the current page, still without violations.
    await page.goto(`${base}/web?lang=sv`);
    expect(await page.getAttribute('nav.site-nav a:text-is("Strukturrapport")', 'href')).toBe('/web/reports/structure');
    await page.click('nav.site-nav a:text-is("Strukturrapport")');
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toMatch(/^\/web\/reports\/structure\/\d{4}$/);
    expect(await page.getAttribute('nav.site-nav a[aria-current="page"]', 'href')).toBe('/web/reports/structure');
    expect(await page.textContent('h1')).toContain('Årsrapport om samverkansstrukturen');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await page.goto(`${base}/web?lang=en`);
    await page.click('nav.site-nav a:text-is("Structure report")');
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toMatch(/^\/web\/reports\/structure\/\d{4}$/);
    expect(await page.textContent('h1')).toContain('Annual report on the collaboration structure');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await context.close();
  });
});
