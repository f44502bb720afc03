/**
 * Each obligation's history as versions valid from one instant to the next,
 * derived from a question's events: the rows of rm_follow_up_history and
 * rm_follow_up_question_history (follow-up-history.projection.ts). An
 * obligation's row is what the question's standing publishes of it, in the
 * table's columns (`ObligationRow`); a new version begins where the row
 * changes (`sameObligationRow`).
 *
 * "As of T" means what time travel means (src/time-travel/point-in-time.ts): each question
 * folded over the longest run of its events, from the start, that all occurred
 * at or before T. That run ends where the running maximum of `occurredAt`
 * passes T, so a question can only be seen after an event whose `occurredAt`
 * raises that maximum: the events that share one maximum (a group) are seen
 * together or not at all. A version is therefore valid from the maximum of its
 * group, and the history is a pure function of the stream, whatever the
 * batches were: a group that goes on in a later batch rewrites its own
 * versions, never an earlier group's.
 */
import type { RecordedEvent } from '../event-store/event-store.port';
import { type Folded, StreamStates } from '../projections/stream-states';
import {
  type DecisionOutcome,
  type Obligation,
  type ObligationDetails,
  type ObligationKind,
  type QuestionState,
  evolveQuestion,
  initialQuestionState,
  sameObligations,
  stageOf,
  standingAt,
} from '../questions/contract';

/** An obligation as a row (a version of rm_follow_up_history without its validity); `details` is typed by `kind`, as the question's standing publishes it. */
export type ObligationRow = {
  [K in ObligationKind]: {
    question_id: string;
    obligation_key: string;
    kind: K;
    organisation_id: string;
    status: 'owed' | 'done';
    due_date: string | null;
    done_on: string | null;
    reference: string | null;
    outcome: DecisionOutcome | null;
    details: ObligationDetails[K];
    /** The question's title, so an organisation's lists are paged off one index. */
    title: string;
  };
}[ObligationKind];

/** An obligation as its row (also one folded as of a date). */
export function obligationRow(questionId: string, title: string, obligation: Obligation): ObligationRow {
  return {
    question_id: questionId,
    obligation_key: obligation.key,
    kind: obligation.kind,
    organisation_id: obligation.organisationId,
    status: obligation.status,
    due_date: obligation.dueDate,
    done_on: obligation.doneOn,
    reference: obligation.reference,
    outcome: obligation.outcome,
    details: obligation.details,
    title,
  } as ObligationRow;
}

const NO_ROWS: ReadonlyMap<string, ObligationRow> = new Map();

/**
 * A folded question's obligations as rows, by key (none before it exists):
 * derived once per state for both histories, which walk the same states
 * (stream-states.ts), from the standing every view shares.
 */
function obligationRowsAt(states: StreamStates, questionId: string, folded: Folded<QuestionState>): ReadonlyMap<string, ObligationRow> {
  return states.derive(folded, 'follow-up rows', () => {
    const standing = standingAt(states, folded);
    if (!standing) return NO_ROWS;
    const title = standing.title;
    return new Map(standing.obligations.map((obligation) => [obligation.key, obligationRow(questionId, title, obligation)]));
  });
}

/**
 * Whether two rows of one obligation are equal column by column; `details`
 * holds scalars only (question-standing.ts). The columns are named one by one
 * rather than looked up from OBLIGATION_COLUMNS: the histories compare every
 * obligation of a question at each change of it (obligation-history.spec.ts
 * checks that every column is compared).
 */
export function sameObligationRow(a: ObligationRow, b: ObligationRow): boolean {
  if (
    a.question_id !== b.question_id ||
    a.obligation_key !== b.obligation_key ||
    a.kind !== b.kind ||
    a.organisation_id !== b.organisation_id ||
    a.status !== b.status ||
    a.due_date !== b.due_date ||
    a.done_on !== b.done_on ||
    a.reference !== b.reference ||
    a.outcome !== b.outcome ||
    a.title !== b.title
  ) {
    return false;
  }
  const before = a.details as Record<string, unknown>;
  const after = b.details as Record<string, unknown>;
  let members = 0;
  for (const key in after) {
    if (!Object.hasOwn(after, key)) continue;
    if (before[key] !== after[key]) return false;
    members++;
  }
  for (const key in before) if (Object.hasOwn(before, key)) members--;
  return members === 0;
}

