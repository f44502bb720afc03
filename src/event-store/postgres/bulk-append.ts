import { SqlClient, SqlPool, inTransaction } from '../../database/sql-pool';
import { ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '../event-store.port';
import { GENESIS_HASH, chainBatch } from '../event-chain';

/** One stream's part of a bulk append: as the arguments of `appendToStream`. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

/**
 * Rows per INSERT statement. Each statement carries its events as one JSON
 * array (as the single-stream append does); a few thousand keep the statement
 * a few MB and the round trips few.
 */
const ROWS_PER_STATEMENT = 5_000;

/** The stored heads of the streams a bulk append writes to (one index probe per stream). */
const HEADS_SQL = `
  SELECT s.stream_id, h.revision, encode(h.hash, 'hex') AS hash
  FROM unnest($1::text[]) AS s(stream_id)
  CROSS JOIN LATERAL (SELECT revision, hash FROM event_store_events e WHERE e.stream_id = s.stream_id ORDER BY revision DESC LIMIT 1) h`;

/**
 * The insert of the known-head append (postgres-event-store.ts) with the
 * stream per row: revision and chain links are computed in the process, the
 * global position (transaction id, seq) is assigned by the table's defaults in
 * the order of the array, and the unique (stream_id, revision) index refuses
 * any revision a concurrent writer took.
 */
const BULK_INSERT_SQL = `
  INSERT INTO event_store_events (event_id, stream_id, revision, type, schema_version, data, metadata, previous_hash, hash)
  SELECT (e->>'id')::uuid, e->>'streamId', (e->>'revision')::int, e->>'type', (e->>'schemaVersion')::int,
         e->'data', e->'metadata', decode(e->>'previousHash', 'hex'), decode(e->>'hash', 'hex')
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ordinality)
  ORDER BY ordinality
  RETURNING seq, transaction_id::text AS transaction_id`;

/**
 * Appends to many streams in one transaction: all of it is stored or none.
 * For loading a large history (an import, the benchmark's million events)
 * without a round trip and a commit per append. The same stream may come
 * several times; each part's expectation is checked against the stream as the
 * parts before it left it, and the events are stored in the order given, so
 * the global log interleaves the streams as the caller lists them.
 *
 * The guarantees are those of `appendToStream`: expected revisions (a failed
 * one throws WrongExpectedRevisionError and nothing is stored), one hash chain
 * per stream with the formula of event-chain.ts, global positions from the
 * table. A concurrent writer that takes a revision first fails the whole
 * batch (unique violation, reported by the adapter as a wrong expected
 * revision); so does an event id stored before (no idempotent retry of a batch). Returns, per part, its last revision and
 * position, with the heads of the streams written (for the adapter's memory).
 */
export async function appendToStreams(
  pool: SqlPool,
  appends: StreamAppend[],
): Promise<{ results: Array<{ nextRevision: number; seq: string; transactionId: string }>; heads: Map<string, { revision: number; hash: string }> }> {
  return inTransaction(pool, async (client) => {
    const heads = await readHeads(client, appends);
    const rows: object[] = [];
    const parts: Array<{ nextRevision: number; lastRow: number }> = [];
    for (const { streamId, events, expectedRevision } of appends) {
      if (events.length === 0) throw new Error('appendToStreams needs at least one event per stream');
      const head = heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
      if (!holds(expectedRevision, head.revision)) throw new WrongExpectedRevisionError(streamId, expectedRevision, head.revision);
      const links = chainBatch(streamId, head.revision + 1, head.hash, events);
      events.forEach(({ id, type, schemaVersion, data, metadata }, index) =>
        rows.push({ id, streamId, revision: head.revision + 1 + index, type, schemaVersion, data, metadata, ...links[index] }),
      );
      heads.set(streamId, { revision: head.revision + events.length, hash: links[links.length - 1].hash });
      parts.push({ nextRevision: head.revision + events.length, lastRow: rows.length - 1 });
    }
    const stored: Array<{ seq: string; transaction_id: string }> = [];
    for (let offset = 0; offset < rows.length; offset += ROWS_PER_STATEMENT) {
      const result = await client.query<{ seq: string; transaction_id: string }>(BULK_INSERT_SQL, [
        JSON.stringify(rows.slice(offset, offset + ROWS_PER_STATEMENT)),
      ]);
      stored.push(...result.rows);
    }
    const results = parts.map(({ nextRevision, lastRow }) => ({ nextRevision, seq: stored[lastRow].seq, transactionId: stored[lastRow].transaction_id }));
    return { results, heads };
  });
}

async function readHeads(client: SqlClient, appends: StreamAppend[]): Promise<Map<string, { revision: number; hash: string }>> {
  const streamIds = [...new Set(appends.map((part) => part.streamId))];
  const heads = new Map<string, { revision: number; hash: string }>();
  const { rows } = await client.query<{ stream_id: string; revision: number; hash: string }>(HEADS_SQL, [streamIds]);
  for (const row of rows) heads.set(row.stream_id, { revision: row.revision, hash: row.hash });
  return heads;
}

function holds(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return actual === expected;
}
