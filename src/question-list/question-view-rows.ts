/**
 * The row question-views writes to rm_question: its columns (name and SQL
 * type, for the statement's record definition) and how a question's state
 * and standing become it.
 */
import { type ExistingQuestionState, type QuestionStanding, isEndedStage } from '../questions/contract';

/** Column name and SQL type, in table order; `question_id` first (the conflict key). */
export const QUESTION_COLUMNS = [
  ['question_id', 'text'],
  ['revision', 'integer'],
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
  ['next_step_owner', 'json'],
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
  ['decision_documents', 'json'],
] as const;

export type QuestionRow = Record<(typeof QUESTION_COLUMNS)[number][0], unknown> & { question_id: string };

export function questionRow(id: string, revision: number, state: ExistingQuestionState, standing: QuestionStanding): QuestionRow {
  return {
    question_id: id,
    revision,
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
    decision_documents: state.decisionDocuments,
  };
}
