import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Decider, DomainEvent } from '../command-handling/decider';
import { toDomainEvent } from '../command-handling/execute-with-decider';
import { EventStore, GlobalPosition, ReadStreamOptions, comparePositions, formatPosition } from '../event-store/event-store.port';
import { START, batchWrites, checkpoints } from '../projections/checkpoint-store';
import { Projection } from '../projections/projection';
import { ProjectionCache } from '../projections/projection-cache';
import { StreamStates } from '../projections/stream-states';
import { quoted } from '../projections/shadow-tables';
import { readLogUpTo } from './audit-log';

/** Rows shown per table and kind of difference; the counts are always complete. */
const SAMPLE_ROWS = 20;
const REPLAY_BATCH = 500;
/** Compare attempts when the live model keeps moving between replay and comparison. */
const MAX_ATTEMPTS = 10;

type Row = Record<string, unknown>;

export interface RowDifference {
  /** `missing-from-live`: the events give this row, the live model lacks it; `only-in-live`: the reverse; `differs`: same key, other values. */
  kind: 'missing-from-live' | 'only-in-live' | 'differs';
  key: Row;
  /** For `differs`: the columns whose values differ. */
  columns?: string[];
  live?: Row;
  replayed?: Row;
}

export interface TableComparison {
  table: string;
  liveRows: number;
  replayedRows: number;
  /** Rows of the live table not produced by the replay, plus rows the replay produced that the live table lacks (a changed row counts in both). */
  differingRows: number;
  samples: RowDifference[];
}

export interface ProjectionReplay {
  projection: string;
  /** The live model's checkpoint the replay was compared at. */
  position: string;
  eventsReplayed: number;
  identical: boolean;
  tables: TableComparison[];
}

export interface AggregateReplay {
  aggregate: string;
  streams: number;
  events: number;
  failures: Array<{ streamId: string; revision: number; eventId: string; error: string }>;
}

export interface ReplayReport {
  /** True when every replayed read model equals the live one and every aggregate stream folds. */
  identical: boolean;
  projections: ProjectionReplay[];
  aggregates: AggregateReplay[];
}

export interface ReplayDependencies {
  store: EventStore;
  dataSource: DataSource;
  projections: readonly Projection[];
  deciders: ReadonlyArray<Decider<unknown, DomainEvent, unknown>>;
}

/**
 * Rebuilds every read model from the stored events into scratch tables and
 * compares them row by row with the live tables, and folds every aggregate
 * stream. Nothing live is written: the scratch tables live in a schema of their
 * own (`audit_replay_<random>`), created `LIKE` the live ones and dropped at the
 * end, so a replay can run beside a running application and its own rebuilds.
 *
 * The comparison is made at the live model's checkpoint: the replay applies
 * exactly the events the live model says it has applied, and the comparison
 * reads the checkpoint and the live rows in one snapshot (REPEATABLE READ).
 */
export async function runReplayCheck(deps: ReplayDependencies): Promise<ReplayReport> {
  const projections: ProjectionReplay[] = [];
  for (const projection of deps.projections) projections.push(await replayProjection(deps, projection));
  const aggregates = await foldAggregates(deps);
  const identical = projections.every((p) => p.identical) && aggregates.every((a) => a.failures.length === 0);
  return { identical, projections, aggregates };
}

