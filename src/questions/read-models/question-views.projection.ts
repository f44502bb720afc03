import { toDomainEvent } from '../../command-handling/execute-with-decider';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, ProjectionContext } from '../../projections/projection';
import { questionDecider } from '../question.aggregate';
import { QUESTION_EVENT_SCHEMA_VERSIONS } from '../question.events';
import { isEndedStage, type ExistingQuestionState, type QuestionState } from '../question.state';
import { obligationRow } from './question-presentation';
import { type Obligation, type QuestionStanding, obligationsOf, standingOf } from './question-standing';

export const QUESTION_TABLE = 'rm_question';
export const OBLIGATION_TABLE = 'rm_question_obligation';

const STREAM_PREFIX = `${questionDecider.streamPrefix}-`;

export function isQuestionEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(STREAM_PREFIX) && Object.prototype.hasOwnProperty.call(QUESTION_EVENT_SCHEMA_VERSIONS, event.type);
}

export function questionIdOf(event: RecordedEvent): string {
  return event.streamId.slice(STREAM_PREFIX.length);
}

/**
 * `question-views`: one row per question (rm_question) with its full folded
 * state and the columns people filter and sort on, and what each organisation
 * owes or did on it (rm_question_obligation).
 *
 * State-based: for a batch, the states of the questions it touches are loaded
 * in one query, evolved in memory with the domain's own `evolve` (so the read
 * model cannot disagree with the rules), and written back with one upsert. The
 * obligations are derived from the state (question-standing.ts); only those that
 * differ from the ones derived from the stored state are written (one upsert,
 * one delete), as the table always holds exactly the obligations of the stored
 * state. So a change to question-standing.ts needs a rebuild
 * (`npm run projections:rebuild`), like any change to a read model's shape.
 */
export const questionViewsProjection: Projection = {
  name: 'question-views',
  tables: [QUESTION_TABLE, OBLIGATION_TABLE],

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const relevant = events.filter(isQuestionEvent);
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map(questionIdOf))];

    const questions = context.table(QUESTION_TABLE);
    const obligations = context.table(OBLIGATION_TABLE);
    const stored: Array<{ question_id: string; revision: number; state: ExistingQuestionState }> = await context.manager.query(
      `SELECT question_id, revision, state FROM ${questions} WHERE question_id = ANY($1::text[])`,
      [ids],
    );
    const storedStates = new Map(stored.map((row) => [row.question_id, row.state]));
    const current = new Map<string, { revision: number; state: QuestionState }>(
      stored.map((row) => [row.question_id, { revision: row.revision, state: row.state }]),
    );

    for (const event of relevant) {
      const id = questionIdOf(event);
      const before = current.get(id) ?? { revision: -1, state: questionDecider.initialState() };
      const state = questionDecider.evolve(before.state, toDomainEvent(questionDecider, event), {
        occurredAt: event.metadata.occurredAt,
        actor: event.metadata.actor,
      });
      current.set(id, { revision: event.revision, state });
    }

    const rows: QuestionRow[] = [];
    const changed: ObligationRow[] = [];
    const removed: { question_id: string; obligation_key: string }[] = [];
    for (const id of ids) {
      const entry = current.get(id);
      if (!entry || !entry.state.exists) continue;
      const standing = standingOf(entry.state);
      rows.push(questionRow(id, entry.revision, entry.state, standing));
      const now = obligationRows(id, standing.obligations);
      // Only what changed is written: the table holds the obligations of the stored state.
      const previous = storedStates.get(id);
      const before = new Map(previous ? obligationRows(id, obligationsOf(previous)).map((o) => [o.obligation_key, JSON.stringify(o)]) : []);
      for (const obligation of now) {
        if (before.get(obligation.obligation_key) !== JSON.stringify(obligation)) changed.push(obligation);
        before.delete(obligation.obligation_key);
      }
      for (const key of before.keys()) removed.push({ question_id: id, obligation_key: key });
    }
    if (rows.length === 0) return;

    await context.manager.query(
      `INSERT INTO ${questions} (${QUESTION_COLUMNS.map(([name]) => name).join(', ')}, search)
       SELECT ${QUESTION_COLUMNS.map(([name]) => name).join(', ')}, to_tsvector('swedish', search_text)
       FROM jsonb_to_recordset($1::jsonb) AS x(${QUESTION_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})
       ON CONFLICT (question_id) DO UPDATE SET ${QUESTION_COLUMNS.slice(1)
         .map(([name]) => `${name} = EXCLUDED.${name}`)
         .join(', ')}, search = EXCLUDED.search`,
      [JSON.stringify(rows)],
    );
    if (removed.length > 0) {
      await context.manager.query(
        `DELETE FROM ${obligations} o USING jsonb_to_recordset($1::jsonb) AS x(question_id text, obligation_key text)
         WHERE o.question_id = x.question_id AND o.obligation_key = x.obligation_key`,
        [JSON.stringify(removed)],
      );
    }
    if (changed.length > 0) {
      await context.manager.query(
        `INSERT INTO ${obligations} (${OBLIGATION_COLUMNS.map(([name]) => name).join(', ')})
         SELECT ${OBLIGATION_COLUMNS.map(([name]) => name).join(', ')}
         FROM jsonb_to_recordset($1::jsonb) AS x(${OBLIGATION_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})
         ON CONFLICT (question_id, obligation_key) DO UPDATE SET ${OBLIGATION_COLUMNS.slice(2)
           .map(([name]) => `${name} = EXCLUDED.${name}`)
           .join(', ')}`,
        [JSON.stringify(changed)],
      );
    }
  },
};

