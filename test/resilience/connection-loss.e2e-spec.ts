import { Client } from 'pg';
import { DATABASE, Database } from '../../src/database/database';
import { ProjectionsService } from '../../src/projections/projections.service';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The app outlives PostgreSQL ending its sessions (`pg_terminate_backend`,
 * 57P01): the pool's connections, the sessions holding the projections'
 * advisory locks, the projections' transactions. It keeps serving commands,
 * loses no acknowledged write, takes its locks again and catches up — without
 * a restart. Real PostgreSQL only: the embedded database has no sessions to end.
 */
describe('Connection loss (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Client;
  let chair: string;
  /** An error that escaped every handler: on a deployed server it ends the process. */
  const escaped: unknown[] = [];
  const onEscaped = (error: unknown) => escaped.push(error);
  const onServer = Boolean(process.env.DATABASE_URL);

  beforeAll(async () => {
    if (!onServer) return;
    process.on('uncaughtException', onEscaped);
    process.on('unhandledRejection', onEscaped);
    // The reads after the burst wait for projections that are retrying on new sessions: what is asserted is that no write is lost, not how soon.
    t = await startTestApp({ env: { PROJECTION_RETRY_MS: '200', RATE_LIMIT_PER_MINUTE: '100000', READ_YOUR_WRITES_TIMEOUT_MS: '15000' } });
    chair = await t.token('chair', 'region-varmland', 'anna.chair');
    admin = new Client({ connectionString: t.database.settings.databaseUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.close();
    process.off('uncaughtException', onEscaped);
    process.off('unhandledRejection', onEscaped);
  });

  const raise = (title: string) =>
    t
      .http()
      .post('/questions')
      .set('Authorization', `Bearer ${chair}`)
      .send({ title, description: 'Skapad under avbrott.', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Drift' });

  /** Ends every other session of the app's database, as `pg_terminate_backend` from an operator or a failover does. */
  const terminateEverySession = async (): Promise<number> => {
    const { rows } = await admin.query<{ ended: number }>(
      `SELECT count(*)::int AS ended FROM (
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) ended`,
    );
    return rows[0].ended;
  };

  /** The session holding each advisory lock held now (one entry per lock). */
  const lockHolders = async (): Promise<number[]> => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows.map((row) => row.pid);
  };

  const health = async () =>
    (await t.http().get('/health')).body as {
      ready: boolean;
      projections: Array<{ name: string; status: string; ownedByThisInstance: boolean }>;
      reactions: Array<{ name: string }>;
    };
  /** Every projection and every reaction (which runs on the projection runner) holds one advisory lock. */
  const lockCount = async () => t.app.get(ProjectionsService).names().length + (await health()).reactions.length;

  const waitUntil = async (condition: () => Promise<boolean>, what: string, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('survives every session of its database being ended during a command burst, and loses no acknowledged write', async () => {
    if (!onServer) return;
    await waitUntil(async () => (await lockHolders()).length > 0, 'the projections hold their locks');

    const acknowledged: Array<{ questionId: string; position: string }> = [];
    const refused: number[] = [];
    let burstOver = false;
    const worker = async (w: number) => {
      for (let i = 0; !burstOver; i++) {
        const response = await raise(`Fråga ${w}-${i}`);
        if (response.status === 201) acknowledged.push({ questionId: response.body.questionId, position: response.body.position });
        else refused.push(response.status);
      }
    };
    const burst = Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    let ended = 0;
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      ended += await terminateEverySession();
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    burstOver = true;
    await burst;

    expect(ended).toBeGreaterThan(0);
    expect(escaped).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    // A request whose session was ended is answered 503 (retry), never 500.
    expect(refused.filter((status) => status !== 503)).toEqual([]);

    // Without a restart: commands are answered again, and every projection is owned and running here.
    const after = await raise('Fråga efter avbrottet').expect(201);
    acknowledged.push({ questionId: after.body.questionId, position: after.body.position });
    await waitUntil(async () => {
      const body = await health();
      return body.ready && body.projections.every((projection) => projection.status === 'running' && projection.ownedByThisInstance);
    }, 'every projection runs again');
    // Every lock is held again, all of them on the instance's one lock session.
    const holders = await lockHolders();
    expect(holders.length).toBe(await lockCount());
    expect(new Set(holders).size).toBe(1);

    // Every acknowledged write is stored, and the read models caught up with all of them.
    const last = acknowledged.map((write) => write.position).sort((a, b) => (BigInt(a.split('.')[0]) < BigInt(b.split('.')[0]) ? -1 : 1))[
      acknowledged.length - 1
    ];
    const listed = await t.http().get(`/questions?limit=500&afterPosition=${last}`).set('Authorization', `Bearer ${chair}`).expect(200);
    const ids = new Set<string>(listed.body.items.map((item: { questionId?: string; id?: string }) => item.questionId ?? item.id));
    expect(acknowledged.length).toBeLessThanOrEqual(500);
    for (const write of acknowledged) {
      await t.http().get(`/questions/${write.questionId}`).set('Authorization', `Bearer ${chair}`).expect(200);
      expect(ids.has(write.questionId)).toBe(true);
    }
    expect(escaped).toEqual([]);
  });

  it('shows a projection whose lock session was ended as not owned here while another session holds the lock, and takes it back', async () => {
    if (!onServer) return;
    const database = t.app.get<Database>(DATABASE);
    const projections = t.app.get(ProjectionsService).names();
    const locks = await lockCount();
    await waitUntil(async () => (await lockHolders()).length === locks, 'the projections and reactions hold their locks');
    const holders = [...new Set(await lockHolders())];
    expect(holders).toHaveLength(1);

    // "Another instance" queues for every lock (a session per lock), then the app's lock session is ended: the queued sessions get them.
    const others = projections.map(() => new Client({ connectionString: t.database.settings.databaseUrl }));
    await Promise.all(others.map((other) => other.connect()));
    try {
      const taken = Promise.all(projections.map((name, i) => others[i].query(`SELECT pg_advisory_lock(hashtext($1))`, [`fragespar-projection:${name}`])));
      await waitUntil(async () => {
        const { rows } = await admin.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        return rows.length === projections.length;
      }, 'the other sessions wait for the locks');
      await admin.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [holders]);
      await taken;

      await waitUntil(async () => (await health()).projections.every((projection) => !projection.ownedByThisInstance), 'health shows the locks lost');
      const body = await health();
      for (const projection of body.projections) expect(projection).toMatchObject({ status: 'standby', owner: 'another-instance' });
      expect(escaped).toEqual([]);

      // Commands are still served meanwhile.
      const raised = await raise('Fråga medan en annan instans äger projektionerna').expect(201);

      // The other instance goes away: this one takes the projections back and applies what it missed.
      await Promise.all(others.map((other) => other.query(`SELECT pg_advisory_unlock_all()`)));
      await waitUntil(async () => {
        const now = await health();
        return now.ready && now.projections.every((projection) => projection.status === 'running' && projection.ownedByThisInstance);
      }, 'the projections are taken back');
      await t.http().get(`/questions?afterPosition=${raised.body.position}`).set('Authorization', `Bearer ${chair}`).expect(200);
      expect(database.kind).toBe('server');
    } finally {
      await Promise.all(others.map((other) => other.end()));
    }
    expect(escaped).toEqual([]);
  });
});
