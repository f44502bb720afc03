import { EncodedJson } from '../database/encoded-json';
import type { WriteContext } from '../projections/projection';
import type { WriteStatement } from '../projections/write-statement';
import { type QuestionState, isEndedStage } from '../questions/contract';

/** Questions per forum and stage (forum '' before one is set): the log's totals. */
export const QUESTION_TALLY_TABLE = 'rm_question_tally';
/**
 * Open questions with a position, per forum, organisation named to decide,
 * decide-by date and whether it has decided; organisation '' counts the
 * questions themselves. The 17-organisation matrix's totals are sums over it,
 * with "overdue" judged against today when read.
 */
export const DECISION_TALLY_TABLE = 'rm_decision_tally';
/** Obligations per organisation, kind, status and due date (''): a follow-up's counts, overdue judged when read. */
export const OBLIGATION_TALLY_TABLE = 'rm_obligation_tally';

/**
 * How many questions rm_question_tally counts, by forum and stage (and only the
 * open ones, if asked): a sum over a few rows instead of counting every
 * question. Serves the totals of GET /questions and GET /log.
 */
export async function questionsInTally(
  query: (sql: string, params: unknown[]) => Promise<Array<{ n: number }>>,
  filter: { forum?: string; stage?: string; openOnly?: boolean },
): Promise<number> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (filter.openOnly) conditions.push('is_open');
  if (filter.forum) conditions.push(`forum = $${params.push(filter.forum)}`);
  if (filter.stage) conditions.push(`stage = $${params.push(filter.stage)}`);
  const [{ n }] = await query(
    `SELECT coalesce(sum(questions), 0)::int AS n FROM ${QUESTION_TALLY_TABLE} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}`,
    params,
  );
  return n;
}

/**
 * What a batch changes in the tallies: each touched question takes back what
 * its state before the batch contributed (-1) and adds what its state after
 * contributes (+1), so only net changes are written. Groups that empty are
 * deleted, so the tables are the same whatever the batch sizes were.
 */
export class TallyDeltas {
  private readonly questions: Counts = new Map();
  private readonly decisions: Counts = new Map();
  private readonly obligations: Counts = new Map();
  /** The statement's parameters once serialised (null: nothing changed). */
  private sealed: SealedTallies | undefined;

  addObligations(obligations: ReadonlyArray<{ organisationId: string; kind: string; status: string; dueDate: string | null }>, delta: number): void {
    for (const obligation of obligations)
      bump(this.obligations, [obligation.organisationId, obligation.kind, obligation.status, obligation.dueDate ?? ''], delta);
  }

  add(state: QuestionState, delta: number): void {
    if (!state.exists) return;
    const forum = state.forum ?? '';
    const open = !isEndedStage(state.stage);
    bump(this.questions, [forum, state.stage, open], delta);
    if (!open || !state.position) return;
    const decideBy = state.position.decideBy ?? '';
    bump(this.decisions, [forum, '', decideBy, false], delta);
    for (const organisationId of state.position.organisationsToDecide) {
      bump(this.decisions, [forum, organisationId, decideBy, !state.pendingDecisions.includes(organisationId)], delta);
    }
  }

  /**
   * The net changes as the statement's parameters. Called when the batch is
   * planned, outside the transaction, so that writing only sends; `addTo`
   * calls it too, so the tallies are never lost by forgetting it.
   */
  seal(): SealedTallies {
    if (this.sealed !== undefined) return this.sealed;
    const questions = changes(this.questions).map(([[forum, stage, isOpen], n]) => ({ forum, stage, is_open: isOpen, questions: n }));
    const decisions = changes(this.decisions).map(([[forum, organisationId, decideBy, decided], n]) => ({
      forum,
      organisation_id: organisationId,
      decide_by: decideBy,
      decided,
      questions: n,
    }));
    const obligations = changes(this.obligations).map(([[organisationId, kind, status, dueDate], n]) => ({
      organisation_id: organisationId,
      kind,
      status,
      due_date: dueDate,
      items: n,
    }));
    return (this.sealed = {
      questions: EncodedJson.ofItems(questions),
      decisions: EncodedJson.ofItems(decisions),
      obligations: EncodedJson.ofItems(obligations),
    });
  }

