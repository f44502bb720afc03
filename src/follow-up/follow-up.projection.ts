import { EncodedRows } from '../projections/encoded-rows';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { forEachStep } from '../projections/stream-states';
import { Tally, type TallyShape, WriteStatement } from '../projections/write-statement';
import { type QuestionStage, type QuestionStanding, isEndedStage, questionIdOf, questionStreams, standingAt } from '../questions/contract';
import { OBLIGATION_HISTORY_PROJECTION } from './follow-up-history.projection';

/** The projection that keeps the follow-up's question rows and the grid's totals. */
export const FOLLOW_UP_PROJECTION = 'follow-up';

/** What a read of the live grid waits for (`afterPosition`): the question rows and totals, and the obligations in force (an organisation's follow-up reads follow-up-history's tables alone). */
export const FOLLOW_UP_PROJECTIONS = [FOLLOW_UP_PROJECTION, OBLIGATION_HISTORY_PROJECTION];

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
 * One row per question: what the grid shows of it (its stage among them) and
 * selects, orders and pages it by. Written when one of its columns changes.
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

/**
 * `follow-up`: each question's stage and what the grid shows of it
 * (rm_follow_up_question), and the grid's totals (rm_decision_tally). What each
 * organisation owes and did is the recorded history's versions in force
 * (follow-up-history.projection.ts, `IN_FORCE_OBLIGATIONS`),
 * so a read of the grid waits for both (`FOLLOW_UP_PROJECTIONS`); an
 * organisation's follow-up takes each question's stage from that history too
 * and waits for it alone.
 *
 * A question row is written when one of its columns changes. A change to
 * question-standing.ts needs a rebuild (`npm run projections:rebuild`).
 */
export const followUpProjection: Projection = {
  name: FOLLOW_UP_PROJECTION,
  tables: [FOLLOW_UP_QUESTION_TABLE, DECISION_TALLY.table],
  handles: questionStreams.follows,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    const inserted: FollowUpQuestionRow[] = [];
    const questions: FollowUpQuestionRow[] = [];
    const decisions = new Tally('decision_tally', DECISION_TALLY);

    await forEachStep(questionStreams, events, context, (step) => {
      const id = questionIdOf(step);
      const standingBefore = standingAt(context.states, step.before);
      const standingAfter = standingAt(context.states, step.after);
      const question = standingAfter && questionRowOf(id, standingAfter);
      // A question whose stream begins in the batch has no row yet.
      if (question && step.before.revision === -1) inserted.push(question);
      else if (question && !(standingBefore && sameQuestionRow(questionRowOf(id, standingBefore), question))) questions.push(question);
      countDecisions(decisions, standingBefore, -1);
      countDecisions(decisions, standingAfter, +1);
    });
    decisions.seal();
    return { inserted: EncodedRows.of(inserted, FOLLOW_UP_QUESTION_COLUMNS), questions: EncodedRows.of(questions, FOLLOW_UP_QUESTION_COLUMNS), decisions };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

interface BatchWrites {
  /** Rows of questions raised in the batch. */
  inserted: EncodedRows | null;
  /** Changed rows of questions seen in an earlier batch. */
  questions: EncodedRows | null;
  decisions: Tally;
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

/**
 * The batch's writes as parts of one statement: the parts touch different
 * tables or rows. A question raised in the batch is inserted without
 * `ON CONFLICT`'s lookup of its key (a batch is applied once, with the
 * checkpoint's advance; were the row there, the statement would fail).
 */
function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const writes = context.prepared as BatchWrites | undefined;
  if (!writes) throw new Error('follow-up: writing needs what prepare planned');
  writes.decisions.addTo(statement, context);
  if (writes.inserted) statement.insertRows('questions_inserted', context.table(FOLLOW_UP_QUESTION_TABLE), writes.inserted, FOLLOW_UP_QUESTION_COLUMNS);
  if (writes.questions) {
    statement.upsertRows('questions_written', context.table(FOLLOW_UP_QUESTION_TABLE), writes.questions, FOLLOW_UP_QUESTION_COLUMNS, ['question_id']);
  }
}