/**
 * The time a history follows: the instant from which an event counts. The
 * recorded history follows `occurredAt` (as recorded by); the effective
 * history follows the day the thing happened (as in effect on,
 * effective-time.ts).
 */
export type HistoryClock = (event: RecordedEvent) => string;

export const RECORDED_TIME: HistoryClock = (event) => event.metadata.occurredAt;

/** `valid_to` of a version in force. */
export const IN_FORCE = 'infinity';

/** A row of rm_follow_up_history. */
export type HistoryRow = ObligationRow & {
  valid_from: string;
  /** An ISO instant, or IN_FORCE. */
  valid_to: string;
};

/**
 * A row of rm_follow_up_question_history: a run of the question's groups in
 * one stage, from `valid_from` (its first group's instant) on. Readers take
 * the stage of the latest row valid at an instant, and the revision of the
 * latest of its groups seen then (`instants` ascending, `revisions[i]` the
 * revision after the group at `instants[i]`): one row per stage the question
 * passes through rather than one per group, though the revision changes with
 * every event.
 */
export interface QuestionVersionRow {
  question_id: string;
  valid_from: string;
  stage: string;
  instants: string[];
  revisions: number[];
}

/** A question row a batch writes, or (`row` null) removes. */
export interface QuestionRowChange {
  question_id: string;
  valid_from: string;
  row: QuestionVersionRow | null;
  /** Whether the row was stored before the batch: if not, the batch inserts it (no key to look up first). */
  stored: boolean;
}

/** A run of groups in one stage, as its row (`QuestionVersionRow`) holds it; `instants[0]` is where it begins. */
interface StageRun {
  stage: string;
  instants: string[];
  revisions: number[];
  /** Begun by the batch being recorded (`historyAlong`'s copy of the runs leaves it out): its row is not stored yet. */
  fresh?: boolean;
}

interface Version {
  validFrom: string;
  row: ObligationRow;
}

/** What follow-up-history remembers of a question between batches. */
export interface QuestionHistory {
  questionId: string;
  revision: number;
  /** The question's folded state after `revision`, held for the question slice's functions (the history reads none of its fields). */
  state: QuestionState;
  /** The state `current` was derived from. */
  derivedFrom: QuestionState;
  /** The running maximum of the clock's instants (`occurredAt`, or the end of the effective day): the instant the latest group is seen from (null before any event). */
  at: string | null;
  /** `at` as milliseconds (-Infinity before any event), compared with each event's instant. */
  atMs: number;
  /** The versions in force just before the latest group, by obligation key. */
  settled: ReadonlyMap<string, Version>;
  /** The obligations `settled` was last brought up to (`inForce`): while `current` is that same map, settling again changes nothing. */
  settledFrom: ReadonlyMap<string, ObligationRow>;
  /** The obligations after the latest group's events, by key. */
  current: ReadonlyMap<string, ObligationRow>;
  /** The question's last two stage runs (the one before the last is needed when the latest group, continued, leaves the last run). */
  runs: readonly StageRun[];
}

export function emptyHistory(questionId: string): QuestionHistory {
  const state = initialQuestionState();
  const current = new Map<string, ObligationRow>();
  return { questionId, revision: -1, state, derivedFrom: state, at: null, atMs: -Infinity, settled: new Map(), settledFrom: current, current, runs: [] };
}

/** The changes a batch makes to the history tables: each row's value before the batch and after it. */
export class HistoryChanges {
  readonly rows = new Map<string, { before: HistoryRow | null; after: HistoryRow | null }>();
  /** Each question row the batch writes or removes, by its key (question, valid_from). */
  readonly questions = new Map<string, QuestionRowChange>();

  /**
   * Records the row at `key` as `after`, and, the first time the batch changes
   * it, as it was before: `row` from `validFrom` to `validTo` (null: none), made
   * a row only then.
   */
  recordVersion(key: string, row: ObligationRow | null, validFrom: string, validTo: string, after: HistoryRow | null): void {
    const known = this.rows.get(key);
    if (known) known.after = after;
    else this.rows.set(key, { before: row && historyRow(row, validFrom, validTo), after });
  }

  recordQuestion(questionId: string, run: StageRun): void {
    const validFrom = run.instants[0];
    // The run's arrays are the history's own, changed by later groups of the batch: read when the batch is sealed.
    const row = { question_id: questionId, valid_from: validFrom, stage: run.stage, instants: run.instants, revisions: run.revisions };
    this.setQuestion(questionId, validFrom, row, run.fresh !== true);
  }

