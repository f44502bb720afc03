import { DataSource, EntityManager } from 'typeorm';
import { GlobalPosition, RecordedEvent, comparePositions } from '../event-store/event-store.port';
import { SqlPool } from '../database/sql-pool';
import type { Projection, WriteContext } from './projection';
import { WriteStatement } from './write-statement';

export interface Checkpoint {
  name: string;
  position: GlobalPosition;
  eventsApplied: number;
  lastEventId: string | null;
  lastRecordedAt: Date | null;
  status: 'running' | 'failed';
  failedEventId: string | null;
  lastError: string | null;
  failedAt: Date | null;
  rebuildRequestedAt: Date | null;
}

interface CheckpointRow {
  name: string;
  position_commit: string;
  position_prepare: string;
  events_applied: string;
  last_event_id: string | null;
  last_recorded_at: Date | string | null;
  status: 'running' | 'failed';
  failed_event_id: string | null;
  last_error: string | null;
  failed_at: Date | string | null;
  rebuild_requested_at: Date | string | null;
}

type Queryable = Pick<SqlPool, 'query'> | EntityManager;

async function run<Row>(db: Queryable, sql: string, params: unknown[]): Promise<Row[]> {
  if ('transaction' in db) return (await db.query(sql, params)) as Row[];
  return (await db.query<Row>(sql, params)).rows;
}

export const REBUILD_SUFFIX = '#rebuild';

/** Where a batch leaves the checkpoint. */
type Advance = { position: GlobalPosition; eventsApplied: number; lastEventId: string; lastRecordedAt: Date };

/** The checkpoint's new values ($2–$6 of advanceParams); a successful batch also clears a recorded failure. */
const ADVANCE_SET = `position_commit = $2, position_prepare = $3,
  events_applied = events_applied + $4, last_event_id = $5, last_recorded_at = $6,
  status = 'running', failed_event_id = NULL, last_error = NULL, failed_at = NULL, updated_at = now()`;

function advanceParams(name: string, to: Advance): unknown[] {
  return [name, to.position.commit.toString(), to.position.prepare.toString(), to.eventsApplied, to.lastEventId, to.lastRecordedAt];
}

/**
 * Reads and writes `projection_checkpoints`, inside the runner's transaction or
 * on the pool; `batchWrites` (below) advances it with a batch's writes in one
 * statement, and `LiveCheckpoint` (at the end) is where the live one stands as
 * its runner knows it.
 */
