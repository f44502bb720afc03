import { Logger } from '@nestjs/common';
import { describeConnectionError } from '../database/connection-loss';
import { SqlClient, SqlPool } from '../database/sql-pool';

/** The advisory lock's key text: `hashtext` of it is the lock's number. */
export function lockKey(projection: string): string {
  return `fragespar-projection:${projection}`;
}

type LockClient = SqlClient & {
  processID?: number;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
};

/** The session holding the advisory lock: the lock lives exactly as long as it. */
interface LockSession {
  client: LockClient;
  onLost: (error: Error) => void;
  released?: boolean;
}

/** Gives the lock's session back to the pool once (with an error: the pool closes it instead of reusing it). */
function releaseSession(session: LockSession, error?: Error): void {
  if (session.released) return;
  session.released = true;
  session.client.removeListener?.('error', session.onLost);
  session.client.release(error);
}

/**
 * A runner's ownership of its checkpoint across instances: a session advisory
 * lock on a session of its own from the lock pool (real server only; without
 * a pool the runner always owns it). The session is listened to for its whole
 * life: when PostgreSQL ends it, the lock is gone, and `onLost` tells the
 * runner at once.
 */
export class ProjectionLock {
  private session: LockSession | undefined;

  constructor(
    private readonly name: string,
    private readonly pool: SqlPool | undefined,
    private readonly logger: Logger,
    /** Called when a held lock is lost (its session ended, or the database shows it not held). */
    private readonly onLost: () => void,
  ) {}

  /** Whether this runner owns the checkpoint now. */
  get held(): boolean {
    return !this.pool || this.session !== undefined;
  }

  /** Whether ownership is decided by a lock at all (false: the embedded database, one process). */
  get locking(): boolean {
    return this.pool !== undefined;
  }

  /** The server process (backend pid) of the session holding the lock. */
  get sessionPid(): number | null {
    return this.session?.client.processID ?? null;
  }

  /**
   * Takes the lock if it is free. `taken` runs once it is, before the lock
   * counts as held by the caller's next step; if it fails, the lock is given
   * back. True while held.
   */
  async take(taken: () => Promise<void>): Promise<boolean> {
    if (!this.pool || this.session) return true;
    const client = (await this.pool.connect()) as LockClient;
    // Listening before the first query: the session may be ended at any moment, and an unheard 'error' ends the process.
    const session: LockSession = { client, onLost: (error) => this.lost(session, error) };
    client.on?.('error', session.onLost);
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockKey(this.name)]);
      if (!rows[0].locked) {
        releaseSession(session);
        return false;
      }
      this.session = session;
      await taken();
      this.logger.log('took ownership');
      return true;
    } catch (error) {
      if (this.session === session) this.session = undefined;
      releaseSession(session, error as Error);
      throw error;
    }
  }

  /**
   * The lock's session ended (PostgreSQL ended it, or /health found the lock
   * not held): the lock went with it, so the runner no longer owns the
   * projection. Another instance may take it at once; until this runner takes
   * it again it stands by — the checkpoint guard keeps a batch already under
   * way from being applied twice.
   */
  private lost(session: LockSession, error: Error): void {
    // Lost before it was taken, take()'s failing query gives it back.
    if (this.session !== session) return;
    this.session = undefined;
    releaseSession(session, error);
    this.logger.warn(`lost its lock (${describeConnectionError(error)}); standing by until it holds it again`);
    this.onLost();
  }

  /** The database shows no lock held by this session (health's check): give up the session and stand by. */
  notHeld(): void {
    if (this.session) this.lost(this.session, new Error('PostgreSQL shows the lock not held by its session'));
  }

  async release(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    try {
      await session.client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey(this.name)]);
      releaseSession(session);
    } catch (error) {
      releaseSession(session, error as Error);
    }
  }

  /** Drops the session as if the process had died (tests of take-over). */
  abandon(): void {
    if (!this.session) return;
    releaseSession(this.session, new Error('simulated crash'));
    this.session = undefined;
  }
}
