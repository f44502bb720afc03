import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT, Page } from '../http/read-query.dto';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { ASSIGNMENT_EVENT_LABELS } from './assignment.events';
import { ASSIGNMENT_TABLE } from './assignment.projection';
import { ASSIGNMENT_STATUS_LABELS, ExistingAssignmentState, isOpenStatus } from './assignment.state';
import { ListAssignmentsQueryDto } from './assignment.dto';

/** Open and past its due date, or due within the configured days, as of a calendar date. */
export interface Urgency {
  today: string;
  overdue: boolean;
  dueSoon: boolean;
  /** Days until the due date (negative: days overdue). */
  daysLeft: number;
}

export function urgencyOf(assignment: Pick<ExistingAssignmentState, 'status' | 'dueDate'>, day: string, dueSoonDays: number): Urgency {
  const daysLeft = Math.round((Date.parse(`${assignment.dueDate}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
  const open = isOpenStatus(assignment.status);
  return { today: day, overdue: open && daysLeft < 0, dueSoon: open && daysLeft >= 0 && daysLeft <= dueSoonDays, daysLeft };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The assignment as lists show it: its state's headline fields, status label and urgency. */
export function presentAssignment(state: ExistingAssignmentState, day: string, dueSoonDays: number) {
  const { overdue, dueSoon, daysLeft } = urgencyOf(state, day, dueSoonDays);
  return {
    id: state.id,
    title: state.title,
    status: state.status,
    statusLabel: ASSIGNMENT_STATUS_LABELS[state.status],
    givenBy: state.givenBy,
    deliverable: state.deliverable,
    questionIds: state.questionIds,
    responsible: state.responsible,
    dueDate: state.dueDate,
    originalDueDate: state.dueDateHistory[0].dueDate,
    extensions: state.dueDateHistory.length - 1,
    overdue,
    dueSoon,
    daysLeft,
    givenAt: state.givenAt,
    lastChangedAt: state.lastChangedAt,
  };
}

export type AssignmentSummary = ReturnType<typeof presentAssignment>;

/** An open assignment as an item of the outstanding log (utestående logg), beside a question's own open items. */
export function logItemOf(state: ExistingAssignmentState, language: Language, day: string, dueSoonDays: number) {
  const summary = presentAssignment(state, day, dueSoonDays);
  return {
    source: 'assignment' as const,
    owedBy: { kind: 'person' as const, userId: state.responsible.userId, name: state.responsible.name, organisationId: state.responsible.organisationId },
    assignmentId: state.id,
    kind: 'assignment' as const,
    label: language === 'en' ? 'Assignment' : 'Uppdrag',
    title: state.title,
    givenBy: state.givenBy,
    status: state.status,
    statusLabel: ASSIGNMENT_STATUS_LABELS[state.status][language],
    dueDate: state.dueDate,
    overdue: summary.overdue,
    dueSoon: summary.dueSoon,
  };
}

/** What happened to an assignment, as timeline entries for its linked question: from the folded state, oldest first. */
export function timelineEntriesOf(state: ExistingAssignmentState, language: Language) {
  const label = (type: keyof typeof ASSIGNMENT_EVENT_LABELS) => ASSIGNMENT_EVENT_LABELS[type][language];
  const entries: Array<{ type: keyof typeof ASSIGNMENT_EVENT_LABELS; label: string; occurredAt: string; actor: unknown; detail: string | null }> = [
    {
      type: 'AssignmentGiven',
      label: label('AssignmentGiven'),
      occurredAt: state.givenAt,
      actor: state.givenByActor,
      detail: `${state.title} (${state.dueDateHistory[0].dueDate})`,
    },
  ];
  if (state.acceptedAt)
    entries.push({ type: 'AssignmentAccepted', label: label('AssignmentAccepted'), occurredAt: state.acceptedAt, actor: null, detail: null });
  for (const note of state.progressNotes)
    entries.push({
      type: 'AssignmentProgressNoted',
      label: label('AssignmentProgressNoted'),
      occurredAt: note.notedAt,
      actor: note.notedBy,
      detail: note.note,
    });
  for (const extension of state.dueDateHistory.slice(1)) {
    entries.push({
      type: 'AssignmentDueDateExtended',
      label: label('AssignmentDueDateExtended'),
      occurredAt: extension.setAt,
      actor: extension.setBy,
      detail: `${extension.dueDate}: ${extension.reason}`,
    });
  }
  for (const delivery of state.deliveries) {
    entries.push({
      type: 'AssignmentDelivered',
      label: label('AssignmentDelivered'),
      occurredAt: delivery.deliveredAt,
      actor: delivery.deliveredBy,
      detail: delivery.document.reference,
    });
    if (delivery.review) {
      const type = delivery.review.outcome === 'approved' ? 'AssignmentApproved' : 'AssignmentReturned';
      entries.push({ type, label: label(type), occurredAt: delivery.review.reviewedAt, actor: delivery.review.reviewedBy, detail: delivery.review.comments });
    }
  }
  if (state.cancelled) {
    entries.push({
      type: 'AssignmentCancelled',
      label: label('AssignmentCancelled'),
      occurredAt: state.cancelled.cancelledAt,
      actor: state.cancelled.cancelledBy,
      detail: state.cancelled.reason,
    });
  }
  // Rows folded before ApprovalNotAttached existed have no list.
  for (const refusal of state.notAttached ?? []) {
    entries.push({
      type: 'ApprovalNotAttached',
      label: label('ApprovalNotAttached'),
      occurredAt: refusal.recordedAt,
      actor: null,
      detail: `${refusal.rule}: ${refusal.message}`,
    });
  }
  return entries.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/** Reads rm_assignment; overdue and due soon are computed against the injected clock's date in Sweden. */
@Injectable()
export class AssignmentQueries {
  constructor(
    @Inject(READ_SQL) private readonly sql: ReadSql,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(): string {
    return today(this.clock);
  }

  async list(query: ListAssignmentsQueryDto & { responsible?: string }): Promise<Page<AssignmentSummary> & { today: string }> {
    const day = this.today();
    const soon = addDays(day, this.config.assignments.dueSoonDays);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const open = `a.status IN ('given', 'in-progress')`;
    if (query.responsible) where.push(`a.responsible_user_id = ${param(query.responsible)}`);
    if (query.organisation) where.push(`a.responsible_organisation_id = ${param(query.organisation)}`);
    if (query.forum) where.push(`a.given_by = ${param(query.forum)}`);
    if (query.question) where.push(`${param(query.question)} = ANY(a.question_ids)`);
    if (query.status) where.push(`a.status = ${param(query.status)}`);
    if (query.overdue === 'true') where.push(`${open} AND a.due_date < ${param(day)}::date`);
    if (query.overdue === 'false') where.push(`NOT (${open} AND a.due_date < ${param(day)}::date)`);
    const dueSoon = () => `${open} AND a.due_date >= ${param(day)}::date AND a.due_date <= ${param(soon)}::date`;
    if (query.dueSoon === 'true') where.push(dueSoon());
    if (query.dueSoon === 'false') where.push(`NOT (${dueSoon()})`);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const rows: Array<{ state: ExistingAssignmentState; total: string }> = await this.sql.query(
      `SELECT a.state, count(*) OVER () AS total FROM ${ASSIGNMENT_TABLE} a
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.due_date ASC, a.assignment_id
       LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    return {
      today: day,
      items: rows.map((row) => presentAssignment(row.state, day, this.config.assignments.dueSoonDays)),
      total: rows.length ? Number(rows[0].total) : 0,
      limit,
      offset,
    };
  }

  /** Open assignments (given, in progress, delivered) linked to any of these questions, as outstanding-log items. */
  async logItemsForQuestions(questionIds: string[], language: Language): Promise<Map<string, Array<ReturnType<typeof logItemOf>>>> {
    const byQuestion = new Map<string, Array<ReturnType<typeof logItemOf>>>();
    if (questionIds.length === 0) return byQuestion;
    const day = this.today();
    // Named: asked on every page of the log; one plan (the GIN index on question_ids) suits every page.
    const rows: Array<{ state: ExistingAssignmentState }> = await this.sql.prepared(
      'fragespar_log_assignment_items',
      `SELECT state FROM ${ASSIGNMENT_TABLE} WHERE question_ids && $1::text[] AND status IN ('given', 'in-progress', 'delivered')
       ORDER BY due_date, assignment_id`,
      [questionIds],
    );
    for (const { state } of rows) {
      for (const questionId of state.questionIds.filter((id) => questionIds.includes(id))) {
        byQuestion.set(questionId, [...(byQuestion.get(questionId) ?? []), logItemOf(state, language, day, this.config.assignments.dueSoonDays)]);
      }
    }
    return byQuestion;
  }

  /** Every assignment linked to a question, with what happened to it, for the question's timeline. */
  async forQuestionTimeline(questionId: string, language: Language) {
    const day = this.today();
    const rows: Array<{ state: ExistingAssignmentState }> = await this.sql.query(
      `SELECT state FROM ${ASSIGNMENT_TABLE} WHERE $1 = ANY(question_ids) ORDER BY given_at, assignment_id`,
      [questionId],
    );
    return rows.map(({ state }) => ({ ...presentAssignment(state, day, this.config.assignments.dueSoonDays), entries: timelineEntriesOf(state, language) }));
  }
}