  /** The row of a run the latest group, continued, left empty. */
  removeQuestion(questionId: string, validFrom: string): void {
    this.setQuestion(questionId, validFrom, null, true);
  }

  /** `stored` as first seen in the batch: a key removed and then begun again by a new run is still stored. */
  private setQuestion(questionId: string, validFrom: string, row: QuestionVersionRow | null, stored: boolean): void {
    const key = `${questionId}\u0001${validFrom}`;
    const known = this.questions.get(key);
    if (known) known.row = row;
    else this.questions.set(key, { question_id: questionId, valid_from: validFrom, row, stored });
  }
}

/**
 * The history after `events` (the question's next events, in order). With
 * `changes`, records the rows that change on the way; without, only computes
 * (rebuilding a history the projection no longer remembers). `from` is not
 * changed: it may be the runner's cached entry, which has to stay true if the
 * batch's transaction rolls back.
 */
export function historyThrough(
  from: QuestionHistory,
  events: readonly RecordedEvent[],
  changes: HistoryChanges | null,
  clock: HistoryClock = RECORDED_TIME,
): QuestionHistory {
  const states: Array<Folded<QuestionState>> = [];
  let state = from.state;
  for (const event of events) states.push({ revision: event.revision, state: (state = evolveQuestion(state, event)), maxOccurredAt: null });
  return historyAlong(from, events, states, changes, clock, new StreamStates(1));
}

/**
 * As `historyThrough`, given the question's state after each event
 * (`states[i]` after `events[i]`) and where what is derived from them is kept
 * (`derived`): the projection walks states folded once for every view of the
 * question, and shares their standing and rows between the two histories and
 * `follow-up`.
 */
export function historyAlong(
  from: QuestionHistory,
  events: readonly RecordedEvent[],
  states: ReadonlyArray<Folded<QuestionState>>,
  changes: HistoryChanges | null,
  clock: HistoryClock,
  derived: StreamStates,
): QuestionHistory {
  // The runs are copied, not changed in place: `from` may be the runner's cached entry. Every run of `from` is stored (not `fresh`).
  const history = { ...from, runs: from.runs.map((run) => ({ stage: run.stage, instants: [...run.instants], revisions: [...run.revisions] })) };
  let latest: Folded<QuestionState> | undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event.revision !== history.revision + 1) {
      throw new Error(`question ${history.questionId}: event revision ${event.revision} does not follow ${history.revision}`);
    }
    const instant = clock(event);
    const ms = Date.parse(instant);
    if (history.at === null || ms > history.atMs) {
      if (latest) evaluate(history, latest, derived, changes);
      // Most groups change no obligation (an input, a dialogue): their settled versions are the ones before, not a new map.
      if (history.at !== null && history.current !== history.settledFrom) {
        history.settled = inForce(history.settled, history.current, history.at, history.settled !== from.settled);
        history.settledFrom = history.current;
      }
      history.at = instant;
      history.atMs = ms;
    }
    latest = states[index];
    history.state = latest.state;
    history.revision = event.revision;
  }
  if (latest) evaluate(history, latest, derived, changes);
  return history;
}

/**
 * The versions in force once the group at `at` is over: the settled ones that
 * did not change, new ones from `at`. A map the history made itself (`own`)
 * is brought up to date in place; `from`'s, which the runner may have cached,
 * is left as it is.
 */
function inForce(settled: ReadonlyMap<string, Version>, current: ReadonlyMap<string, ObligationRow>, at: string, own: boolean): Map<string, Version> {
  const versions = own ? (settled as Map<string, Version>) : new Map<string, Version>();
  current.forEach((row, key) => {
    const version = settled.get(key);
    if (!version || !sameObligationRow(version.row, row)) versions.set(key, { validFrom: at, row });
    else if (!own) versions.set(key, version);
  });
  if (own) {
    versions.forEach((_, key) => {
      if (!current.has(key)) versions.delete(key);
    });
  }
  return versions;
}

/**
 * The question's obligations after its latest event (`latest`, whose state is
 * `history.state`), and the rows that changes. Most groups leave the
 * obligations as they were (`sameObligations`): of those only the stage is
 * read, and neither a standing nor rows are derived.
 */
