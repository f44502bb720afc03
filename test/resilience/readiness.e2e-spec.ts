import { DataSource } from 'typeorm';
import { checkpoints } from '../../src/projections/checkpoint-store';
import { ProjectionsService } from '../../src/projections/projections.service';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Readiness (`GET /health/ready`, and `ready` in `/health`): not ready while a
 * projection is stopped on a failing event or run by nobody, and the read side
 * is down when a read-model table cannot be read — not only when `SELECT 1`
 * fails. On the real server and on the embedded database.
 */
describe('Readiness', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const ready = () => t.http().get('/health/ready');
  const waitUntilReady = async () => {
    const deadline = Date.now() + 30_000;
    while ((await ready()).status !== 200) {
      if (Date.now() > deadline) throw new Error(`not ready: ${JSON.stringify((await ready()).body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('is ready once every projection runs', async () => {
    await waitUntilReady();
    expect((await ready()).body).toEqual({ ready: true, notReady: [] });
    const health = await t.http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'up', ready: true, notReady: [] });
    for (const projection of health.body.projections)
      expect(projection).toMatchObject({ status: 'running', owner: 'this-instance', ownedByThisInstance: true });
  });

  it('is not ready while a projection is stopped on a failing event', async () => {
    await waitUntilReady();
    const manager = t.app.get(DataSource).manager;
    await checkpoints.reset(manager, 'meetings#rebuild');
    await checkpoints.markFailed(manager, 'meetings#rebuild', 'e6c1d7a2-0000-4000-8000-000000000002', 'cannot digest MeetingPlanned');
    try {
      const answer = await ready().expect(503);
      expect(answer.body).toEqual({ ready: false, notReady: ['projection meetings is stopped at event e6c1d7a2-0000-4000-8000-000000000002'] });
      expect((await t.http().get('/health').expect(200)).body).toMatchObject({ status: 'degraded', ready: false });
    } finally {
      await manager.query(`DELETE FROM projection_checkpoints WHERE name = 'meetings#rebuild'`);
    }
    await waitUntilReady();
  });

  it('is not ready while nobody runs a projection', async () => {
    await waitUntilReady();
    const runner = t.app.get(ProjectionsService).runner('assignments')!;
    await runner.stop();
    try {
      const answer = await ready().expect(503);
      expect(answer.body.notReady).toEqual(['projection assignments is run by no instance (its lock is not held)']);
      const health = await t.http().get('/health').expect(200);
      expect(health.body.projections.find((projection: { name: string }) => projection.name === 'assignments')).toMatchObject({
        status: 'stopped',
        owner: 'nobody',
        ownedByThisInstance: false,
      });
    } finally {
      runner.start();
    }
    await waitUntilReady();
  });

  it('reports the read side down, naming the table, when a read-model table cannot be read', async () => {
    await waitUntilReady();
    const table = t.app.get(ProjectionsService).runner('meetings')!.projection.tables[0];
    const dataSource = t.app.get(DataSource);
    await dataSource.query(`ALTER TABLE "${table}" RENAME TO "${table}_away"`);
    try {
      const health = await t.http().get('/health').expect(503);
      expect(health.body).toMatchObject({ status: 'down', ready: false, readModels: { status: 'down' } });
      expect(health.body.readModels.error).toContain(`read-model table ${table} cannot be read`);
      await ready().expect(503);
    } finally {
      await dataSource.query(`ALTER TABLE "${table}_away" RENAME TO "${table}"`);
    }
    await waitUntilReady();
  });
});
