import { DataSource, EntityManager } from 'typeorm';
import { GlobalPosition, RecordedEvent } from '../event-store/event-store.port';
import { checkpoints } from './checkpoint-store';
import { Projection, WriteContext } from './projection';
import { WriteStatement } from './write-statement';

/** Thrown when the checkpoint moved under a write: another runner owns this projection now. */
export class CheckpointMoved extends Error {}

/** The checkpoint after `eventsApplied` events ending with `last`. */
function advanceTo(last: RecordedEvent, eventsApplied: number) {
  return { position: last.position, eventsApplied, lastEventId: last.id, lastRecordedAt: last.recordedAt };
}

/** Anything that runs SQL: the data source's manager, or a transaction's. */
interface Queryable {
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
  async unguarded(db: Queryable, projection: Projection, events: RecordedEvent[], context: WriteContext): Promise<void> {
    const statement = new WriteStatement();
    projection.writeTo(statement, events, context);
    if (statement.hasWrites) await db.query(statement.sql, statement.params);
  },
};