  /**
   * The tallies' part of the batch's statement: for each group its new count
   * (what is stored plus the change), deleted where that is zero and written
   * where it is not. Computed from the stored count rather than added on
   * conflict, so that the emptied groups go in the same statement.
   */
  addTo(statement: WriteStatement, context: WriteContext): void {
    const { questions, decisions, obligations } = this.seal();
    addTally(statement, 'question_tally', context.table(QUESTION_TALLY_TABLE), questions, {
      columns: [
        ['forum', 'text'],
        ['stage', 'text'],
        ['is_open', 'boolean'],
        ['questions', 'integer'],
      ],
      key: ['forum', 'stage'],
    });
    addTally(statement, 'decision_tally', context.table(DECISION_TALLY_TABLE), decisions, {
      columns: [
        ['forum', 'text'],
        ['organisation_id', 'text'],
        ['decide_by', 'text'],
        ['decided', 'boolean'],
        ['questions', 'integer'],
      ],
      key: ['forum', 'organisation_id', 'decide_by', 'decided'],
    });
    addTally(statement, 'obligation_tally', context.table(OBLIGATION_TALLY_TABLE), obligations, {
      columns: [
        ['organisation_id', 'text'],
        ['kind', 'text'],
        ['status', 'text'],
        ['due_date', 'text'],
        ['items', 'integer'],
      ],
      key: ['organisation_id', 'kind', 'status', 'due_date'],
    });
  }
}

/** The net changes of each tally as the statement's parameters; null where a tally does not change. */
interface SealedTallies {
  questions: EncodedJson | null;
  decisions: EncodedJson | null;
  obligations: EncodedJson | null;
}

/** One tally's parts (none if it does not change); its count is the last column. */
export function addTally(
  statement: WriteStatement,
  name: string,
  table: string,
  changes: EncodedJson | null,
  shape: { columns: Array<[string, string]>; key: string[] },
): void {
  if (!changes) return;
  const names = shape.columns.map(([column]) => column);
  const count = names[names.length - 1];
  const matches = (alias: string, other: string) => shape.key.map((column) => `${alias}.${column} = ${other}.${column}`).join(' AND ');
  statement
    .with(`${name}_change`, `SELECT * FROM ${statement.recordset(changes, shape.columns)}`)
    .with(
      `${name}_new`,
      `SELECT ${names
        .slice(0, -1)
        .map((column) => `c.${column}`)
        .join(', ')}, coalesce(t.${count}, 0) + c.${count} AS ${count}
       FROM ${name}_change c LEFT JOIN ${table} t ON ${matches('t', 'c')}`,
    )
    .with(`${name}_emptied`, `DELETE FROM ${table} t USING ${name}_new n WHERE ${matches('t', 'n')} AND n.${count} = 0`)
    .with(
      `${name}_counted`,
      `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM ${name}_new WHERE ${count} <> 0
       ON CONFLICT (${shape.key.join(', ')}) DO UPDATE SET ${count} = EXCLUDED.${count}`,
    );
}

/** Net change per group, under the group's parts joined by a separator no id or date contains (cheaper than JSON keys: a rebuild bumps ~5 groups per event). */
export type Counts = Map<string, { key: unknown[]; n: number }>;

export function bump(map: Counts, key: unknown[], delta: number): void {
  const text = key.join('\u0001');
  const group = map.get(text);
  if (group) group.n += delta;
  else map.set(text, { key, n: delta });
}

export function changes<K extends unknown[]>(map: Counts): Array<[K, number]> {
  return [...map.values()].filter(({ n }) => n !== 0).map(({ key, n }) => [key as K, n]);
}
