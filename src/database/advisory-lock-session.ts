import { Logger } from '@nestjs/common';
import { Backoff, describeConnectionError } from './connection-loss';

/** The slice of `pg.Client` the lock session uses. */
export interface LockSessionClient {
  processID?: number;
  query<Row>(config: { text: string; values?: unknown[]; query_timeout?: number }): Promise<{ rows: Row[] }>;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  end(): Promise<void>;
}

export interface AdvisoryLockSessionOptions {
  /** How often the session is asked whether it is still there (a server that vanished without a word). */
  checkEveryMs?: number;
  /** How long that question may go unanswered before the session counts as lost. */
  checkTimeoutMs?: number;
  /** Waits between attempts to open a new session while the server cannot be reached: growing from the first to the second. */
  reconnectMs?: [number, number];
}

/** Called once when the lock is gone with its session. */
type OnLost = (error: Error) => void;

interface Session {
  client: LockSessionClient;
  pid: number | null;
  /** The locks this session holds, each with whom to tell when it goes. */
  held: Map<string, OnLost>;
  lost: boolean;
}

/**
 * One PostgreSQL session per instance that holds every session-level advisory
 * lock the instance owns (each projection's and reaction's checkpoint), so
 * that an instance needs one session for its locks however many runners it
 * has (docs/operations.md, "Connections").
 *
 * Its statements run one at a time, in the order asked (one session answers
 * one statement at a time anyway), and only `pg_try_advisory_lock`, which
 * never waits, so no runner waits behind another's lock.
 *
 * The session is watched for its whole life: its 'error' and 'end' events,
 * and a `SELECT 1` every `checkEveryMs` that must answer within
 * `checkTimeoutMs`. When it goes, every lock went with it: each holder is told
 * (its runner stands by), and the next `tryLock` opens a new session — after
 * waits that grow while the server cannot be reached, each attempt logged.
 * Nothing here ends the process.
 */
export class AdvisoryLockSession {
  private readonly logger = new Logger('Locks');
  private session: Session | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reconnect: Backoff;
  private nextAttemptAt = 0;
  private readonly checkTimeoutMs: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly connect: () => Promise<LockSessionClient>,
    options: AdvisoryLockSessionOptions = {},
  ) {
    const [first, most] = options.reconnectMs ?? [100, 5_000];
    this.reconnect = new Backoff(first, most);
    this.checkTimeoutMs = options.checkTimeoutMs ?? 5_000;
    const every = options.checkEveryMs ?? 5_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.check(), every);
      this.timer.unref();
    }
  }

  /** The server process (backend pid) of the session, while there is one. */
  get pid(): number | null {
    return this.session && !this.session.lost ? this.session.pid : null;
  }

  /** Whether this session holds the lock `key` now (as far as it knows). */
  holds(key: string): boolean {
    return this.session?.held.has(key) ?? false;
  }

  /**
   * Takes the lock `key` if it is free: true when this session now holds it,
   * and `onLost` will be called if the session goes while it does. False
   * when another session holds it, when this one holds it already for
   * someone else, or when no session can be had right now (then tried again
   * at the next call, after a wait that grows).
   */
  tryLock(key: string, onLost: OnLost): Promise<boolean> {
    return this.serially(async () => {
      const session = await this.open();
      if (!session || session.held.has(key)) return false;
      try {
        const { rows } = await session.client.query<{ locked: boolean }>({
          text: 'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
          values: [key],
        });
        if (!rows[0].locked || session.lost) return false;
        session.held.set(key, onLost);
        return true;
      } catch (error) {
        // The statement cannot fail but with its session.
        this.lose(session, error as Error);
        return false;
      }
    });
  }

  /** Gives the lock back (nothing to do when its session is gone: the lock went with it). */
  unlock(key: string): Promise<void> {
    const session = this.session;
    if (!session?.held.delete(key)) return Promise.resolve();
    return this.serially(async () => {
      if (session.lost) return;
      try {
        await session.client.query({ text: 'SELECT pg_advisory_unlock(hashtext($1))', values: [key] });
      } catch (error) {
        this.lose(session, error as Error);
      }
    });
  }

  /**
   * The database shows the lock not held by this session: forget it, and make
   * sure it is not (a lock taken twice on one session needs two unlocks).
   */
  forget(key: string): void {
    void this.unlock(key);
  }

  /** Asks the session whether it is still there; a session that does not answer in time counts as lost. */
  async check(): Promise<void> {
    const session = this.session;
    if (!session || session.lost) return;
    await this.serially(async () => {
      if (session.lost) return;
      try {
        await session.client.query({ text: 'SELECT 1', query_timeout: this.checkTimeoutMs });
      } catch (error) {
        this.lose(session, error as Error);
      }
    });
  }

  /** Ends the session, which gives back every lock it holds. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.serially(() => this.endSession());
  }

  /** Ends the session without a word to the holders, as a process that died would (tests of take-over). */
  async crashForTest(): Promise<void> {
    await this.endSession();
  }

  /** Forgets the session and its locks, then ends it (the server gives the locks back). */
  private async endSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    session.lost = true;
    session.held.clear();
    await session.client.end().catch(() => undefined);
  }

  /** The session, opened if there is none and the wait after the last failed attempt is over. */
  private async open(): Promise<Session | undefined> {
    if (this.session && !this.session.lost) return this.session;
    if (this.closed || Date.now() < this.nextAttemptAt) return undefined;
    let client: LockSessionClient | undefined;
    try {
      client = await this.connect();
      const session: Session = { client, pid: client.processID ?? null, held: new Map(), lost: false };
      // An 'error' nobody hears ends the process; the listener is there from the session's first moment.
      client.on('error', (error) => this.lose(session, error ?? new Error('the lock session failed')));
      client.on('end', () => this.lose(session, new Error('Connection ended')));
      if (session.pid === null) {
        const { rows } = await client.query<{ pid: number }>({ text: 'SELECT pg_backend_pid() AS pid' });
        session.pid = rows[0].pid;
      }
      if (this.session) this.logger.log(`opened a new lock session (pid ${session.pid})`);
      this.session = session;
      this.reconnect.reset();
      return session;
    } catch (error) {
      await client?.end().catch(() => undefined);
      const delay = this.reconnect.next();
      this.nextAttemptAt = Date.now() + delay;
      this.logger.warn(`cannot open the lock session (${describeConnectionError(error)}); trying again in ${delay} ms`);
      return undefined;
    }
  }

  /** The session is gone, and every lock with it: tell each holder once. */
  private lose(session: Session, error: Error): void {
    if (session.lost) return;
    session.lost = true;
    const held = [...session.held.values()];
    session.held.clear();
    if (!this.closed) {
      this.logger.warn(
        `the lock session (pid ${session.pid}) was lost (${describeConnectionError(error)}); ${held.length} locks went with it and are taken again on a new session`,
      );
    }
    void session.client.end().catch(() => undefined);
    for (const onLost of held) onLost(error);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
