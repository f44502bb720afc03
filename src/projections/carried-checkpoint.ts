import type { QueryRunner } from 'typeorm';
import { REBUILD_SUFFIX } from './checkpoint-store';
import { SHADOW_SUFFIX, quoted } from './shadow-tables';

/**
 * For a migration that hands tables an existing projection keeps to a new
 * projection: the new one starts where the old one stands (a copy of its
 * checkpoint row), so an upgraded database does not rebuild the tables from
 * the start of the log. The tables hold exactly what the old projection
 * wrote up to that position, which is what the new one would have written.
 * If the old projection was rebuilding, its shadow copies of these tables
 * are dropped and the new projection rebuilds them itself, from the start.
 */
export async function carryCheckpoint(queryRunner: QueryRunner, from: string, to: string, tables: readonly string[]): Promise<void> {
  await queryRunner.query(
    `INSERT INTO projection_checkpoints (name, position_commit, position_prepare, events_applied, last_event_id, last_recorded_at,
       status, failed_event_id, last_error, failed_at, rebuild_requested_at, updated_at)
     SELECT $2::text, position_commit, position_prepare, events_applied, last_event_id, last_recorded_at,
       status, failed_event_id, last_error, failed_at,
       CASE WHEN EXISTS (SELECT 1 FROM projection_checkpoints WHERE name = $1::text || '${REBUILD_SUFFIX}') THEN now() ELSE rebuild_requested_at END, now()
     FROM projection_checkpoints WHERE name = $1::text
     ON CONFLICT (name) DO NOTHING`,
    [from, to],
  );
  for (const table of tables) await queryRunner.query(`DROP TABLE IF EXISTS ${quoted(table + SHADOW_SUFFIX)}`);
}

/**
 * The way back: the tables return to the old projection. If the new one had
 * moved past (or stayed behind) where the old one stands, the tables no
 * longer match the old checkpoint, and the old projection is asked to rebuild.
 */
export async function returnCheckpoint(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  await queryRunner.query(
    `UPDATE projection_checkpoints old SET rebuild_requested_at = now(), updated_at = now()
     FROM projection_checkpoints carried
     WHERE old.name = $1 AND carried.name = $2
       AND (carried.position_commit, carried.position_prepare) IS DISTINCT FROM (old.position_commit, old.position_prepare)`,
    [from, to],
  );
  await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name IN ($1::text, $1::text || '${REBUILD_SUFFIX}')`, [to]);
}
