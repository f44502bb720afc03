import { DataSource, EntityManager } from 'typeorm';
import { GlobalPosition, RecordedEvent, comparePositions } from '../event-store/event-store.port';
import { checkpoints } from './checkpoint-store';
import { Projection, WriteContext } from './projection';

/** Thrown when the checkpoint moved under a write: another runner owns this projection now. */
export class CheckpointMoved extends Error {}

/** The checkpoint after `eventsApplied` events ending with `last`. */
function advanceTo(last: RecordedEvent, eventsApplied: number) {
  return { position: last.position, eventsApplied, lastEventId: last.id, lastRecordedAt: last.recordedAt };
}

/**
 * The ways a batch reaches its read model and checkpoint together, each
 * guarded by where the checkpoint stood when the batch was read, so a batch
 * another instance applied first is never applied twice (CheckpointMoved).
 */
export const batchWrites = {
  /** Nothing to write but the checkpoint (events the projection does not handle): one conditional statement. */
  async advanceOnly(dataSource: DataSource, checkpointName: string, after: GlobalPosition, last: RecordedEvent, count: number): Promise<void> {
    if (!(await checkpoints.advanceFrom(dataSource.manager, checkpointName, after, advanceTo(last, count)))) throw new CheckpointMoved();
  },

  /**
   * A projection whose writes all fit one statement (`writeTo`): the statement
   * is the batch's whole transaction, its writes and the checkpoint's advance,
   * or nothing if the checkpoint moved. One round trip.
   */
  async inOneStatement(
    dataSource: DataSource,
    projection: Projection,
    checkpointName: string,
    after: GlobalPosition,
    events: RecordedEvent[],
    context: WriteContext,
  ): Promise<void> {
    const statement = checkpoints.advanceFromStatement(checkpointName, after, advanceTo(events[events.length - 1], events.length));
    if (!projection.writeTo) throw new Error(`${projection.name} writes in a transaction, not in one statement`);
    projection.writeTo(statement, events, context);
    if (!(await checkpoints.writeGuarded(dataSource.manager, statement))) throw new CheckpointMoved();
  },

  /** Any projection: a transaction that locks the checkpoint row, checks it, applies, and advances it. */
  async inTransaction(
    dataSource: DataSource,
    projection: Projection,
    checkpointName: string,
    after: GlobalPosition,
    events: RecordedEvent[],
    context: WriteContext,
    beforeCommit?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await dataSource.transaction(async (manager) => {
      const current = await checkpoints.load(manager, checkpointName, true);
      if (!current || comparePositions(current.position, after) !== 0) throw new CheckpointMoved();
      await projection.apply(events, { manager, ...context });
      await beforeCommit?.(manager);
      await checkpoints.advance(manager, checkpointName, advanceTo(events[events.length - 1], events.length));
    });
  },
};
