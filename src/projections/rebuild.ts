import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { comparePositions } from '../event-store/event-store.port';
import { REBUILD_SUFFIX, checkpoints } from './checkpoint-store';
import { Projection } from './projection';
import { SHADOW_SUFFIX, completeShadowIndexes, createShadowTables, quoted, swapInShadowTables } from './shadow-tables';

/**
 * A projection's rebuild beside its live read model (docs/projections.md,
 * "Rebuilds beside the live model"): shadow tables and a `<name>#rebuild`
 * checkpoint at the start of the log, filled by the runner's rebuild batches,
 * and swapped in with the checkpoint in one transaction once caught up.
 */
export const rebuilds = {
  /** Shadow tables, empty, and the rebuild's checkpoint at the start of the log. */
  async begin(dataSource: DataSource, projection: Projection): Promise<void> {
    await dataSource.transaction(async (manager) => {
      await createShadowTables(manager, projection.tables);
      await checkpoints.reset(manager, projection.name + REBUILD_SUFFIX);
    });
  },

  /** Whether a rebuild left by an earlier owner can go on: its checkpoint and every shadow table are there. */
  async underWay(dataSource: DataSource, projection: Projection): Promise<boolean> {
    if (!(await checkpoints.load(dataSource.manager, projection.name + REBUILD_SUFFIX))) return false;
    const rows: Array<{ n: string }> = await dataSource.query(`SELECT count(*)::text AS n FROM pg_tables WHERE tablename = ANY($1)`, [
      projection.tables.map((table) => table + SHADOW_SUFFIX),
    ]);
    return Number(rows[0].n) === projection.tables.length;
  },

  /**
   * Swaps the shadow in if it has caught up with the live checkpoint: in one
   * transaction, its deferred indexes built, analysed (built in bulk, it has no planner statistics),
   * renamed in, its checkpoint made the live one. The events it holds, or
   * undefined if it has not caught up.
   */
  async swapInIfCaughtUp(dataSource: DataSource, projection: Projection): Promise<number | undefined> {
    return dataSource.transaction(async (manager) => {
      const live = await checkpoints.load(manager, projection.name, true);
      const shadow = await checkpoints.load(manager, projection.name + REBUILD_SUFFIX, true);
      if (!live || !shadow || comparePositions(shadow.position, live.position) < 0) return undefined;
      await completeShadowIndexes(manager, projection.tables);
      for (const table of projection.tables) await manager.query(`ANALYZE ${quoted(table + SHADOW_SUFFIX)}`);
      await swapInShadowTables(manager, projection.tables);
      await checkpoints.promoteRebuild(manager, projection.name);
      return shadow.eventsApplied;
    });
  },
};

/**
 * After a bulk of events (a backlog caught up, a rebuild swapped in) a read
 * model otherwise waits for autovacuum: without planner statistics its
 * queries choose plans for empty tables, and without a visibility map its
 * index-only scans visit the heap. VACUUM cannot run in a transaction: each
 * table on its own, outside any.
 */
export async function vacuum(dataSource: DataSource, tables: string[], command: 'VACUUM' | 'VACUUM (ANALYZE)', logger: Logger): Promise<void> {
  const started = Date.now();
  for (const table of tables) await dataSource.query(`${command} ${table}`);
  logger.log(`after a bulk of events: ${command} ${tables.join(', ')} in ${Date.now() - started} ms`);
}
