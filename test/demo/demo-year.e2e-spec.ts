import { DEMO_ACTORS, DemoResult, DemoTransport, loadDemoYear } from '../../src/demo/demo-year';
import { demoOverHttp } from '../support/demo-over-http';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * `npm run demo` loads its year through the command API without a single
 * refusal, leaves a living structure behind (something overdue, decisions from
 * some organisations and not others; meetings held with their minutes
 * published, assignments, an adopted annual wheel — every view the README
 * names), and can be run again without recording anything twice.
 */
describe('the demo year', () => {
  let t: TestApp;
  let api: DemoTransport;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    api = demoOverHttp(t);
  }, 60_000);
  afterAll(() => t?.close());

  it('loads twelve questions at every stage, with things overdue, and a second run changes nothing', async () => {
    const first = await loadDemoYear(api);
    expect(Object.keys(first.questions)).toHaveLength(12);
    const chair = DEMO_ACTORS.chair;

    const log = (await api.get(chair, `/log?afterPosition=${first.lastPosition}&limit=500`)) as {
      total: number;
      items: Array<{ title: string; stage: { code: string }; overdue: boolean; openItems: Array<{ overdue: boolean }> }>;
    };
    expect(new Set(log.items.map((item) => item.stage.code))).toEqual(new Set(['raised', 'accepted', 'dialogue', 'decision-document', 'position-taken']));
    expect(
      log.items
        .filter((item) => item.overdue)
        .map((item) => item.title)
        .sort(),
    ).toEqual(['Regional kulturplan 2027–2030', 'Utvidgat strandskydd']);
    expect(log.items.flatMap((item) => item.openItems).filter((item) => item.overdue)).toHaveLength(6 + 7);

    const matrix = (await api.get(chair, '/follow-up')) as { items: Array<{ question: { title: string }; counts: Record<string, number> }> };
    expect(matrix.items.map((item) => [item.question.title, item.counts])).toEqual(
      expect.arrayContaining([
        ['Utvidgat strandskydd', { awaiting: 0, overdue: 6, decided: 11, notConcerned: 0 }],
        ['Regionalt trafikförsörjningsprogram 2026–2030', { awaiting: 11, overdue: 0, decided: 6, notConcerned: 0 }],
        // Taken at Ordföranderådet's meeting a week ago, through the meeting's position item.
        ['Civilt försvar och samhällets beredskap', { awaiting: 17, overdue: 0, decided: 0, notConcerned: 0 }],
      ]),
    );
    expect(matrix.items).toHaveLength(3);

    const all = (await api.get(chair, '/questions?limit=500')) as { total: number };
    expect(all.total).toBe(12);

    await expectEveryViewTheReadmeNames(first);

    const second = await loadDemoYear(api);
    expect(second.questions).toEqual(first.questions);
    expect(second.anchor).toBe(first.anchor);
    const again = (await api.get(chair, `/questions?limit=500&afterPosition=${second.lastPosition}`)) as { total: number };
    expect(again.total).toBe(12);
    const timeline = (await api.get(chair, `/questions/${first.questions.strandskydd}/timeline?limit=500`)) as { total: number };
    expect(timeline.total).toBe(30);
    expect(second.meetings).toEqual(first.meetings);
    expect(second.assignments).toEqual(first.assignments);
    const meetingsAgain = (await api.get(chair, `/meetings?afterPosition=${second.lastPosition}`)) as { items: unknown[] };
    expect(meetingsAgain.items).toHaveLength(3 + 5);
  }, 600_000);

  /** The meetings, their documents and feeds, the assignments and the annual wheel: none is left empty. */
  async function expectEveryViewTheReadmeNames(demo: DemoResult) {
    const { chair, secretary } = DEMO_ACTORS;
    const after = `afterPosition=${demo.lastPosition}`;
    const meetings = (await api.get(chair, `/meetings?${after}`)) as {
      items: Array<{ id: string; forum: { id: string }; agendaStatus: string; minutesStatus: string | null }>;
    };
    // Two held (minutes published), the next Värmlandsrådet (agenda published), and the five the adopted wheel scheduled.
    expect(meetings.items).toHaveLength(3 + 5);
    const held = meetings.items.filter((meeting) => meeting.minutesStatus === 'published').map((meeting) => meeting.id);
    expect(held.sort()).toEqual([demo.meetings.council, demo.meetings.chairsCouncil].sort());
    expect(meetings.items.find((meeting) => meeting.id === demo.meetings.councilNext)).toMatchObject({ agendaStatus: 'published', minutesStatus: null });

    // The council's minutes: attendance, an outcome on every item, approved by both named adjusters, a correction tied to its item.
    const minutes = (await api.get(secretary, `/meetings/${demo.meetings.council}/minutes`)) as {
      attendance: unknown[];
      items: Array<{ itemId: string; questionId: string | null; outcome: { status: string } | null }>;
      adjusters: Array<{ approved: object | null }>;
      approval: object | null;
      corrections: Array<{ itemId: string | null }>;
      notes: string | null;
    };
    expect(minutes.attendance).toHaveLength(17);
    expect(minutes.items.length).toBeGreaterThanOrEqual(3);
    expect(minutes.items.every((item) => item.outcome !== null)).toBe(true);
    expect(minutes.items.find((item) => item.questionId === demo.questions.nivaer)?.outcome?.status).toBe('continued');
    expect(minutes.adjusters.map((adjuster) => adjuster.approved !== null)).toEqual([true, true]);
    expect(minutes.approval).not.toBeNull();
    expect(minutes.notes).toContain('Karlstad CCC');
    expect(minutes.corrections).toEqual([
      expect.objectContaining({ itemId: minutes.items.find((item) => item.questionId === demo.questions.besoksnaring)!.itemId }),
    ]);

    // The approved assignment attached its decision document to its question; the chairs' council then took its position
    // through the meeting's item, and the question carries the meeting reference.
    const civilDefence = (await api.get(chair, `/questions/${demo.questions['civilt-forsvar']}`)) as {
      stage: string;
      decisionDocuments: Array<{ reference: string }>;
      position: { meetingReference: string };
    };
    expect(civilDefence.stage).toBe('position-taken');
    expect(civilDefence.decisionDocuments.map((document) => document.reference)).toEqual(['VR AG 2025/11']);
    expect(civilDefence.position.meetingReference).toMatch(/^Ordföranderådet \d{4}-\d{2}-\d{2} § 1$/);

    // The public documents and the calendar feed, without a token.
    for (const path of [
      `/public/meetings/${demo.meetings.council}/agenda`,
      `/public/meetings/${demo.meetings.council}/minutes`,
      `/public/meetings/${demo.meetings.chairsCouncil}/minutes`,
      `/public/meetings/${demo.meetings.councilNext}/agenda`,
    ]) {
      await t.http().get(path).expect(200);
    }
    const minutesPage = await t.http().get(`/public/meetings/${demo.meetings.council}/minutes?format=html`).expect(200);
    expect(minutesPage.text).toContain('§ 1');
    expect(minutesPage.text).toContain('Rättelse');
    expect(minutesPage.text).toContain('Ordförande');
    const feed = await t.http().get(`/public/forums/council/meetings.ics?${after}`).expect(200);
    expect((feed.text ?? String(feed.body)).match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(3);

    // Assignments: one given, extended, delivered and approved; one under way and due soon, in the outstanding log.
    const assignments = (await api.get(chair, `/assignments?${after}`)) as {
      items: Array<{ id?: string; assignmentId?: string; status: string }>;
      total: number;
    };
    expect(assignments.total).toBe(2);
    const civil = (await api.get(chair, `/assignments/${demo.assignments.civilDefence}`)) as {
      status: string;
      dueDateHistory: Array<{ reason: string | null }>;
    };
    expect(civil.status).toBe('approved');
    // The first due date, then the extension with its reason.
    expect(civil.dueDateHistory.map((entry) => entry.reason !== null)).toEqual([false, true]);
    const broadband = (await api.get(chair, `/assignments/${demo.assignments.broadband}`)) as { status: string; dueSoon: boolean };
    expect(broadband).toMatchObject({ status: 'in-progress', dueSoon: true });
    const log = (await api.get(chair, `/log?${after}&limit=500`)) as { items: Array<{ openItems: Array<{ source: string }> }> };
    expect(log.items.flatMap((item) => item.openItems).some((item) => item.source === 'assignment')).toBe(true);

    // Next year's annual wheel, adopted, with the meetings it scheduled.
    const wheel = (await api.get(chair, `/annual-wheel/${demo.wheelYear}`)) as { status: string; scheduled: unknown[]; themes: unknown[] };
    expect(wheel).toMatchObject({ status: 'adopted' });
    expect(wheel.scheduled).toHaveLength(5);
    expect(wheel.themes.length).toBeGreaterThan(0);
  }
});