function evaluate(history: QuestionHistory, latest: Folded<QuestionState>, derived: StreamStates, changes: HistoryChanges | null): void {
  const stage = stageOf(latest.state);
  if (stage === null) return;
  if (!sameObligations(history.derivedFrom, latest.state)) {
    const previous = history.current;
    history.current = obligationRowsAt(derived, history.questionId, latest);
    history.derivedFrom = latest.state;
    if (changes) {
      const current = history.current;
      current.forEach((row, key) => {
        const was = previous.get(key);
        if (!was || !sameObligationRow(was, row)) recordKey(history, key, was, row, changes);
      });
      previous.forEach((was, key) => {
        if (!current.has(key)) recordKey(history, key, was, undefined, changes);
      });
    }
  }
  placeGroup(history as QuestionHistory & { runs: StageRun[] }, history.at!, history.revision, stage, changes);
}

/**
 * Adds the latest group (at `at`, ending at `revision` in `stage`) to the
 * stage runs: to the last run if it is in the same stage, else as a new run.
 * A group continued from an earlier batch is taken out of its run first
 * (leaving that run empty if it was its only group), so the runs are those
 * of the whole stream, whatever the batches were.
 */
function placeGroup(history: QuestionHistory & { runs: StageRun[] }, at: string, revision: number, stage: string, changes: HistoryChanges | null): void {
  const runs = history.runs;
  let last = runs[runs.length - 1];
  if (last && last.instants[last.instants.length - 1] === at) {
    last.instants.pop();
    last.revisions.pop();
    if (last.instants.length === 0) {
      changes?.removeQuestion(history.questionId, at);
      runs.pop();
      last = runs[runs.length - 1];
    } else {
      changes?.recordQuestion(history.questionId, last);
    }
  }
  if (last && last.stage === stage) {
    last.instants.push(at);
    last.revisions.push(revision);
  } else {
    last = { stage, instants: [at], revisions: [revision], fresh: true };
    runs.push(last);
    if (runs.length > 2) runs.shift();
  }
  changes?.recordQuestion(history.questionId, last);
}

/**
 * Records how one obligation's rows change when its row at the latest group
 * goes from `was` to `now` (undefined: none). The latest group decides two
 * rows of it at most, both keyed by where they begin: the settled version
 * (`valid_to` open while the row is the same, else closed at the group's
 * instant), and, when the row differs from it, the new version from that
 * instant on; earlier rows are final. A settled version begins at an earlier
 * group than the latest, so the two never share a key.
 */
function recordKey(history: QuestionHistory, key: string, was: ObligationRow | undefined, now: ObligationRow | undefined, changes: HistoryChanges): void {
  const at = history.at!;
  const settled = history.settled.get(key);
  const settledBefore = settled !== undefined && was !== undefined && sameObligationRow(settled.row, was);
  const settledAfter = settled !== undefined && now !== undefined && sameObligationRow(settled.row, now);
  if (settled !== undefined && settledBefore !== settledAfter) {
    const rowKey = `${history.questionId}\u0001${key}\u0001${settled.validFrom}`;
    changes.recordVersion(
      rowKey,
      settled.row,
      settled.validFrom,
      settledBefore ? IN_FORCE : at,
      historyRow(settled.row, settled.validFrom, settledAfter ? IN_FORCE : at),
    );
  }
  const before = settledBefore ? undefined : was;
  const after = settledAfter ? undefined : now;
  if (before === undefined && after === undefined) return;
  if (before !== undefined && after !== undefined && sameObligationRow(before, after)) return;
  const rowKey = `${history.questionId}\u0001${key}\u0001${at}`;
  changes.recordVersion(rowKey, before ?? null, at, IN_FORCE, after === undefined ? null : historyRow(after, at, IN_FORCE));
}

/** Written out, not `{ ...row, valid_from, valid_to }`: a literal is cheaper to build, once per version (docs/performance.md, "Design choices for speed"). */
function historyRow(row: ObligationRow, validFrom: string, validTo: string): HistoryRow {
  return {
    question_id: row.question_id,
    obligation_key: row.obligation_key,
    kind: row.kind,
    organisation_id: row.organisation_id,
    status: row.status,
    due_date: row.due_date,
    done_on: row.done_on,
    reference: row.reference,
    outcome: row.outcome,
    details: row.details,
    title: row.title,
    valid_from: validFrom,
    valid_to: validTo,
  } as HistoryRow;
}
