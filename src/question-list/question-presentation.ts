/**
 * How the read endpoints show a question: one shape for GET /questions,
 * GET /log and the follow-up, with labels in the reader's language. Rows come
 * from rm_question as QUESTION_SUMMARY_COLUMNS selects them.
 */
import type { Language } from '../http/accept-language';
import { CHAIRS_COUNCIL, FORUMS, type ForumId } from '../reference-data/forums';
import { type StructureNames, organisationRef } from '../reference-data/organisations';
import { LOGIC_LABELS, NEXT_STEP_LABELS, type NextStepCode, type QuestionLogic, type QuestionStage, type StepOwner, stageRef } from '../questions/contract';

/** An instant as the API gives it (`Date.prototype.toISOString`'s form: UTC, milliseconds, truncated as JavaScript's Date truncates). */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The columns of rm_question (alias `q`) a summary needs; dates as text
 * `YYYY-MM-DD`, instants as ISO text, and the organisations to decide and
 * still pending as counts, so the driver builds no Date or array per row only
 * to have it turned back into text (docs/performance.md, "Design choices for
 * speed").
 */
export const QUESTION_SUMMARY_COLUMNS = `q.question_id, q.title, q.topic_area, q.stage, q.is_open, q.forum, q.logic,
  q.responsible_name, q.responsible_organisation_id, q.raised_by_kind, q.raised_by_id,
  ${isoText('q.raised_at')} AS raised_at, ${isoText('q.last_changed_at')} AS last_changed_at,
  q.next_step, q.next_step_owner, q.next_step_due::text AS next_step_due, q.position_number, q.position_date::text AS position_date,
  q.decide_by::text AS decide_by, q.meeting_reference,
  cardinality(q.organisations_to_decide) AS organisations_to_decide_count, cardinality(q.pending_decisions) AS pending_decisions_count,
  q.last_meeting_forum, q.last_meeting_on::text AS last_meeting_on, q.last_meeting_reference, q.open_items,
  q.earliest_due_date::text AS earliest_due_date`;

export type { StructureNames };

export interface QuestionSummaryRow {
  question_id: string;
  title: string;
  topic_area: string;
  stage: QuestionStage;
  is_open: boolean;
  forum: ForumId | null;
  logic: QuestionLogic | null;
  responsible_name: string | null;
  responsible_organisation_id: string | null;
  raised_by_kind: 'organisation' | 'forum';
  raised_by_id: string;
  /** ISO-8601, UTC. */
  raised_at: string;
  /** ISO-8601, UTC. */
  last_changed_at: string;
  next_step: NextStepCode;
  next_step_owner: StepOwner | null;
  next_step_due: string | null;
  position_number: number | null;
  position_date: string | null;
  decide_by: string | null;
  meeting_reference: string | null;
  organisations_to_decide_count: number;
  pending_decisions_count: number;
  last_meeting_forum: ForumId | null;
  last_meeting_on: string | null;
  last_meeting_reference: string | null;
  open_items: number;
  earliest_due_date: string | null;
}

/**
 * A forum as a list names it: its id and name (the register's today, else the
 * default data's, else the id). The chairs' council the rules name
 * (CHAIRS_COUNCIL: a next step's owner, a position's meeting) is the
 * register's forum of that kind where it knows no forum by that id.
 */
export function forumRef(named: string, language: Language, names?: StructureNames) {
  const id = named === CHAIRS_COUNCIL && names && !names.forum(named, language) ? (names.chairsCouncil?.() ?? named) : named;
  const registered = names?.forum(id, language);
  if (registered) return { id, name: registered };
  const forum = FORUMS.find((candidate) => candidate.id === id);
  return { id, name: forum ? (language === 'en' ? forum.nameEn : forum.nameSv) : id };
}

export function ownerRef(owner: StepOwner | null, language: Language, names?: StructureNames) {
  if (!owner) return null;
  if (owner.kind === 'forum') return { kind: 'forum' as const, ...forumRef(owner.id, language, names) };
  return { kind: 'organisations' as const, organisations: owner.ids.map((id) => organisationRef(id, names)) };
}

/** A forum the structure register has ended, by id: the day, and how (into which forum, if merged). */
export type EndedForums = Readonly<Record<string, { on: string; how: 'merged' | 'discontinued'; intoForumId?: string }>>;

/**
 * A question as a list shows it: where it stands, who acts next and by when.
 * An open question whose forum the register has ended by today must be moved
 * (docs/structure.md): its next step says so, and `forumEnded` says how.
 */
export function presentQuestion(row: QuestionSummaryRow, language: Language, today: string, endedForums?: EndedForums, names?: StructureNames) {
  const overdue = row.earliest_due_date !== null && row.earliest_due_date < today;
  const ending = row.is_open && row.forum ? endedForums?.[row.forum] : undefined;
  const mustMove = ending && ending.on <= today ? ending : undefined;
  const step: NextStepCode = mustMove ? 'move-to-open-forum' : row.next_step;
  return {
    id: row.question_id,
    title: row.title,
    topicArea: row.topic_area,
    stage: stageRef(row.stage, language),
    open: row.is_open,
    forum: row.forum ? forumRef(row.forum, language, names) : null,
    logic: row.logic ? { code: row.logic, label: LOGIC_LABELS[row.logic][language] } : null,
    nextStep: mustMove
      ? { code: step, label: NEXT_STEP_LABELS[step][language], labels: NEXT_STEP_LABELS[step], owner: null, dueDate: null, overdue: false }
      : {
          code: step,
          label: NEXT_STEP_LABELS[step][language],
          labels: NEXT_STEP_LABELS[step],
          owner: ownerRef(row.next_step_owner, language, names),
          dueDate: row.next_step_due,
          overdue: row.next_step_due !== null && row.next_step_due < today,
        },
    forumEnded: mustMove ? { on: mustMove.on, how: mustMove.how, into: mustMove.intoForumId ? forumRef(mustMove.intoForumId, language, names) : null } : null,
    responsible: row.responsible_name
      ? { name: row.responsible_name, organisation: row.responsible_organisation_id ? organisationRef(row.responsible_organisation_id, names) : null }
      : null,
    raisedBy:
      row.raised_by_kind === 'forum'
        ? { kind: 'forum' as const, ...forumRef(row.raised_by_id, language, names) }
        : { kind: 'organisation' as const, ...organisationRef(row.raised_by_id, names) },
    raisedAt: row.raised_at,
    lastChangedAt: row.last_changed_at,
    position:
      row.position_number !== null
        ? {
            number: row.position_number,
            date: row.position_date,
            decideBy: row.decide_by,
            meetingReference: row.meeting_reference,
            organisationsToDecide: row.organisations_to_decide_count,
            decisionsIn: row.organisations_to_decide_count - row.pending_decisions_count,
            pendingDecisions: row.pending_decisions_count,
          }
        : null,
    lastMeeting:
      row.last_meeting_forum && row.last_meeting_on
        ? { forum: forumRef(row.last_meeting_forum, language, names), on: row.last_meeting_on, reference: row.last_meeting_reference }
        : null,
    openItems: row.open_items,
    earliestDueDate: row.earliest_due_date,
    overdue,
  };
}

/** Escapes `%`, `_` and `\` for a LIKE pattern that matches `text` anywhere. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Builds a WHERE clause with numbered parameters. `add` takes SQL with `?` for
 * each value, in order.
 */
export class SqlFilter {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...values: unknown[]): this {
    let index = 0;
    this.conditions.push(sql.replace(/\?/g, () => this.param(values[index++])));
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  where(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** Text search over title, description, topic, responsible, documents and position: Swedish stemming, or a plain substring. */
export function addTextSearch(filter: SqlFilter, q: string | undefined): void {
  if (!q) return;
  filter.add(`(q.search @@ websearch_to_tsquery('swedish', ?) OR q.search_text ILIKE ?)`, q, containsPattern(q));
}
