import { EncodedJson } from '../database/encoded-json';
import { EncodedRows } from '../projections/encoded-rows';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { forEachStep } from '../projections/stream-states';
import { Tally, type TallyShape, WriteStatement } from '../projections/write-statement';
import { type QuestionStage, type QuestionStanding, isEndedStage, questionIdOf, questionStreams, standingAt } from '../questions/contract';
import { OBLIGATION_COLUMNS, OBLIGATION_TABLE, type ObligationRow, obligationRowsAt, sameObligationRow } from './obligation-rows';

/** The projection that keeps the live follow-up: a read of it waits for this one (`afterPosition`). */
export const FOLLOW_UP_PROJECTION = 'follow-up';

/**
 * Open questions with a position, per forum, organisation named to decide,
 * decide-by date and whether it has decided; organisation '' counts the
 * questions themselves. The 17-organisation matrix's totals are sums over it,
 * with "overdue" judged against today when read.
 */
export const DECISION_TALLY: TallyShape = {
  table: 'rm_decision_tally',
  columns: [
    ['forum', 'text'],
    ['organisation_id', 'text'],
    ['decide_by', 'text'],
    ['decided', 'boolean'],
    ['questions', 'integer'],
  ],
  key: ['forum', 'organisation_id', 'decide_by', 'decided'],
};

/**
 * One row per question: its stage, shown beside an obligation's question in an
 * organisation's follow-up, and what the grid shows of it and selects, orders
 * and pages it by. Written when one of its columns changes.
 */
export const FOLLOW_UP_QUESTION_TABLE = 'rm_follow_up_question';
const FOLLOW_UP_QUESTION_COLUMNS = [
  ['question_id', 'text'],
  ['stage', 'text'],
  ['title', 'text'],
  ['forum', 'text'],
  ['is_open', 'boolean'],
  ['position_number', 'integer'],
  ['position_date', 'date'],
  ['decide_by', 'date'],
  ['meeting_reference', 'text'],
  ['organisations_to_decide', 'text[]'],
  ['pending_decisions', 'text[]'],
] as const;

/** A row of rm_follow_up_question, dates as text (`YYYY-MM-DD`). */
export interface FollowUpQuestionRow {
  question_id: string;
  stage: QuestionStage;
  title: string;
  forum: string | null;
  is_open: boolean;
  position_number: number | null;
  position_date: string | null;
  decide_by: string | null;
  meeting_reference: string | null;
  organisations_to_decide: readonly string[];
  pending_decisions: readonly string[];
}

/** Obligations per organisation, kind, status and due date (''): a follow-up's counts, overdue judged when read. */
export const OBLIGATION_TALLY: TallyShape = {
  table: 'rm_obligation_tally',
  columns: [
    ['organisation_id', 'text'],
    ['kind', 'text'],
    ['status', 'text'],
    ['due_date', 'text'],
    ['items', 'integer'],
  ],
  key: ['organisation_id', 'kind', 'status', 'due_date'],
};

/**
 * `follow-up`: what each organisation owes or did on each question
 * (rm_question_obligation, the obligations of the question's standing as
 * published by the question slice), each question's stage and what the grid
 * shows of it (rm_follow_up_question), the obligations' counts per organisation
 * (rm_obligation_tally) and the matrix's totals (rm_decision_tally).
 *
 * For each question a batch touches, the obligations of its state before and
 * after the batch are compared and only the rows that differ are written (one
 * upsert, one delete), so the table always holds the obligations of the
 * stored state. A change to question-standing.ts needs a rebuild
 * (`npm run projections:rebuild`).
 */
