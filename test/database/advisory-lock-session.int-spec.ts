import * as net from 'node:net';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { AdvisoryLockSession } from '../../src/database/advisory-lock-session';
import { loadConfig } from '../../src/config/app-config';
import { TestDatabase, createTestDatabase } from '../support/test-database';

// Advisory locks are a server's: the embedded database is opened by one process and takes none.
const onServer = Boolean(loadConfig().databaseUrl);

const waitUntil = async (condition: () => Promise<boolean> | boolean, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * The one session per instance that holds every advisory lock the instance
 * owns, on a real PostgreSQL server: the locks live on it, go with it when it
 * is ended or stops answering (each holder told once), and are taken again on
 * a new session — never an exception to the caller while the server is away.
 */
(onServer ? describe : describe.skip)('the lock session', () => {
  let database: TestDatabase;
  let admin: Client;
  const sessions: AdvisoryLockSession[] = [];
  const connectTo = (url: string) => async () => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const lockSession = (connect = connectTo(database.settings.databaseUrl!), options = {}) => {
    const session = new AdvisoryLockSession(connect, { checkEveryMs: 0, ...options });
    sessions.push(session);
    return session;
  };
  /** Which session holds each key, as PostgreSQL shows it. */
  const holders = async (keys: string[]): Promise<Array<number | null>> => {
    const { rows } = await admin.query<{ key: string; pid: number | null }>(
      `SELECT k.key, l.pid FROM unnest($1::text[]) AS k(key)
         LEFT JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = ((hashtext(k.key)::bigint >> 32) & 4294967295)
          AND l.objid::bigint = (hashtext(k.key)::bigint & 4294967295)`,
      [keys],
    );
    return keys.map((key) => rows.find((row) => row.key === key)?.pid ?? null);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Client({ connectionString: database.settings.databaseUrl });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  it('holds every lock on one session; a lock held elsewhere, or already held here, is not taken again', async () => {
    const mine = lockSession();
    const other = lockSession();
    const keys = Array.from({ length: 15 }, (_, i) => `test-lock-${i}`);
    expect(await Promise.all(keys.map((key) => mine.tryLock(key, () => undefined)))).toEqual(keys.map(() => true));
    expect(new Set(await holders(keys))).toEqual(new Set([mine.pid]));

    expect(await mine.tryLock(keys[0], () => undefined)).toBe(false);
    expect(await other.tryLock(keys[0], () => undefined)).toBe(false);
    await mine.unlock(keys[0]);
    expect(await other.tryLock(keys[0], () => undefined)).toBe(true);
    expect((await holders([keys[0]]))[0]).toBe(other.pid);
    expect(other.pid).not.toBe(mine.pid);
  });

  it('when its session is ended, every holder is told once and the locks are taken again on a new session', async () => {
    const mine = lockSession();
    const keys = ['test-a', 'test-b', 'test-c'];
    const told: string[] = [];
    for (const key of keys) expect(await mine.tryLock(key, () => told.push(key))).toBe(true);
    const before = mine.pid;

    await admin.query('SELECT pg_terminate_backend($1)', [before]);
    await waitUntil(() => told.length === keys.length, 'every holder is told');
    expect(told.sort()).toEqual(keys);
    expect(keys.map((key) => mine.holds(key))).toEqual([false, false, false]);

    for (const key of keys) expect(await mine.tryLock(key, () => told.push(key))).toBe(true);
    expect(mine.pid).not.toBe(before);
    expect(await holders(keys)).toEqual(keys.map(() => mine.pid));
    expect(told).toHaveLength(keys.length);
  });

  it('while the server cannot be reached, tryLock answers false (no exception) after waits that grow, and takes the lock once it can', async () => {
    let refusals = 3;
    const attempts: number[] = [];
    const connect = connectTo(database.settings.databaseUrl!);
    const mine = lockSession(
      async () => {
        attempts.push(Date.now());
        if (refusals-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return connect();
      },
      { reconnectMs: [50, 1_000] },
    );
    let taken = false;
    while (!taken) {
      taken = await mine.tryLock('test-reconnect', () => undefined);
      if (!taken) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(attempts).toHaveLength(4);
    const waits = attempts.slice(1).map((at, i) => at - attempts[i]);
    // 50, 100, 200 ms: one attempt per wait, however often it was asked.
    expect(waits[0]).toBeGreaterThanOrEqual(45);
    expect(waits[1]).toBeGreaterThanOrEqual(95);
    expect(waits[2]).toBeGreaterThanOrEqual(195);
    expect((await holders(['test-reconnect']))[0]).toBe(mine.pid);
  });

  it('a session that stops answering without a word counts as lost at the next check, and its holders stand down', async () => {
    // A proxy between the lock session and the server that can go silent, as a cut network does.
    const target = new URL(database.settings.databaseUrl!);
    let silent = false;
    const sockets: net.Socket[] = [];
    const proxy = net.createServer((incoming) => {
      const outgoing = net.connect(Number(target.port || 5432), target.hostname);
      sockets.push(incoming, outgoing);
      incoming.on('data', (chunk) => silent || outgoing.write(chunk));
      outgoing.on('data', (chunk) => silent || incoming.write(chunk));
      incoming.on('error', () => outgoing.destroy());
      outgoing.on('error', () => incoming.destroy());
      incoming.on('close', () => outgoing.destroy());
      outgoing.on('close', () => incoming.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const viaProxy = new URL(target.toString());
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String((proxy.address() as AddressInfo).port);
      const mine = lockSession(connectTo(viaProxy.toString()), { checkEveryMs: 200, checkTimeoutMs: 300 });
      let told = 0;
      expect(await mine.tryLock('test-silent', () => told++)).toBe(true);
      // Checked and answered while the line is open.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(told).toBe(0);

      silent = true;
      const started = Date.now();
      await waitUntil(() => told === 1, 'the silent session counts as lost', 5_000);
      // At most a check's interval and its timeout, with room for a loaded machine.
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(mine.holds('test-silent')).toBe(false);
      expect(mine.pid).toBeNull();
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
