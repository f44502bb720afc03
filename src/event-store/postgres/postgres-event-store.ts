import { SqlPool } from '../../database/sql-pool';
import {
  AppendResult,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { GENESIS_HASH, LINK_PREFIX, chainBatch, contentHashOf } from '../event-chain';
import { StreamHeads } from './stream-heads';
import { StreamAppend, appendToStreams } from './bulk-append';

interface EventRow {
  seq: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  /** `recorded_at` as milliseconds since the epoch (EVENT_COLUMNS). */
  recorded_at_ms: number;
  previous_hash: string;
  hash: string;
}

/**
 * The columns of a read event. `recorded_at` comes as whole milliseconds since
 * the epoch (a Date keeps no more), which the driver reads as a number, not as
 * a timestamp text it parses field by field: a rebuild reads every event once.
 */
const EVENT_COLUMNS = `seq, transaction_id::text AS transaction_id, event_id, stream_id, revision, type,
  schema_version, data, metadata, floor(extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_at_ms,
  encode(previous_hash, 'hex') AS previous_hash, encode(hash, 'hex') AS hash`;

/**
 * Revisions [from, to) of a stream. A stream's revisions are dense (0, 1, 2, …
 * with no gaps), so the range is exactly the page, and PostgreSQL reads it in
 * index order and stops. With only `revision >= from … LIMIT n` it estimated a
 * stream from the table's average (a few events) and, for a long stream that
 * its statistics did not know, fetched and sorted the whole tail to return n
 * rows.
 */
const READ_STREAM_SQL = `SELECT ${EVENT_COLUMNS} FROM event_store_events
  WHERE stream_id = $1 AND revision >= $2 AND revision < $3::bigint ORDER BY revision`;

/**
 * The same range cut before the first event that occurred after $4
 * (ReadStreamOptions.occurredBy), found in the same statement: time travel
 * then receives the events it folds, not the rest of a snapshot interval.
 * `occurredAt` is compared at JavaScript's precision (milliseconds, truncated
 * as `Date.parse` truncates), so the cut is the same on both adapters.
 */
const READ_STREAM_AS_OF_SQL = `SELECT ${EVENT_COLUMNS} FROM event_store_events
  WHERE stream_id = $1 AND revision >= $2 AND revision < $3::bigint
    AND revision < coalesce((SELECT min(revision) FROM event_store_events
      WHERE stream_id = $1 AND revision >= $2 AND revision < $3::bigint AND date_trunc('milliseconds', (metadata->>'occurredAt')::timestamptz) > $4::timestamptz), $3::bigint)
  ORDER BY revision`;

/** Past the largest value of the revision column (integer): the end of every stream. */
const END_OF_STREAM = 2 ** 31;

/**
 * Reads the global log in (transaction id, seq) order, and only below the oldest
 * transaction still running: an event whose transaction may yet commit "behind"
 * the reader is never passed over. One statement, so one snapshot.
 *
 * ORDER BY names the table's columns: a bare `transaction_id` would mean the
 * output column `transaction_id::text`, sorting "10000" before "9999" and
 * passing over events for good once ids gain a digit.
 */
const READ_ALL_SQL = `
  SELECT ${EVENT_COLUMNS} FROM event_store_events
  WHERE (transaction_id, seq) > ($1::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY event_store_events.transaction_id, event_store_events.seq
  LIMIT $3`;

/**
 * Appends a batch in one statement (so one round trip, atomic): the stream's
 * current revision and the expectation are checked in the same statement that
 * inserts. Two writers with the same expectation both pass the check, but the
 * unique (stream_id, revision) index lets only the first commit; the second
 * fails with 23505 and is reported as a wrong expected revision.
 *
 * The same statement extends the stream's hash chain (event-chain.ts): the
 * caller passes each event's content hash, and the recursive `chain` links
 * each one to the hash of the event before it, starting from the stream's head
 * (read in the same snapshot as the revision check). The SQL formula is the one
 * `linkHash` computes; the conformance suite recomputes every stored hash.
 */
const APPEND_SQL = `
  WITH RECURSIVE head AS (
    SELECT revision, hash FROM event_store_events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1
  ), current_revision AS (
    SELECT coalesce((SELECT revision FROM head), -1) AS revision,
           coalesce((SELECT hash FROM head), decode('${GENESIS_HASH}', 'hex')) AS hash
  ), incoming AS (
    SELECT e, ordinality FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, ordinality)
  ), chain(ordinality, revision, previous_hash, hash) AS (
    SELECT 0::bigint, c.revision, NULL::bytea, c.hash FROM current_revision c
    UNION ALL
    SELECT i.ordinality, chain.revision + 1, chain.hash,
           sha256(convert_to(concat_ws(E'\\n', '${LINK_PREFIX}', $1::text, (chain.revision + 1)::text,
                                       encode(chain.hash, 'hex'), i.e->>'contentHash'), 'UTF8'))
    FROM chain JOIN incoming i ON i.ordinality = chain.ordinality + 1
  )
  INSERT INTO event_store_events (event_id, stream_id, revision, type, schema_version, data, metadata, previous_hash, hash)
  SELECT (i.e->>'id')::uuid, $1, chain.revision, i.e->>'type', (i.e->>'schemaVersion')::int,
         i.e->'data', i.e->'metadata', chain.previous_hash, chain.hash
  FROM chain JOIN incoming i ON i.ordinality = chain.ordinality CROSS JOIN current_revision c
  WHERE CASE $3::text
          WHEN 'any' THEN true
          WHEN 'no_stream' THEN c.revision = -1
          WHEN 'stream_exists' THEN c.revision >= 0
          ELSE c.revision = $4::int
        END
  ORDER BY chain.ordinality
  RETURNING seq, transaction_id::text AS transaction_id, revision, encode(hash, 'hex') AS hash`;

/**
 * The global log on a single writer (`PostgresEventStoreOptions.singleWriter`):
 * insertion order is commit order, so `seq` alone is the global order, read
 * with one index and no snapshot arithmetic. Positions there are (0, seq).
 */
const READ_ALL_SINGLE_WRITER_SQL = `
  SELECT ${EVENT_COLUMNS} FROM event_store_events WHERE seq > $1::bigint ORDER BY seq LIMIT $2`;

/**
 * The append when the stream's head is known (see `knownHeads`): the chain is
 * computed in the process, so the statement is a bare insert. The unique
 * (stream_id, revision) index is the expectation check: the first event's
 * revision is free only if the stream still ends where the caller expects.
 * At 8 writers it keeps the port's append above 0.70 of a raw single-row
 * INSERT, which the statement above does not (docs/performance.md, "Design choices for speed").
 */
const APPEND_AFTER_KNOWN_HEAD_SQL = `
  INSERT INTO event_store_events (event_id, stream_id, revision, type, schema_version, data, metadata, previous_hash, hash)
  SELECT (e->>'id')::uuid, $1, (e->>'revision')::int, e->>'type', (e->>'schemaVersion')::int,
         e->'data', e->'metadata', decode(e->>'previousHash', 'hex'), decode(e->>'hash', 'hex')
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, ordinality)
  ORDER BY ordinality
  RETURNING seq, transaction_id::text AS transaction_id, revision`;

const MAX_ANY_RETRIES = 5;

/** What whoever opens the database tells the adapter about it (database.ts knows). */
export interface PostgresEventStoreOptions {
  /**
   * The database commits one transaction at a time (`Database.singleWriter`:
   * the embedded one, with its one connection). Then an event's `seq` is its
   * place in commit order, and the global log is read by `seq` alone, with one
   * index and no snapshot arithmetic, positions (0, seq). Otherwise
   * transactions commit concurrently, out of `seq` order, and the log is read
   * in (transaction id, seq) order below the oldest transaction still running,
   * so that no event is passed over (docs/event-store.md).
   */
  singleWriter: boolean;
}

export class PostgresEventStore implements EventStore {
  readonly adapterName = 'postgres';

  private readonly singleWriter: boolean;
  /**
   * Last revision and hash of streams this process has just read to their end or
   * appended to (committed, so the event at that revision is stored for good).
   * An append expecting exactly that revision chains in the process and inserts
   * directly; anything else goes through the statement that reads the head.
   * Never trusted for more than that: if the stream has moved on, the insert
   * collides on (stream_id, revision) and the caller gets the usual 409.
   */
  private readonly knownHeads = new StreamHeads(10_000);

  constructor(
    private readonly pool: SqlPool,
    options: PostgresEventStoreOptions,
  ) {
    this.singleWriter = options.singleWriter;
  }

  private positionOf(transactionId: string, seq: string): GlobalPosition {
    return { commit: this.singleWriter ? 0n : BigInt(transactionId), prepare: BigInt(seq) };
  }

  async appendToStream(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    for (let attempt = 0; ; attempt++) {
      try {
        const result =
          (await this.appendAfterKnownHead(streamId, events, expectedRevision)) ?? (await this.appendWithin(this.pool, streamId, events, expectedRevision));
        if (result) {
          this.knownHeads.set(streamId, result.nextRevision, result.hash);
          return { nextRevision: result.nextRevision, position: result.position };
        }
      } catch (error) {
        this.knownHeads.delete(streamId);
        if (!isUniqueViolation(error)) throw error;
        // Lost a race for the same revision (or an event id exists): fall through to the checks below.
        if (expectedRevision === 'any' && constraintOf(error) !== 'event_store_events_event_id_key' && attempt < MAX_ANY_RETRIES) {
          continue;
        }
      }
      const stored = await this.alreadyStored(streamId, events);
      if (stored) return stored;
      const actualRevision = await this.streamRevision(streamId);
      if (expectedRevision === 'any' && attempt < MAX_ANY_RETRIES) continue;
      throw new WrongExpectedRevisionError(streamId, expectedRevision, actualRevision);
    }
  }

  /**
   * Appends to many streams in one transaction (bulk-append.ts): for loading a
   * large history. Not on the port: EventStoreDB has no multi-stream
   * transaction. A revision a concurrent writer took first is reported as a
   * wrong expected revision of its stream; then nothing of the batch is stored.
   */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    try {
      const { results, heads } = await appendToStreams(this.pool, appends);
      for (const [streamId, head] of heads) this.knownHeads.set(streamId, head.revision, head.hash);
      return results.map(({ nextRevision, seq, transactionId }) => ({ nextRevision, position: this.positionOf(transactionId, seq) }));
    } catch (error) {
      for (const { streamId } of appends) this.knownHeads.delete(streamId);
      const taken = isUniqueViolation(error) ? /\(stream_id, revision\)=\((.*), (\d+)\)/.exec((error as { detail?: string }).detail ?? '') : null;
      if (!taken) throw error;
      const part = appends.find((candidate) => candidate.streamId === taken[1]);
      throw new WrongExpectedRevisionError(taken[1], part?.expectedRevision ?? 'any', await this.streamRevision(taken[1]));
    }
  }

  /** The bare insert, when the caller expects a new stream or the head this process last saw; otherwise undefined. */
  private async appendAfterKnownHead(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<(AppendResult & { hash: string }) | undefined> {
    const head = expected === 'no_stream' ? { revision: -1, hash: GENESIS_HASH } : typeof expected === 'number' ? this.knownHeads.get(streamId) : undefined;
    if (!head || (typeof expected === 'number' && head.revision !== expected)) return undefined;
    const links = chainBatch(streamId, head.revision + 1, head.hash, events);
    const payload = JSON.stringify(
      events.map(({ id, type, schemaVersion, data, metadata }, index) => ({
        id,
        revision: head.revision + 1 + index,
        type,
        schemaVersion,
        data,
        metadata,
        ...links[index],
      })),
    );
    const { rows } = await this.pool.query<{ seq: string; transaction_id: string; revision: number }>({
      name: 'fragespar_append_after_known_head',
      text: APPEND_AFTER_KNOWN_HEAD_SQL,
      values: [streamId, payload],
    });
    const last = rows[rows.length - 1];
    return { nextRevision: last.revision, position: this.positionOf(last.transaction_id, last.seq), hash: links[links.length - 1].hash };
  }

  /**
   * The append statement on a caller's connection, so it can share a transaction
   * with other writes. Returns undefined when the expectation does not hold; a
   * concurrent writer of the same revision surfaces as a unique violation.
   */
  async appendWithin(
    queryable: Pick<SqlPool, 'query'>,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<(AppendResult & { hash: string }) | undefined> {
    const payload = JSON.stringify(
      events.map((event) => {
        const { id, type, schemaVersion, data, metadata } = event;
        return { id, type, schemaVersion, data, metadata, contentHash: contentHashOf(event) };
      }),
    );
    const mode = typeof expected === 'number' ? 'exact' : expected;
    const exact = typeof expected === 'number' ? expected : null;
    const { rows } = await queryable.query<{ seq: string; transaction_id: string; revision: number; hash: string }>({
      name: 'fragespar_append',
      text: APPEND_SQL,
      values: [streamId, payload, mode, exact],
    });
    if (rows.length === 0) return undefined;
    const last = rows[rows.length - 1];
    return { nextRevision: last.revision, position: this.positionOf(last.transaction_id, last.seq), hash: last.hash };
  }

  /** An idempotent retry: every event id is already stored in this stream, in this order. */
  private async alreadyStored(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query<{ stream_id: string; revision: number; seq: string; transaction_id: string }>(
      `SELECT stream_id, revision, seq, transaction_id::text AS transaction_id FROM event_store_events
       WHERE event_id = ANY($1::uuid[]) ORDER BY revision`,
      [events.map((event) => event.id)],
    );
    if (rows.length !== events.length || rows.some((row) => row.stream_id !== streamId)) return undefined;
    const last = rows[rows.length - 1];
    return { nextRevision: last.revision, position: this.positionOf(last.transaction_id, last.seq) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.maxCount === undefined ? END_OF_STREAM : Math.min(from + options.maxCount, END_OF_STREAM);
    // Named statements: planning these takes longer than running them.
    const { rows } =
      options.occurredBy === undefined
        ? await this.pool.query<EventRow>({ name: 'fragespar_read_stream', text: READ_STREAM_SQL, values: [streamId, from, to] })
        : await this.pool.query<EventRow>({
            name: 'fragespar_read_stream_as_of',
            text: READ_STREAM_AS_OF_SQL,
            values: [streamId, from, to, options.occurredBy.toISOString()],
          });
    const events = rows.map((row) => this.toRecordedEvent(row));
    // Read to its end (not cut short by a page or a point in time): the last event is the head a command folding this stream will append after.
    const last = events[events.length - 1];
    if (last && options.occurredBy === undefined && (options.maxCount === undefined || events.length < options.maxCount))
      this.knownHeads.set(streamId, last.revision, last.hash);
    return events;
  }

  async streamRevision(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ revision: number | null }>({
      name: 'fragespar_stream_revision',
      text: `SELECT max(revision) AS revision FROM event_store_events WHERE stream_id = $1`,
      values: [streamId],
    });
    return rows[0]?.revision ?? -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? { commit: 0n, prepare: 0n };
    if (this.singleWriter) {
      const { rows } = await this.pool.query<EventRow>(READ_ALL_SINGLE_WRITER_SQL, [after.prepare.toString(), options.maxCount ?? 1000]);
      return rows.map((row) => this.toRecordedEvent(row));
    }
    const { rows } = await this.pool.query<EventRow>(READ_ALL_SQL, [after.commit.toString(), after.prepare.toString(), options.maxCount ?? 1000]);
    return rows.map((row) => this.toRecordedEvent(row));
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ seq: string; transaction_id: string }>(
      this.singleWriter
        ? `SELECT seq, '0' AS transaction_id FROM event_store_events ORDER BY seq DESC LIMIT 1`
        : `SELECT seq, transaction_id::text AS transaction_id FROM event_store_events
           WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
           ORDER BY event_store_events.transaction_id DESC, event_store_events.seq DESC LIMIT 1`,
    );
    return rows[0] ? this.positionOf(rows[0].transaction_id, rows[0].seq) : undefined;
  }

  async countEventsAfter(after: GlobalPosition | undefined, cap: number): Promise<number> {
    const from = after ?? { commit: 0n, prepare: 0n };
    if (this.singleWriter) {
      const { rows } = await this.pool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM (SELECT 1 FROM event_store_events WHERE seq > $1::bigint LIMIT $2) behind`,
        [from.prepare.toString(), cap],
      );
      return Number(rows[0].n);
    }
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM event_store_events
         WHERE (transaction_id, seq) > ($1::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         LIMIT $3) behind`,
      [from.commit.toString(), from.prepare.toString(), cap],
    );
    return Number(rows[0].n);
  }

  async health(): Promise<EventStoreHealth> {
    try {
      const { rows } = await this.pool.query<{ events: string }>(`SELECT coalesce((SELECT max(seq) FROM event_store_events), 0)::text AS events`);
      const head = await this.headPosition();
      return {
        status: 'up',
        adapter: this.adapterName,
        details: { lastSequence: rows[0].events, headPosition: head ? `${head.commit}.${head.prepare}` : null },
      };
    } catch (error) {
      return { status: 'down', adapter: this.adapterName, details: { error: (error as Error).message } };
    }
  }

  /** Nothing of its own to close: the pool belongs to the database, which closes it. */
  async close(): Promise<void> {}

  private toRecordedEvent(row: EventRow): RecordedEvent {
    return {
      id: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
      streamId: row.stream_id,
      revision: Number(row.revision),
      position: this.positionOf(row.transaction_id, row.seq),
      recordedAt: new Date(row.recorded_at_ms),
      hash: row.hash,
      previousHash: row.previous_hash,
    };
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

function constraintOf(error: unknown): string | undefined {
  return (error as { constraint?: string }).constraint;
}
