import { EncodedJson } from '../database/encoded-json';
import type { WriteContext } from '../projections/projection';
import type { WriteStatement } from '../projections/write-statement';
import { deepFreeze } from '../shared-kernel/deep-freeze';
import { LruMap } from '../shared-kernel/lru-map';
import { type QuestionState } from '../questions/contract';

/**
 * Snapshots of a question's folded state every SNAPSHOT_EVERY events, kept by
 * the `question-snapshots` projection, so that looking at a long question as
 * it stood in the past folds at most SNAPSHOT_EVERY events instead of its
 * whole history.
 *
 * A snapshot is derived data like any read model: rebuilt with its projection,
 * compared with a fresh fold by `audit:replay`, and never trusted blindly — it
 * carries the hash of the event it was taken after, and is used only if the
 * stored event at that revision still has that hash (question-at.ts).
 * `max_occurred_at` is the latest `occurredAt` of the events up to it: a point
 * in time at or after it includes the whole snapshot (time travel takes the
 * longest prefix of events that all occurred by then, see point-in-time.ts).
 */
export const SNAPSHOT_TABLE = 'rm_question_snapshot';
export const SNAPSHOT_EVERY = 100;

/** Bumped when QuestionState's shape changes: snapshots of another shape are ignored until rebuilt. */
export const SNAPSHOT_SHAPE = 3;

export interface QuestionSnapshot {
  revision: number;
  eventHash: string;
  state: QuestionState;
}

/** Whether the event at `revision` closes a snapshot interval. */
export function takesSnapshot(revision: number): boolean {
  return (revision + 1) % SNAPSHOT_EVERY === 0;
}

/** The snapshots a batch takes, written in one statement. */
export class SnapshotRows {
  private readonly rows: Array<{ question_id: string; revision: number; max_occurred_at: string; event_hash: string; state: QuestionState }> = [];

  add(questionId: string, revision: number, maxOccurredAt: string, eventHash: string, state: QuestionState): void {
    this.rows.push({ question_id: questionId, revision, max_occurred_at: maxOccurredAt, event_hash: eventHash, state });
  }

  private sealed: EncodedJson | null | undefined;

  /** The rows as the statement's parameter: called when the batch is planned, so writing only sends (and by `addTo`, if not). */
  seal(): EncodedJson | null {
    if (this.sealed === undefined) this.sealed = EncodedJson.ofItems(this.rows);
    return this.sealed;
  }

  addTo(statement: WriteStatement, context: WriteContext): void {
    const rows = this.seal();
    if (!rows) return;
    statement.with(
      'snapshots_written',
      `INSERT INTO ${context.table(SNAPSHOT_TABLE)} (question_id, revision, max_occurred_at, event_hash, shape, state)
       SELECT question_id, revision, max_occurred_at, event_hash, ${SNAPSHOT_SHAPE}, state::text
       FROM ${statement.recordset(rows, [
         ['question_id', 'text'],
         ['revision', 'integer'],
         ['max_occurred_at', 'timestamptz'],
         ['event_hash', 'text'],
         ['state', 'jsonb'],
       ])}
       ON CONFLICT (question_id, revision) DO UPDATE SET max_occurred_at = EXCLUDED.max_occurred_at,
         event_hash = EXCLUDED.event_hash, shape = EXCLUDED.shape, state = EXCLUDED.state`,
    );
  }
}

/** Reads the latest snapshot a point in time may start from: at or before `revision`, with every event in it at or before `asOf`. */
export type SnapshotLookup = (questionId: string, point: { asOf?: Date; revision?: number }) => Promise<QuestionSnapshot | undefined>;

/** Questions whose last-read snapshot a lookup keeps parsed (a long question's state is ~100 KB). */
const SNAPSHOTS_KEPT = 100;

/**
 * Looks snapshots up, keeping each question's last one parsed: when the
 * latest snapshot within the point is the one kept (same revision and event
 * hash), the database leaves the state out and the kept one is used. Looking
 * at a long question's past again and again (an auditor stepping through
 * dates) then reads and parses ~100 KB less each time. A state is the fold of
 * the events up to an event with that hash, so it cannot go stale; whether the
 * stored event still has that hash is checked as for any snapshot
 * (question-at.ts).
 */
export function snapshotLookup(query: (sql: string, params: unknown[]) => Promise<unknown[]>): SnapshotLookup {
  const kept = new LruMap<QuestionSnapshot>(SNAPSHOTS_KEPT);
  return async (questionId, point) => {
    const known = kept.get(questionId);
    const rows = (await query(
      `SELECT revision, event_hash, CASE WHEN revision = $4 AND event_hash = $5 THEN NULL ELSE state END AS state FROM ${SNAPSHOT_TABLE}
       WHERE question_id = $1 AND shape = ${SNAPSHOT_SHAPE}
         AND ($2::integer IS NULL OR revision <= $2) AND ($3::timestamptz IS NULL OR max_occurred_at <= $3)
       ORDER BY revision DESC LIMIT 1`,
      [questionId, point.revision ?? null, point.asOf?.toISOString() ?? null, known?.revision ?? null, known?.eventHash ?? null],
    )) as Array<{ revision: number; event_hash: string; state: string | null }>;
    const row = rows[0];
    if (!row) return undefined;
    if (row.state === null && known && known.revision === row.revision && known.eventHash === row.event_hash) return known;
    if (row.state === null) throw new Error(`snapshot ${questionId}@${row.revision}: state left out but not kept`);
    const snapshot = { revision: row.revision, eventHash: row.event_hash, state: JSON.parse(row.state) as QuestionState };
    // Shared by every later request: frozen, so that nothing can change it for the next one (evolve never does).
    kept.set(questionId, deepFreeze(snapshot));
    return snapshot;
  };
}
