import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL event store's own schema.
 *
 * `transaction_id` (xid8) with `seq` gives the global order readers follow:
 * see docs/event-store.md for why a sequence alone would let a reader skip an
 * event committed late. Append-only is enforced by the database itself: a
 * trigger refuses UPDATE and DELETE, and TRUNCATE is refused too.
 */
export class EventStoreSchema1764000000000 implements MigrationInterface {
  name = 'EventStoreSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_store_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        revision integer NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT event_store_events_stream_revision_key UNIQUE (stream_id, revision),
        CONSTRAINT event_store_events_event_id_key UNIQUE (event_id)
      )`);
    await queryRunner.query(`CREATE INDEX event_store_events_global_order ON event_store_events (transaction_id, seq)`);
    await queryRunner.query(`
      CREATE FUNCTION event_store_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_store_events is append-only: % refused', TG_OP;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_store_events_append_only
      BEFORE UPDATE OR DELETE ON event_store_events
      FOR EACH ROW EXECUTE FUNCTION event_store_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER event_store_events_no_truncate
      BEFORE TRUNCATE ON event_store_events
      FOR EACH STATEMENT EXECUTE FUNCTION event_store_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_store_events`);
    await queryRunner.query(`DROP FUNCTION event_store_refuse_change()`);
  }
}
