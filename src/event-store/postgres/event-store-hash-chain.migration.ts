import { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH, contentHashOf, linkHash } from '../event-chain';

const BACKFILL_BATCH = 500;

interface StoredRow {
  seq: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: never;
}

/**
 * Adds the per-stream hash chain (`previous_hash`, `hash`; see event-chain.ts
 * and docs/audit.md) to the event store.
 *
 * Events stored before this migration get their links computed here, stream by
 * stream in revision order, with the same formula the append statement uses
 * from now on. That is the one time rows of this table are updated, so the
 * append-only trigger is switched off for it inside the migration's
 * transaction: the chain vouches for history from this migration on, not for
 * what happened to the rows before it.
 */
export class EventStoreHashChain1764000000700 implements MigrationInterface {
  name = 'EventStoreHashChain1764000000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE event_store_events ADD COLUMN previous_hash bytea, ADD COLUMN hash bytea`);
    await queryRunner.query(`ALTER TABLE event_store_events DISABLE TRIGGER event_store_events_append_only`);

    let last = { streamId: '', hash: GENESIS_HASH };
    let after = { streamId: '', revision: -1 };
    for (;;) {
      const rows: StoredRow[] = await queryRunner.query(
        `SELECT seq, event_id, stream_id, revision, type, schema_version, data, metadata FROM event_store_events
         WHERE (stream_id, revision) > ($1, $2) ORDER BY stream_id, revision LIMIT ${BACKFILL_BATCH}`,
        [after.streamId, after.revision],
      );
      if (rows.length === 0) break;
      const links = rows.map((row) => {
        const previousHash = row.stream_id === last.streamId ? last.hash : GENESIS_HASH;
        const contentHash = contentHashOf({ id: row.event_id, type: row.type, schemaVersion: row.schema_version, data: row.data, metadata: row.metadata });
        const hash = linkHash(row.stream_id, row.revision, previousHash, contentHash);
        last = { streamId: row.stream_id, hash };
        return { seq: row.seq, previous_hash: previousHash, hash };
      });
      await queryRunner.query(
        `UPDATE event_store_events e SET previous_hash = decode(l.previous_hash, 'hex'), hash = decode(l.hash, 'hex')
         FROM jsonb_to_recordset($1::jsonb) AS l(seq bigint, previous_hash text, hash text) WHERE e.seq = l.seq`,
        [JSON.stringify(links)],
      );
      const lastRow = rows[rows.length - 1];
      after = { streamId: lastRow.stream_id, revision: lastRow.revision };
    }

    await queryRunner.query(`ALTER TABLE event_store_events ENABLE TRIGGER event_store_events_append_only`);
    await queryRunner.query(`ALTER TABLE event_store_events ALTER COLUMN previous_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE event_store_events
        ADD CONSTRAINT event_store_events_hash_is_sha256 CHECK (octet_length(hash) = 32 AND octet_length(previous_hash) = 32)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE event_store_events DROP CONSTRAINT event_store_events_hash_is_sha256`);
    await queryRunner.query(`ALTER TABLE event_store_events DROP COLUMN hash, DROP COLUMN previous_hash`);
  }
}