export const followUpProjection: Projection = {
  name: FOLLOW_UP_PROJECTION,
  tables: [OBLIGATION_TABLE, FOLLOW_UP_QUESTION_TABLE, DECISION_TALLY.table, OBLIGATION_TALLY.table],
  handles: questionStreams.follows,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    const changed: ObligationRow[] = [];
    const removed: Array<{ question_id: string; obligation_key: string }> = [];
    const questions: FollowUpQuestionRow[] = [];
    const decisions = new Tally('decision_tally', DECISION_TALLY);
    const obligations = new Tally('obligation_tally', OBLIGATION_TALLY);

    await forEachStep(questionStreams, events, context, (step) => {
      const id = questionIdOf(step);
      const standingBefore = standingAt(context.states, step.before);
      const standingAfter = standingAt(context.states, step.after);
      const question = standingAfter && questionRowOf(id, standingAfter);
      if (question && !(standingBefore && sameQuestionRow(questionRowOf(id, standingBefore), question))) questions.push(question);
      countDecisions(decisions, standingBefore, -1);
      countDecisions(decisions, standingAfter, +1);
      const was = obligationRowsAt(context.states, id, step.before);
      const now = obligationRowsAt(context.states, id, step.after);
      // An obligation counted in the same group before and after nets to nothing: only the others are bumped.
      for (const [key, row] of now) {
        const before = was.get(key);
        if (before && sameObligationRow(before, row)) continue;
        changed.push(row);
        if (before && sameTallyGroup(before, row)) continue;
        if (before) bumpObligation(obligations, before, -1);
        bumpObligation(obligations, row, +1);
      }
      for (const [key, row] of was) {
        if (now.has(key)) continue;
        removed.push({ question_id: id, obligation_key: key });
        bumpObligation(obligations, row, -1);
      }
    });
    decisions.seal();
    obligations.seal();
    return {
      changed: EncodedRows.of(changed, OBLIGATION_COLUMNS),
      removed: EncodedJson.ofItems(removed),
      questions: EncodedJson.ofItems(questions),
      decisions,
      obligations,
    };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

interface BatchWrites {
  changed: EncodedRows | null;
  removed: EncodedJson | null;
  questions: EncodedJson | null;
  decisions: Tally;
  obligations: Tally;
}

const NO_ORGANISATIONS: readonly string[] = [];

/** A question's standing as its row of rm_follow_up_question. */
function questionRowOf(questionId: string, standing: QuestionStanding): FollowUpQuestionRow {
  const position = standing.positionInForce;
  return {
    question_id: questionId,
    stage: standing.stage,
    title: standing.title,
    forum: standing.forum,
    is_open: !isEndedStage(standing.stage),
    position_number: position?.number ?? null,
    position_date: position?.date ?? null,
    decide_by: position?.decideBy ?? null,
    meeting_reference: position?.meetingReference ?? null,
    organisations_to_decide: position?.organisationsToDecide ?? NO_ORGANISATIONS,
    pending_decisions: position?.pendingDecisions ?? NO_ORGANISATIONS,
  };
}

function sameQuestionRow(a: FollowUpQuestionRow, b: FollowUpQuestionRow): boolean {
  for (const [column] of FOLLOW_UP_QUESTION_COLUMNS) {
    const [x, y] = [a[column], b[column]];
    if (Array.isArray(x) && Array.isArray(y) ? x.length !== y.length || x.some((item, i) => item !== y[i]) : x !== y) return false;
  }
  return true;
}

/** The group of rm_obligation_tally a row counts in. */
function tallyGroupOf(row: ObligationRow): string[] {
  return [row.organisation_id, row.kind, row.status, row.due_date ?? ''];
}

function bumpObligation(tally: Tally, row: ObligationRow, delta: number): void {
  tally.bump(tallyGroupOf(row), delta);
}

/** Whether two rows of one obligation count in the same group of rm_obligation_tally. */
function sameTallyGroup(a: ObligationRow, b: ObligationRow): boolean {
  const group = tallyGroupOf(b);
  return tallyGroupOf(a).every((value, index) => value === group[index]);
}

/** An open question with a position counts once under organisation '', and once under each organisation named to decide. */
function countDecisions(tally: Tally, standing: QuestionStanding | null, delta: number): void {
  const position = standing?.positionInForce;
  if (!standing || !position || isEndedStage(standing.stage)) return;
  const forum = standing.forum ?? '';
  const decideBy = position.decideBy ?? '';
  tally.bump([forum, '', decideBy, false], delta);
  for (const organisationId of position.organisationsToDecide) {
    tally.bump([forum, organisationId, decideBy, !position.pendingDecisions.includes(organisationId)], delta);
  }
}

/** The batch's writes as parts of one statement: the parts touch different rows. */
function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const writes = context.prepared as BatchWrites | undefined;
  if (!writes) throw new Error('follow-up: writing needs what prepare planned');
  writes.decisions.addTo(statement, context);
  writes.obligations.addTo(statement, context);
  const table = context.table(OBLIGATION_TABLE);
  if (writes.removed) statement.deleteRows('obligations_removed', table, writes.removed, OBLIGATION_COLUMNS.slice(0, 2));
  if (writes.changed) statement.upsertRows('obligations_written', table, writes.changed, OBLIGATION_COLUMNS, ['question_id', 'obligation_key']);
  if (writes.questions) {
    statement.upsertRows('questions_written', context.table(FOLLOW_UP_QUESTION_TABLE), writes.questions, FOLLOW_UP_QUESTION_COLUMNS, ['question_id']);
  }
}
