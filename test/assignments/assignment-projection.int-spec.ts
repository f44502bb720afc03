import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assignmentDecider } from '../../src/assignments/assignment.decider';
import { AssignmentCommand } from '../../src/assignments/assignment.commands';
import { assignmentsProjection } from '../../src/assignments/assignment.projection';
import { runReplayCheck } from '../../src/audit/replay-check';
import { Decider, DomainEvent } from '../../src/command-handling/decider';
import { CommandEnvelope, executeWithDecider } from '../../src/command-handling/execute-with-decider';
import { Database } from '../../src/database/database';
import { comparePositions } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { checkpoints } from '../../src/projections/checkpoint-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { FixedClock } from '../../src/shared-kernel/clock';
import { waitForLogHead } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

jest.setTimeout(60_000);

/**
 * The `assignments` projection on a real database: the live pass fills
 * rm_assignment and the outbox; a replay of the whole log into scratch tables
 * equals the live read model and leaves the outbox (a ledger of what was sent)
 * untouched, so a replay or rebuild never sends a reminder twice.
 */
describe('the assignments projection', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  const a = randomUUID();
  const b = randomUUID();
  const envelope = (): CommandEnvelope => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    actor: { userId: 'karin.berg', displayName: 'Karin Berg', role: 'working-group', organisationId: 'region-varmland' },
  });
  const run = (id: string, command: AssignmentCommand) => executeWithDecider(store, clock, assignmentDecider, id, command, envelope());
  const give = (assignmentId: string, dueDate: string): AssignmentCommand => ({
    type: 'GiveAssignment',
    data: {
      assignmentId,
      givenBy: 'working-group',
      title: `Uppdrag ${dueDate}`,
      description: '',
      purpose: 'Underlag',
      deliverable: 'other',
      questionIds: [],
      responsible: { userId: 'anna', name: 'Anna Andersson', organisationId: 'karlstad', email: 'anna@karlstad.se' },
      dueDate,
    },
  });

  async function catchUp(): Promise<void> {
    const runner = new ProjectionRunner(assignmentsProjection, store, dataSource, {
      batchSize: 2,
      idlePollMs: 10,
      retryDelayMs: 50,
      lockRetryMs: 50,
      locks: undefined,
    });
    runner.start();
    const head = await store.headPosition();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const checkpoint = await checkpoints.load(dataSource.manager, assignmentsProjection.name);
      if (head && checkpoint && comparePositions(checkpoint.position, head) >= 0) break;
      if (Date.now() > deadline) throw new Error('the assignments projection did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await runner.stop();
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrated: true });
    ({ database, dataSource } = await openMigratedDatabase(testDatabase));
    store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
    await run(a, give(a, '2026-03-31'));
    await run(b, give(b, '2026-04-30'));
    await run(a, { type: 'AcceptAssignment', data: { assignmentId: a } });
    await run(a, { type: 'DeliverAssignment', data: { assignmentId: a, document: { reference: 'AG 2026/1', title: 'Sammanställning' } } });
    await run(a, { type: 'ReturnAssignment', data: { assignmentId: a, comments: 'Komplettera' } });
    const last = await run(b, { type: 'ExtendAssignmentDueDate', data: { assignmentId: b, newDueDate: '2026-05-31', reason: 'Remissen dröjer' } });
    await waitForLogHead(store, last.position);
    await catchUp();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.close();
    await testDatabase?.drop();
  });

  it('folds each assignment into rm_assignment and puts "given" and "returned" into the outbox once', async () => {
    const rows = await dataSource.query(`SELECT assignment_id, status, due_date::text AS due, revision FROM rm_assignment ORDER BY due_date`);
    expect(rows).toEqual([
      { assignment_id: a, status: 'in-progress', due: '2026-03-31', revision: 3 },
      { assignment_id: b, status: 'given', due: '2026-05-31', revision: 1 },
    ]);
    const outbox = await dataSource.query(
      `SELECT assignment_id, kind, due_date::text AS due FROM assignment_notification ORDER BY assignment_id = $1 DESC, kind`,
      [a],
    );
    expect(outbox).toEqual([
      { assignment_id: a, kind: 'given', due: '2026-03-31' },
      { assignment_id: a, kind: 'returned', due: '2026-03-31' },
      { assignment_id: b, kind: 'given', due: '2026-04-30' },
    ]);
  });

  it('a replay of the log equals the live read model and writes nothing to the outbox', async () => {
    await dataSource.query(`UPDATE assignment_notification SET status = 'sent'`);
    const report = await runReplayCheck({
      store,
      dataSource,
      projections: [assignmentsProjection],
      deciders: [assignmentDecider] as unknown as Array<Decider<unknown, DomainEvent, unknown>>,
    });
    expect(report.identical).toBe(true);
    expect(report.projections[0].tables).toEqual([expect.objectContaining({ table: 'rm_assignment', liveRows: 2, replayedRows: 2, differingRows: 0 })]);
    expect(await dataSource.query(`SELECT status, count(*)::int AS n FROM assignment_notification GROUP BY status`)).toEqual([{ status: 'sent', n: 3 }]);
  });
});