export const checkpoints = {
  async ensure(db: Queryable, name: string): Promise<void> {
    await run(db, `INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
  },

  async load(db: Queryable, name: string, forUpdate = false): Promise<Checkpoint | undefined> {
    const rows = await run<CheckpointRow>(
      db,
      `SELECT name, position_commit::text AS position_commit, position_prepare::text AS position_prepare,
              events_applied::text AS events_applied, last_event_id, last_recorded_at, status, failed_event_id,
              last_error, failed_at, rebuild_requested_at
       FROM projection_checkpoints WHERE name = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [name],
    );
    return rows[0] ? toCheckpoint(rows[0]) : undefined;
  },

  async loadAll(db: Queryable): Promise<Checkpoint[]> {
    const rows = await run<CheckpointRow>(
      db,
      `SELECT name, position_commit::text AS position_commit, position_prepare::text AS position_prepare,
              events_applied::text AS events_applied, last_event_id, last_recorded_at, status, failed_event_id,
              last_error, failed_at, rebuild_requested_at
       FROM projection_checkpoints ORDER BY name`,
      [],
    );
    return rows.map(toCheckpoint);
  },

  async advance(db: Queryable, name: string, to: Advance): Promise<void> {
    await run(db, `UPDATE projection_checkpoints SET ${ADVANCE_SET} WHERE name = $1`, advanceParams(name, to));
  },

  /**
   * Advances the checkpoint only if it is still at `from`, in one statement (no
   * transaction needed: a batch with nothing for the projection writes no other
   * row). False if it had moved: another runner owns the projection now.
   */
  async advanceFrom(db: Queryable, name: string, from: GlobalPosition, to: Advance): Promise<boolean> {
    return checkpoints.writeGuarded(db, checkpoints.advanceFromStatement(name, from, to));
  },

  /**
   * The conditional advance as the guard of a write statement
   * (write-statement.ts): the writes a projection adds to it happen only if
   * the checkpoint was still at `from`, and with the advance, atomically — one
   * statement is its own transaction.
   */
  advanceFromStatement(name: string, from: GlobalPosition, to: Advance): WriteStatement {
    return WriteStatement.guardedBy('checkpoint_advanced', (param) => {
      // $1–$8, in the order ADVANCE_SET and the condition number them.
      [...advanceParams(name, to), from.commit.toString(), from.prepare.toString()].forEach(param);
      return `UPDATE projection_checkpoints SET ${ADVANCE_SET}
              WHERE name = $1 AND position_commit = $7 AND position_prepare = $8
              RETURNING name`;
    });
  },

  /** Runs a statement from advanceFromStatement: true if the checkpoint advanced and the writes were made. */
  async writeGuarded(db: Queryable, statement: WriteStatement): Promise<boolean> {
    // TypeORM answers a bare UPDATE with [rows, count]; the guarded statement ends in a SELECT.
    const rows = await run<{ guarded: number }>(db, statement.sql, statement.params);
    return rows[0].guarded === 1;
  },

  async markFailed(db: Queryable, name: string, eventId: string, error: string): Promise<void> {
    await run(
      db,
      `UPDATE projection_checkpoints SET status = 'failed', failed_event_id = $2, last_error = $3,
         failed_at = coalesce(failed_at, now()), updated_at = now() WHERE name = $1`,
      [name, eventId, error.slice(0, 2000)],
    );
  },

  async requestRebuild(db: Queryable, name: string): Promise<void> {
    await run(db, `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = $1`, [name]);
  },

  /** Makes the rebuilt checkpoint the live one and forgets the rebuild's own row. */
  async promoteRebuild(db: Queryable, name: string): Promise<void> {
    await run(
      db,
      `UPDATE projection_checkpoints live SET position_commit = r.position_commit, position_prepare = r.position_prepare,
         events_applied = r.events_applied, last_event_id = r.last_event_id, last_recorded_at = r.last_recorded_at,
         status = 'running', failed_event_id = NULL, last_error = NULL, failed_at = NULL,
         rebuild_requested_at = NULL, updated_at = now()
       FROM projection_checkpoints r WHERE live.name = $1 AND r.name = $2`,
      [name, name + REBUILD_SUFFIX],
    );
    await run(db, `DELETE FROM projection_checkpoints WHERE name = $1`, [name + REBUILD_SUFFIX]);
  },

  async reset(db: Queryable, name: string): Promise<void> {
    await run(db, `DELETE FROM projection_checkpoints WHERE name = $1`, [name]);
    await run(db, `INSERT INTO projection_checkpoints (name) VALUES ($1)`, [name]);
  },
};

function toCheckpoint(row: CheckpointRow): Checkpoint {
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    name: row.name,
    position: { commit: BigInt(row.position_commit), prepare: BigInt(row.position_prepare) },
    eventsApplied: Number(row.events_applied),
    lastEventId: row.last_event_id,
    lastRecordedAt: date(row.last_recorded_at),
    status: row.status,
    failedEventId: row.failed_event_id,
    lastError: row.last_error,
    failedAt: date(row.failed_at),
    rebuildRequestedAt: date(row.rebuild_requested_at),
  };
}

/** The initial position: before every event. */
export const START: GlobalPosition = { commit: 0n, prepare: 0n };

/** Thrown when the checkpoint moved under a write: another runner owns this projection now. */
export class CheckpointMoved extends Error {}

