import { READ_SQL, type ReadSql } from '../../src/database/read-sql';
import { DEMO_ACTORS, DemoTransport, loadDemoYear } from '../../src/demo/demo-year';
import { EVENT_STORE, EventStore, RecordedEvent, formatPosition } from '../../src/event-store/event-store.port';
import { ProjectionsService } from '../../src/projections/projections.service';
import { buildStructureReport } from '../../src/register/structure-report';
import { effectiveDateOf } from '../../src/shared-kernel/calendar';
import { CLOCK, type Clock } from '../../src/shared-kernel/clock';
import { demoOverHttp, demoToken } from '../support/demo-over-http';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The annual report read from its read model (the `structure-report`
 * projection) equals the report computed from the whole stored log
 * (`buildStructureReport`, the computation the report used before it had a
 * read model) for the demo year and the years around it; it reads its own
 * writes (a position taken just before the request, passed as `afterPosition`, is in it); and a rebuild of
 * the projection, after its tables were damaged, gives the same report again.
 */
jest.setTimeout(600_000);

describe('the annual report on the structure from its read model', () => {
  let t: TestApp;
  let api: DemoTransport;
  let store: EventStore;
  let year = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', OUTBOX_POLL_MS: '0' } });
    store = t.app.get(EVENT_STORE);
    api = demoOverHttp(t);
    const demo = await loadDemoYear(api);
    year = Number(demo.anchor.slice(0, 4));
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  const report = async (forYear: number, afterPosition?: string) => {
    const response = await t
      .http()
      .get(`/reports/structure/${forYear}`)
      .query(afterPosition ? { afterPosition } : {})
      .set('Authorization', `Bearer ${await demoToken(t, DEMO_ACTORS.chair)}`);
    expect(response.status).toBe(200);
    return response.body as ReturnType<typeof buildStructureReport>;
  };

  async function fromTheLog(forYear: number, generatedAt: string) {
    const events: RecordedEvent[] = [];
    for (let after: RecordedEvent['position'] | undefined; ;) {
      const page = await store.readAll({ ...(after ? { after } : {}), maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    return buildStructureReport(forYear, events, generatedAt, t.app.get<Clock>(CLOCK).timeZone);
  }

  async function expectSameAsTheLog() {
    for (const forYear of [year - 1, year, year + 1]) {
      const read = await report(forYear);
      expect(read).toEqual(await fromTheLog(forYear, read.generatedAt));
    }
  }

  it('equals the report computed from the whole log, and reads its own writes', async () => {
    const before = await report(year);
    expect(before.positions.taken).toBeGreaterThan(0);
    expect(before.decisions.some((row) => row.recorded > 0)).toBe(true);
    expect(before.forums.some((forum) => forum.meetingsHeld > 0)).toBe(true);
    await expectSameAsTheLog();

    const { chair } = DEMO_ACTORS;
    const { questionId } = await api.post(chair, 'rm-raise', '/questions', {
      title: 'Läsmodellens fråga',
      description: 'Beskrivning',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Test',
    });
    await api.post(chair, 'rm-accept', `/questions/${questionId}/accept`, {
      forum: 'council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await api.post(DEMO_ACTORS.workingGroup, 'rm-document', `/questions/${questionId}/decision-documents`, {
      reference: 'VR 2',
      title: 'Underlag',
      proposedPosition: 'Att',
    });
    const taken = (await api.post(chair, 'rm-position', `/questions/${questionId}/position`, {
      text: 'Ställningstagande',
      organisationsToDecide: ['kil'],
      decideBy: `${year}-12-31`,
    })) as { position: string };
    expect(taken.position).toBeDefined();
    // The position counts in the year of its day, as the log records it.
    const stream = await store.readStream(`question-${questionId}`);
    const today = effectiveDateOf(stream.find((event) => event.type === 'PositionTaken')!.metadata).slice(0, 4);
    const after = await report(Number(today), taken.position);
    expect(after.positions.items.some((item) => item.questionId === questionId)).toBe(true);
    await expectSameAsTheLog();
  });

  it('is the same after the projection is rebuilt over damaged tables', async () => {
    const sql = t.app.get<ReadSql>(READ_SQL);
    const expected = await report(year);
    await sql.query('DELETE FROM rm_structure_report_handled');
    await sql.query('DELETE FROM rm_structure_report_decision');
    const damaged = await report(year);
    expect(damaged.forums.every((forum) => forum.questionsHandled.total === 0)).toBe(true);

    const projections = t.app.get(ProjectionsService);
    await projections.requestRebuild(['structure-report']);
    const head = formatPosition((await store.headPosition())!);
    for (const deadline = Date.now() + 120_000; ;) {
      const status = (await projections.statuses()).find((candidate) => candidate.name === 'structure-report')!;
      if (status.rebuild === null && status.position === head) break;
      if (Date.now() > deadline) throw new Error(`structure-report not rebuilt: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await report(year)).toEqual({ ...expected, generatedAt: expect.any(String) });
    await expectSameAsTheLog();
  });
});
