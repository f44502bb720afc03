import { Logger } from '@nestjs/common';
import { AdvisoryLockSession } from '../database/advisory-lock-session';
import { describeConnectionError } from '../database/connection-loss';

/** The advisory lock's key text: `hashtext` of it is the lock's number. */
export function lockKey(projection: string): string {
  return `fragespar-projection:${projection}`;
}

/**
 * A runner's ownership of its checkpoint across instances: a session advisory
 * lock held on the instance's one lock session (real server only; without
 * one the runner always owns it). When that session ends the lock is gone,
 * and `onLost` tells the runner at once.
 */
export class ProjectionLock {
  private holding = false;

  constructor(
    private readonly name: string,
    private readonly locks: AdvisoryLockSession | undefined,
    private readonly logger: Logger,
    /** Called when a held lock is lost (its session ended, or the database shows it not held). */
    private readonly onLost: () => void,
  ) {}

  /** Whether this runner owns the checkpoint now. */
  get held(): boolean {
    return !this.locks || this.holding;
  }

  /** Whether ownership is decided by a lock at all (false: the embedded database, one process). */
  get locking(): boolean {
    return this.locks !== undefined;
  }

  /** The server process (backend pid) of the session holding the lock, when this runner holds it. */
  get sessionPid(): number | null {
    return this.holding ? (this.locks?.pid ?? null) : null;
  }

  /**
   * Takes the lock if it is free. `taken` runs once it is, before the lock
   * counts as held by the caller's next step; if it fails, the lock is given
   * back. True while held.
   */
  async take(taken: () => Promise<void>): Promise<boolean> {
    if (!this.locks || this.holding) return true;
    const key = lockKey(this.name);
    if (!(await this.locks.tryLock(key, (error) => this.lost(error)))) return false;
    // Lost between the answer and here, the session told nobody yet: not held.
    if (!this.locks.holds(key)) return false;
    this.holding = true;
    try {
      await taken();
    } catch (error) {
      this.holding = false;
      await this.locks.unlock(key);
      throw error;
    }
    // The session may have gone while `taken` ran; the runner was told, and takes the lock again.
    if (!this.holding) return false;
    this.logger.log('took ownership');
    return true;
  }

  /**
   * The lock's session ended (PostgreSQL ended it, or it stopped answering):
   * the lock went with it, so the runner no longer owns the projection.
   * Another instance may take it at once; until this runner takes it again it
   * stands by — the checkpoint guard keeps a batch already under way from
   * being applied twice.
   */
  private lost(error: Error): void {
    if (!this.holding) return;
    this.holding = false;
    this.logger.warn(`lost its lock (${describeConnectionError(error)}); standing by until it holds it again`);
    this.onLost();
  }

  /** The database shows no lock held by this session (health's check): give it up and stand by. */
  notHeld(): void {
    if (!this.holding || !this.locks) return;
    this.locks.forget(lockKey(this.name));
    this.lost(new Error('PostgreSQL shows the lock not held by its session'));
  }

  async release(): Promise<void> {
    if (!this.holding || !this.locks) return;
    this.holding = false;
    await this.locks.unlock(lockKey(this.name));
  }

  /** Ends the instance's lock session as if the process had died (tests of take-over). */
  async abandon(): Promise<void> {
    if (!this.holding || !this.locks) return;
    this.holding = false;
    await this.locks.crashForTest();
  }
}
