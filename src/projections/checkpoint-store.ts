import { DataSource, EntityManager } from 'typeorm';
import { GlobalPosition, RecordedEvent } from '../event-store/event-store.port';
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
 * on the pool; `batchWrites` (below) advances it with a batch's writes in one statement.
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