/** Column name and SQL type, in table order; `question_id` first (the conflict key). */
const QUESTION_COLUMNS = [
  ['question_id', 'text'],
  ['revision', 'integer'],
  ['state', 'jsonb'],
  ['title', 'text'],
  ['description', 'text'],
  ['topic_area', 'text'],
  ['stage', 'text'],
  ['is_open', 'boolean'],
  ['forum', 'text'],
  ['logic', 'text'],
  ['responsible_name', 'text'],
  ['responsible_organisation_id', 'text'],
  ['raised_by_kind', 'text'],
  ['raised_by_id', 'text'],
  ['raised_at', 'timestamptz'],
  ['last_changed_at', 'timestamptz'],
  ['next_step', 'text'],
  ['next_step_owner', 'jsonb'],
  ['next_step_due', 'date'],
  ['position_number', 'integer'],
  ['position_taken_at', 'timestamptz'],
  ['position_date', 'date'],
  ['decide_by', 'date'],
  ['meeting_reference', 'text'],
  ['organisations_to_decide', 'text[]'],
  ['pending_decisions', 'text[]'],
  ['last_meeting_forum', 'text'],
  ['last_meeting_on', 'date'],
  ['last_meeting_reference', 'text'],
  ['open_items', 'integer'],
  ['earliest_due_date', 'date'],
  ['search_text', 'text'],
] as const;

const OBLIGATION_COLUMNS = [
  ['question_id', 'text'],
  ['obligation_key', 'text'],
  ['kind', 'text'],
  ['organisation_id', 'text'],
  ['status', 'text'],
  ['due_date', 'date'],
  ['done_on', 'date'],
  ['reference', 'text'],
  ['outcome', 'text'],
  ['details', 'jsonb'],
] as const;

type QuestionRow = Record<(typeof QUESTION_COLUMNS)[number][0], unknown> & { question_id: string };
type ObligationRow = Record<(typeof OBLIGATION_COLUMNS)[number][0], unknown> & { question_id: string; obligation_key: string };

function questionRow(id: string, revision: number, state: ExistingQuestionState, standing: QuestionStanding): QuestionRow {
  return {
    question_id: id,
    revision,
    state,
    title: state.title,
    description: state.description,
    topic_area: state.topicArea,
    stage: state.stage,
    is_open: !isEndedStage(state.stage),
    forum: state.forum,
    logic: state.logic,
    responsible_name: state.responsible?.name ?? null,
    responsible_organisation_id: state.responsible?.organisationId ?? null,
    raised_by_kind: state.raisedBy.kind,
    raised_by_id: state.raisedBy.id,
    raised_at: state.raisedAt,
    last_changed_at: state.lastChangedAt,
    next_step: standing.nextStep.code,
    next_step_owner: standing.nextStep.owner,
    next_step_due: standing.nextStep.dueDate,
    position_number: state.position?.number ?? null,
    position_taken_at: state.position?.takenAt ?? null,
    position_date: standing.positionDate,
    decide_by: state.position?.decideBy ?? null,
    meeting_reference: state.position?.meetingReference ?? null,
    organisations_to_decide: state.position?.organisationsToDecide ?? [],
    pending_decisions: state.pendingDecisions,
    last_meeting_forum: standing.lastMeeting?.forum ?? null,
    last_meeting_on: standing.lastMeeting?.on ?? null,
    last_meeting_reference: standing.lastMeeting?.reference ?? null,
    open_items: standing.obligations.filter((obligation) => obligation.status === 'owed').length,
    earliest_due_date: standing.earliestDueDate,
    search_text: standing.searchText,
  };
}

function obligationRows(id: string, obligations: Obligation[]): ObligationRow[] {
  return obligations.map((obligation) => obligationRow(id, obligation));
}