async function replayProjection({ store, dataSource }: ReplayDependencies, projection: Projection): Promise<ProjectionReplay> {
  const schema = `audit_replay_${randomBytes(6).toString('hex')}`;
  const scratch = (table: string) => `${quoted(schema)}.${quoted(table)}`;
  await dataSource.query(`CREATE SCHEMA ${quoted(schema)}`);
  try {
    for (const table of projection.tables) {
      await dataSource.query(`CREATE TABLE ${scratch(table)} (LIKE ${quoted(table)} INCLUDING ALL)`);
    }
    let replayedTo: GlobalPosition = START;
    let eventsReplayed = 0;
    for (let attempt = 1; ; attempt++) {
      const target = (await checkpoints.load(dataSource.manager, projection.name))?.position ?? START;
      if (comparePositions(target, replayedTo) < 0)
        throw new Error(`the checkpoint of ${projection.name} moved backwards (a rebuild swapped in?); run the check again`);
      eventsReplayed += await replayInto(store, dataSource, projection, scratch, replayedTo, target);
      replayedTo = target;
      // Events are read outside any transaction: the embedded database has one connection.
      const tables = await dataSource.transaction('REPEATABLE READ', async (manager) => {
        const now = (await checkpoints.load(manager, projection.name))?.position ?? START;
        if (comparePositions(now, target) !== 0) return undefined;
        const compared: TableComparison[] = [];
        for (const table of projection.tables) compared.push(await compareTable(manager, table, scratch(table)));
        return compared;
      });
      if (tables) {
        return { projection: projection.name, position: formatPosition(target), eventsReplayed, identical: tables.every((t) => t.differingRows === 0), tables };
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${projection.name} kept moving during the comparison; run the check when writes are quieter`);
    }
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
  }
}

/** Applies the events after `from` up to and including `to` to the scratch tables, in batches. */
async function replayInto(
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  scratch: (table: string) => string,
  from: GlobalPosition,
  to: GlobalPosition,
): Promise<number> {
  let after = from;
  let applied = 0;
  const cache = new ProjectionCache();
  // A memory of its own: the replay folds every stream again, never from the live projections' states.
  const states = new StreamStates();
  const readStream = (streamId: string, options?: ReadStreamOptions) => store.readStream(streamId, options);
  for (;;) {
    const page = await store.readAll({ after: comparePositions(after, START) === 0 ? undefined : after, maxCount: REPLAY_BATCH });
    const batch = page.filter((event) => comparePositions(event.position, to) <= 0);
    if (batch.length > 0) {
      const prepared = await projection.prepare?.(batch, { live: false, cache, states, readStream });
      await batchWrites.unguarded(dataSource.manager, projection, batch, { table: scratch, live: false, cache, prepared });
      applied += batch.length;
      after = batch[batch.length - 1].position;
    }
    if (batch.length < page.length || page.length < REPLAY_BATCH) return applied;
  }
}

async function compareTable(manager: EntityManager, table: string, scratchTable: string): Promise<TableComparison> {
  const live = quoted(table);
  const keyColumns: string[] = (
    await manager.query(
      `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      [live],
    )
  ).map((row: { name: string }) => row.name);
  const count = async (sql: string) => Number((await manager.query(`SELECT count(*)::text AS n FROM (${sql}) x`))[0].n);
  // `json` has no equality: such columns are compared as jsonb (same document, whatever its spacing or key order).
  const columns: string = (
    await manager.query(
      `SELECT string_agg(CASE WHEN atttypid = 'json'::regtype THEN format('%1$I::jsonb AS %1$I', attname) ELSE format('%I', attname) END, ', ' ORDER BY attnum) AS list
       FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [live],
    )
  )[0].list;
  const onlyLiveSql = `SELECT ${columns} FROM ${live} EXCEPT ALL SELECT ${columns} FROM ${scratchTable}`;
  const onlyReplayedSql = `SELECT ${columns} FROM ${scratchTable} EXCEPT ALL SELECT ${columns} FROM ${live}`;
  const sample = async (sql: string): Promise<Row[]> =>
    (await manager.query(`SELECT to_jsonb(x) AS row FROM (${sql}) x LIMIT ${SAMPLE_ROWS * 5}`)).map((r: { row: Row }) => r.row);

  const [liveRows, replayedRows, onlyLive, onlyReplayed] = [
    await count(`SELECT 1 FROM ${live}`),
    await count(`SELECT 1 FROM ${scratchTable}`),
    await count(onlyLiveSql),
    await count(onlyReplayedSql),
  ];
  const samples: RowDifference[] = [];
  if (onlyLive + onlyReplayed > 0) {
    const keyOf = (row: Row) => Object.fromEntries((keyColumns.length ? keyColumns : Object.keys(row)).map((column) => [column, row[column]]));
    const liveByKey = new Map((await sample(onlyLiveSql)).map((row) => [JSON.stringify(keyOf(row)), row]));
    const replayedByKey = new Map((await sample(onlyReplayedSql)).map((row) => [JSON.stringify(keyOf(row)), row]));
    for (const [key, liveRow] of liveByKey) {
      const replayedRow = replayedByKey.get(key);
      if (replayedRow) {
        const columns = Object.keys(liveRow).filter((column) => JSON.stringify(liveRow[column]) !== JSON.stringify(replayedRow[column]));
        samples.push({ kind: 'differs', key: keyOf(liveRow), columns, live: liveRow, replayed: replayedRow });
      } else {
        samples.push({ kind: 'only-in-live', key: keyOf(liveRow), live: liveRow });
      }
    }
    for (const [key, replayedRow] of replayedByKey) {
      if (!liveByKey.has(key)) samples.push({ kind: 'missing-from-live', key: keyOf(replayedRow), replayed: replayedRow });
    }
  }
  return { table, liveRows, replayedRows, differingRows: onlyLive + onlyReplayed, samples: samples.slice(0, SAMPLE_ROWS) };
}

/** Folds every stream of every aggregate from the log, as the write path would; a stream that cannot be folded is reported. */
async function foldAggregates({ store, deciders }: ReplayDependencies): Promise<AggregateReplay[]> {
  const results = deciders.map((decider) => ({
    decider,
    report: { aggregate: decider.aggregateName, streams: 0, events: 0, failures: [] } as AggregateReplay,
    states: new Map<string, unknown>(),
    failed: new Set<string>(),
  }));
  for await (const event of readLogUpTo(store, await store.headPosition())) {
    const owner = results.find(({ decider }) => event.streamId.startsWith(`${decider.streamPrefix}-`));
    if (!owner || owner.failed.has(event.streamId)) continue;
    const { decider, report, states } = owner;
    if (!states.has(event.streamId)) {
      states.set(event.streamId, decider.initialState());
      report.streams++;
    }
    report.events++;
    try {
      const next = decider.evolve(states.get(event.streamId), toDomainEvent(decider, event), {
        occurredAt: event.metadata.occurredAt,
        actor: event.metadata.actor,
        ...(event.metadata.effectiveOn !== undefined ? { effectiveOn: event.metadata.effectiveOn } : {}),
      });
      states.set(event.streamId, next);
    } catch (error) {
      owner.failed.add(event.streamId);
      report.failures.push({ streamId: event.streamId, revision: event.revision, eventId: event.id, error: (error as Error).message ?? String(error) });
    }
  }
  return results.map(({ report }) => report);
}