/** The checkpoint after `eventsApplied` events ending with `last`. */
function advanceTo(last: RecordedEvent, eventsApplied: number) {
  return { position: last.position, eventsApplied, lastEventId: last.id, lastRecordedAt: last.recordedAt };
}

/** Anything that runs SQL: the data source's manager, or a transaction's. */
interface RunsSql {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * How a batch reaches its read model and checkpoint together: one statement,
 * guarded by where the checkpoint stood when the batch was read, so a batch
 * another instance applied first is never applied twice (CheckpointMoved).
 */
export const batchWrites = {
  /** Nothing to write but the checkpoint (events the projection does not handle): one conditional statement. */
  async advanceOnly(dataSource: DataSource, checkpointName: string, after: GlobalPosition, last: RecordedEvent, count: number): Promise<void> {
    if (!(await checkpoints.advanceFrom(dataSource.manager, checkpointName, after, advanceTo(last, count)))) throw new CheckpointMoved();
  },

  /**
   * The projection's writes (`writeTo`) and the checkpoint's advance in one
   * statement, which is the batch's whole transaction: both, or nothing if
   * the checkpoint moved. One round trip. `beforeCommit` (a test seam) wraps
   * the statement in a transaction and runs before it commits.
   */
  async inOneStatement(
    dataSource: DataSource,
    projection: Projection,
    checkpointName: string,
    /** Where the stored checkpoint stands, and how many events before `events` it passes over with them (none this projection handles). */
    from: { position: GlobalPosition; passed: number },
    events: RecordedEvent[],
    context: WriteContext,
    beforeCommit?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    const statement = checkpoints.advanceFromStatement(checkpointName, from.position, advanceTo(events[events.length - 1], from.passed + events.length));
    projection.writeTo(statement, events, context);
    if (!beforeCommit) {
      if (!(await checkpoints.writeGuarded(dataSource.manager, statement))) throw new CheckpointMoved();
      return;
    }
    await dataSource.transaction(async (manager) => {
      if (!(await checkpoints.writeGuarded(manager, statement))) throw new CheckpointMoved();
      await beforeCommit(manager);
    });
  },

  /** The projection's writes without a checkpoint, for a caller that keeps none (the replay check, tests): one statement, if any. */
  async unguarded(db: RunsSql, projection: Projection, events: RecordedEvent[], context: WriteContext): Promise<void> {
    const statement = new WriteStatement();
    projection.writeTo(statement, events, context);
    if (statement.hasWrites) await db.query(statement.sql, statement.params);
  },
};

/** How long the runner trusts the live position it committed itself before reading the stored checkpoint again. */
const CHECKPOINT_RECHECK_MS = 1_000;

/**
 * The longest a runner caught up at the head of the log keeps the events it
 * passed over (nothing in them for its projection) without writing its
 * checkpoint. Each command's events would otherwise cost every projection that
 * does not handle them a write of its own.
 */
const DEFER_ADVANCE_AT_MOST_MS = 250;

/**
 * Where the live checkpoint stands, as the runner that owns it knows it: what
 * it last committed or loaded (`known`, which read-your-writes waits on
 * without a round trip), when it last read the stored row, and the advance it
 * holds back over events passed at the head of the log. The stored row is
 * read at most every CHECKPOINT_RECHECK_MS (always while a rebuild is under
 * way): between reads the runner knows what it committed itself, which saves
 * a round trip per batch, and each batch's statement still checks the row, so
 * a moved checkpoint is never missed. The reads also notice rebuild requests
 * made by other processes. It is the live tables' StoredPosition (batch-writer.ts).
 */
export class LiveCheckpoint {
  /** The live checkpoint's position as last loaded or committed by this runner (never ahead of what is committed). */
  private committed: GlobalPosition | undefined;
  /** When the stored row was last read (0: read it at the next step). */
  private readAt = 0;
  /**
   * Events at the head of the log passed over (none for this projection) but
   * not yet written to the stored row: where the row stands, the last event
   * passed, how many were passed, and since when. `committed` is already past
   * them; the next write (a batch, or the advance after
   * DEFER_ADVANCE_AT_MOST_MS) moves the row from `from`, guarded by it.
   */
  private deferred: { from: GlobalPosition; last: RecordedEvent; count: number; since: number } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly name: string,
    /** While a rebuild is under way the row is read at every step and nothing is held back. */
    private readonly rebuilding: () => boolean,
  ) {}

