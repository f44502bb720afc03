import { randomUUID } from 'node:crypto';
import { Database } from '../src/database/database';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { round, throughput } from './stats';

export interface AppendFigures {
  concurrency: number;
  portEventsPerSecond: number;
  rawInsertsPerSecond: number;
  ratio: number;
}

const metadata = {
  actor: { userId: 'bench', displayName: 'Bench', role: 'admin', organisationId: 'region-varmland' },
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
};

const ROUNDS = 4;

/**
 * Events/s through the event store port (one event per append, each its own
 * commit, every writer on its own streams) beside the database's own limit
 * measured in the same run: a single-row INSERT with a commit each, through pg,
 * at the same concurrency. Same payload size in both.
 */
export async function benchAppend(database: Database, concurrency: number, count: number): Promise<AppendFigures> {
  const store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
  const data = { questionId: randomUUID(), organisationId: 'karlstad', content: 'Inspel från Karlstads kommun om regional kulturplan.' };
  await database.pool.query(
    `CREATE TABLE IF NOT EXISTS bench_raw_insert (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`,
  );

  const revisions = new Map<string, number>();
  const streamOf = (worker: number, index: number) => `bench-${worker}-${Math.floor(index / 50)}-${runId}`;
  const runId = randomUUID().slice(0, 8);

  // Warm up both paths so neither pays for first-connection costs.
  await throughput(50, concurrency, async (worker) => {
    await database.pool.query(`INSERT INTO bench_raw_insert (stream_id, data, metadata) VALUES ($1, $2, $3)`, [`warm-${worker}`, data, metadata]);
  });

  const rawInsert = async (worker: number, index: number) => {
    await database.pool.query(`INSERT INTO bench_raw_insert (stream_id, data, metadata) VALUES ($1, $2, $3)`, [streamOf(worker, index), data, metadata]);
  };
  const portAppend = async (worker: number, index: number) => {
    const streamId = streamOf(worker, index);
    const revision = revisions.get(streamId) ?? -1;
    await store.appendToStream(
      streamId,
      [{ id: randomUUID(), type: 'InputSubmitted', schemaVersion: 1, data, metadata }],
      revision === -1 ? 'no_stream' : revision,
    );
    revisions.set(streamId, revision + 1);
  };
  // The two alternate in rounds, each going first in turn: the machine's speed drifts by
  // tens of percent within minutes, and one measured wholly after the other took the drift as its own.
  let rawSeconds = 0;
  let portSeconds = 0;
  const perRound = Math.ceil(count / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const offset = round * perRound;
    const raw = async () => (rawSeconds += perRound / (await throughput(perRound, concurrency, (worker, index) => rawInsert(worker, offset + index))));
    const port = async () => (portSeconds += perRound / (await throughput(perRound, concurrency, (worker, index) => portAppend(worker, offset + index))));
    if (round % 2 === 0) await raw().then(port);
    else await port().then(raw);
  }
  const rawInsertsPerSecond = (perRound * ROUNDS) / rawSeconds;
  const portEventsPerSecond = (perRound * ROUNDS) / portSeconds;
  await database.pool.query(`DROP TABLE bench_raw_insert`);
  return {
    concurrency,
    portEventsPerSecond: round(portEventsPerSecond, 0),
    rawInsertsPerSecond: round(rawInsertsPerSecond, 0),
    ratio: round(portEventsPerSecond / rawInsertsPerSecond, 2),
  };
}
