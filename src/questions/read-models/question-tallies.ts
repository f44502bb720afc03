import type { ProjectionContext } from '../../projections/projection';
import { isEndedStage, type QuestionState } from '../question.state';

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
  private sealed: [string, string, string] | null | undefined;

  addObligations(obligations: ReadonlyArray<{ organisationId: string; kind: string; status: string; dueDate: string | null }>, delta: number): void {
    for (const obligation of obligations) bump(this.obligations, [obligation.organisationId, obligation.kind, obligation.status, obligation.dueDate ?? ''], delta);
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
   * planned, outside the transaction, so that `write` only sends; `write`
   * calls it too, so the tallies are never lost by forgetting it.
   */
  seal(): [string, string, string] | null {
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
    const nothing = questions.length === 0 && decisions.length === 0 && obligations.length === 0;
    return (this.sealed = nothing ? null : [JSON.stringify(questions), JSON.stringify(decisions), JSON.stringify(obligations)]);
  }

  /** Both tallies in one statement, then the groups they emptied deleted in a second. */
  async write(context: ProjectionContext): Promise<void> {
    const params = this.seal();
    if (!params) return;
    const questionTally = context.table(QUESTION_TALLY_TABLE);
    const decisionTally = context.table(DECISION_TALLY_TABLE);
    const obligationTally = context.table(OBLIGATION_TALLY_TABLE);
    await context.manager.query(
      `WITH q AS (
         INSERT INTO ${questionTally} AS t (forum, stage, is_open, questions)
         SELECT forum, stage, is_open, questions FROM jsonb_to_recordset($1::jsonb) AS x(forum text, stage text, is_open boolean, questions integer)
         ON CONFLICT (forum, stage) DO UPDATE SET questions = t.questions + EXCLUDED.questions),
       o AS (
         INSERT INTO ${obligationTally} AS t (organisation_id, kind, status, due_date, items)
         SELECT organisation_id, kind, status, due_date, items
         FROM jsonb_to_recordset($3::jsonb) AS x(organisation_id text, kind text, status text, due_date text, items integer)
         ON CONFLICT (organisation_id, kind, status, due_date) DO UPDATE SET items = t.items + EXCLUDED.items)
       INSERT INTO ${decisionTally} AS t (forum, organisation_id, decide_by, decided, questions)
       SELECT forum, organisation_id, decide_by, decided, questions
       FROM jsonb_to_recordset($2::jsonb) AS x(forum text, organisation_id text, decide_by text, decided boolean, questions integer)
       ON CONFLICT (forum, organisation_id, decide_by, decided) DO UPDATE SET questions = t.questions + EXCLUDED.questions`,
      params,
    );
    // A separate statement: one statement cannot see (or delete) the rows its own upserts changed.
    await context.manager.query(
      `WITH q AS (DELETE FROM ${questionTally} WHERE questions = 0), o AS (DELETE FROM ${obligationTally} WHERE items = 0)
       DELETE FROM ${decisionTally} WHERE questions = 0`,
    );
  }
}

/** Net change per group, under the group's parts joined by a separator no id or date contains (cheaper than JSON keys: a rebuild bumps ~5 groups per event). */
type Counts = Map<string, { key: unknown[]; n: number }>;

function bump(map: Counts, key: unknown[], delta: number): void {
  const text = key.join('\u0001');
  const group = map.get(text);
  if (group) group.n += delta;
  else map.set(text, { key, n: delta });
}

function changes<K extends unknown[]>(map: Counts): Array<[K, number]> {
  return [...map.values()].filter(({ n }) => n !== 0).map(({ key, n }) => [key as K, n]);
}