  /** What this runner last committed or loaded; undefined before it has read the row since taking ownership. */
  get known(): GlobalPosition | undefined {
    return this.committed;
  }

  /**
   * Where the live read model stands: the position this runner knows, or the
   * stored row when it is due to be read. `stored` is the row when it was
   * read and holds news for the runner (a rebuild request, another owner's
   * progress); it is absent when the runner's own memory answered.
   */
  async read(): Promise<{ position: GlobalPosition; stored?: Checkpoint }> {
    if (this.committed && !this.rebuilding() && Date.now() - this.readAt < CHECKPOINT_RECHECK_MS) return { position: this.committed };
    const live = await checkpoints.load(this.dataSource.manager, this.name);
    if (!live) throw new Error(`checkpoint row ${this.name} is missing`);
    this.readAt = Date.now();
    // The stored row where the deferred advance starts: this runner is past it (the events between are passed over).
    if (this.deferred && comparePositions(live.position, this.deferred.from) === 0 && !live.rebuildRequestedAt)
      return { position: this.deferred.last.position };
    this.deferred = undefined;
    this.committed = live.position;
    return { position: live.position, stored: live };
  }

  /** A live batch moved the runner past `position` (committed, or passed over with its advance held back). */
  passed(position: GlobalPosition): void {
    this.committed = position;
  }

  /** Reads the stored row at the next step (a rebuild requested in this process, a swap). */
  recheck(): void {
    this.readAt = 0;
  }

  /** The next step starts from the stored row (after an error, on taking ownership): nothing held back is written. */
  restart(): void {
    this.readAt = 0;
    this.deferred = undefined;
  }

  /** Ownership lost: this runner no longer knows where the checkpoint stands. */
  forget(): void {
    this.committed = undefined;
    this.restart();
  }

  /** Milliseconds until the held-back advance is due (at most DEFER_ADVANCE_AT_MOST_MS after the first event passed); Infinity when none is. */
  deferredDueIn(): number {
    return this.deferred ? this.deferred.since + DEFER_ADVANCE_AT_MOST_MS - Date.now() : Infinity;
  }

  /** Writes the held-back advance, if any, while this runner owns the checkpoint (`owned`); otherwise forgets it. */
  async writeDeferred(owned: boolean): Promise<void> {
    const deferred = this.deferred;
    if (!deferred) return;
    if (!owned) {
      this.deferred = undefined;
      return;
    }
    await batchWrites.advanceOnly(this.dataSource, this.name, deferred.from, deferred.last, deferred.count);
    this.deferred = undefined;
  }

  from(after: GlobalPosition): { position: GlobalPosition; passed: number } {
    return this.deferred ? { position: this.deferred.from, passed: this.deferred.count } : { position: after, passed: 0 };
  }

  written(): void {
    this.deferred = undefined;
  }

  /** Caught up at the head: the advance waits for the next write, or DEFER_ADVANCE_AT_MOST_MS (the runner's memory is past the events already). */
  defer(after: GlobalPosition, last: RecordedEvent, count: number): boolean {
    if (this.rebuilding()) return false;
    const deferred = this.deferred;
    this.deferred = { from: deferred?.from ?? after, last, count: (deferred?.count ?? 0) + count, since: deferred?.since ?? Date.now() };
    return true;
  }
}
