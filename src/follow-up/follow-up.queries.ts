import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT, PagedQueryDto } from '../http/read-query.dto';
import {
  DECISION_BODY_LABELS,
  DECISION_OUTCOME_LABELS,
  MATRIX_STATUS_LABELS,
  MatrixStatus,
  OBLIGATION_KIND_LABELS,
  ObligationKind,
  type QuestionStage,
  stageRef,
} from '../questions/contract';
import { ORGANISATIONS, OrganisationId, type StructureNames, findOrganisation, organisationRef } from '../reference-data/organisations';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { FollowUpMatrixQueryDto, MatrixSort } from './follow-up.dto';
import { IN_FORCE_OBLIGATIONS, OBLIGATION_SELECT, RECORDED_HISTORY, stageRunOf } from './follow-up-history.projection';
import { DECISION_TALLY, FOLLOW_UP_QUESTION_TABLE, type FollowUpQuestionRow } from './follow-up.projection';
import type { ObligationRow } from './obligation-history';

const MATRIX_ORDER: Record<MatrixSort, string> = {
  decideBy: 'q.decide_by ASC',
  '-decideBy': 'q.decide_by DESC',
  positionDate: 'q.position_date ASC',
  '-positionDate': 'q.position_date DESC',
  title: 'lower(q.title) ASC',
  '-title': 'lower(q.title) DESC',
};

const KINDS = Object.keys(OBLIGATION_KIND_LABELS) as ObligationKind[];

/**
 * Follow-up per member organisation: what it owes and what it did, and the
 * overview of every organisation against every question with a position in force.
 * Overdue is decided here, against today's date in Sweden, never stored.
 */
@Injectable()
export class FollowUpQueries {
  constructor(
    @Inject(READ_SQL) private readonly sql: ReadSql,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * One page of what the organisation owes (due date first, so overdue first,
   * then title) and one of what it has done (latest first, then title): the
   * history's versions in force, each page read off the history's partial
   * index of its status, with each question's stage now (its latest stage run
   * in the history's rm_follow_up_question_history, as the page as of a past
   * instant reads the run in force then), so the page waits for
   * follow-up-history alone; the counts by kind from the history's day tally,
   * summed over every day (each version counts +1 on the day it begins and
   * -1 on the day it ends).
   * Titles compare in code-point order, as in the embedded database (which has
   * no Swedish collation) and in the as-of view.
   */
  async forOrganisation(
    organisationId: OrganisationId,
    query: PagedQueryDto,
    language: Language,
    organisation: { id: string; name: string; kind: string } = findOrganisation(organisationId),
  ) {
    const day = today(this.clock);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const page = (status: 'owed' | 'done', order: string): Promise<Array<ObligationRow & { stage: QuestionStage }>> =>
      this.sql.query(
        `SELECT ${OBLIGATION_SELECT}, q.stage FROM (
           SELECT * FROM ${IN_FORCE_OBLIGATIONS} o WHERE o.organisation_id = $1 AND o.status = '${status}'
           ORDER BY ${order} LIMIT $2 OFFSET $3) o
         CROSS JOIN LATERAL ${stageRunOf(RECORDED_HISTORY.questionHistory, 'o.question_id', 'v.stage')} q
         ORDER BY ${order}`,
        [organisationId, limit, offset],
      );
    const [owedRows, doneRows, counted] = await Promise.all([
      page('owed', 'o.due_date ASC NULLS LAST, o.title COLLATE "C", o.obligation_key COLLATE "C"'),
      page('done', 'o.done_on DESC NULLS LAST, o.title COLLATE "C", o.obligation_key COLLATE "C"'),
      this.sql.query(
        // A few hundred rows per organisation (its days × kinds × due dates), overdue judged against today.
        `SELECT kind, status, sum(items)::int AS n, (coalesce(sum(items) FILTER (WHERE status = 'owed' AND due_date <> '' AND due_date < $2), 0))::int AS overdue
         FROM ${RECORDED_HISTORY.dayTally} WHERE organisation_id = $1 GROUP BY kind, status`,
        [organisationId, day],
      ) as Promise<Array<{ kind: ObligationKind; status: 'owed' | 'done'; n: number; overdue: number }>>,
    ]);
    const present = (row: (typeof owedRows)[number]) => ({
      question: { id: row.question_id, title: row.title, stage: stageRef(row.stage, language) },
      ...presentObligation(row, language, day, theOrganisation(organisation)),
    });
    const countOf = (kind: ObligationKind | undefined, status: 'owed' | 'done', field: 'n' | 'overdue' = 'n') =>
      counted.filter((row) => (!kind || row.kind === kind) && row.status === status).reduce((sum, row) => sum + row[field], 0);
    return {
      organisation,
      today: day,
      counts: {
        owed: countOf(undefined, 'owed'),
        overdue: countOf(undefined, 'owed', 'overdue'),
        done: countOf(undefined, 'done'),
        byKind: Object.fromEntries(
          KINDS.map((kind) => [
            kind,
            {
              label: OBLIGATION_KIND_LABELS[kind][language],
              owed: countOf(kind, 'owed'),
              overdue: countOf(kind, 'owed', 'overdue'),
              done: countOf(kind, 'done'),
            },
          ]),
        ),
      },
      owed: owedRows.map(present),
      done: doneRows.map(present),
      limit,
      offset,
    };
  }

  /**
   * The grid: `organisations` are its columns (the register's, from
   * StructureDirectory; the default data's without it). Its rows are read
   * from rm_follow_up_question, the default order off its index
   * rm_follow_up_question_grid; the decided cells from the page's
   * member-decision rows; the organisations' totals from rm_decision_tally.
   */
  async matrix(query: FollowUpMatrixQueryDto, language: Language, organisations: ReadonlyArray<{ id: string; name: string }> = ORGANISATIONS) {
    const day = today(this.clock);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const params: unknown[] = [];
    const forum = query.forum ? ` AND q.forum = $${params.push(query.forum)}` : '';

    // Totals from the tally the follow-up projection keeps, not from every question with a position.
    const tallyParams: unknown[] = [];
    const tallyWhere = query.forum ? `WHERE forum = $${tallyParams.push(query.forum)}` : '';
    const tallied: Array<{ organisation_id: string; decide_by: string; decided: boolean; questions: number }> = await this.sql.query(
      `SELECT organisation_id, decide_by, decided, sum(questions)::int AS questions FROM ${DECISION_TALLY.table} ${tallyWhere}
       GROUP BY organisation_id, decide_by, decided`,
      tallyParams,
    );
    const totalQuestions = tallied.filter((row) => row.organisation_id === '').reduce((sum, row) => sum + row.questions, 0);
    const totalsOf = (organisationId: string) => {
      const totals = { awaiting: 0, overdue: 0, decided: 0, notConcerned: totalQuestions };
      for (const row of tallied.filter((row) => row.organisation_id === organisationId)) {
        totals.notConcerned -= row.questions;
        if (row.decided) totals.decided += row.questions;
        else if (row.decide_by < day) totals.overdue += row.questions;
        else totals.awaiting += row.questions;
      }
      return totals;
    };
    const rows: FollowUpQuestionRow[] = await this.sql.query(
      `SELECT q.question_id, q.stage, q.title, q.forum, q.is_open, q.position_number, q.position_date::text AS position_date, q.decide_by::text AS decide_by,
              q.meeting_reference, q.organisations_to_decide, q.pending_decisions
       FROM ${FOLLOW_UP_QUESTION_TABLE} q WHERE q.is_open AND q.position_number IS NOT NULL${forum}
       ORDER BY ${MATRIX_ORDER[query.sort ?? 'decideBy']}, lower(q.title), q.question_id
       LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    const decisions: ObligationRow[] =
      rows.length === 0
        ? []
        : await this.sql.query(
            `SELECT ${OBLIGATION_SELECT} FROM ${IN_FORCE_OBLIGATIONS} o
             WHERE o.question_id = ANY($1::text[]) AND o.kind = 'member-decision' AND o.status = 'done'`,
            [rows.map((row) => row.question_id)],
          );
    const decisionOf = new Map(
      decisions
        .filter((row) => row.kind === 'member-decision' && row.details.positionInForce === true)
        .map((row) => [`${row.question_id}:${row.organisation_id}`, row]),
    );

    const statusOf = (question: FollowUpQuestionRow, decideBy: string, organisationId: string): MatrixStatus => {
      if (!question.organisations_to_decide.includes(organisationId)) return 'not-concerned';
      if (!question.pending_decisions.includes(organisationId)) return 'decided';
      return decideBy < day ? 'overdue' : 'awaiting';
    };
    const tally = (statuses: MatrixStatus[]) => ({
      awaiting: statuses.filter((s) => s === 'awaiting').length,
      overdue: statuses.filter((s) => s === 'overdue').length,
      decided: statuses.filter((s) => s === 'decided').length,
      notConcerned: statuses.filter((s) => s === 'not-concerned').length,
    });

    return {
      today: day,
      statusLabels: Object.fromEntries(Object.entries(MATRIX_STATUS_LABELS).map(([status, labels]) => [status, labels[language]])),
      organisations: organisations.map((organisation) => ({
        id: organisation.id,
        name: organisation.name,
        totals: totalsOf(organisation.id),
      })),
      items: rows.map((row) => {
        const question = {
          id: row.question_id,
          title: row.title,
          stage: stageRef(row.stage, language),
          position: { number: row.position_number!, date: row.position_date, decideBy: row.decide_by, meetingReference: row.meeting_reference },
        };
        const decideBy = row.decide_by ?? '';
        const cells = organisations.map((organisation) => {
          const status = statusOf(row, decideBy, organisation.id);
          const decision = status === 'decided' ? decisionOf.get(`${row.question_id}:${organisation.id}`) : undefined;
          return {
            organisationId: organisation.id,
            status,
            statusLabel: MATRIX_STATUS_LABELS[status][language],
            ...(decision
              ? {
                  outcome: decision.outcome,
                  outcomeLabel: decision.outcome ? DECISION_OUTCOME_LABELS[decision.outcome][language] : null,
                  decidedOn: decision.done_on,
                  reference: decision.reference,
                }
              : {}),
          };
        });
        return { question, counts: tally(cells.map((cell) => cell.status)), cells };
      }),
      total: totalQuestions,
      limit,
      offset,
    };
  }
}

/** The names of one organisation, the one a follow-up is of (its name as the register gives it): what its obligations are shown with. */
export function theOrganisation(organisation: { id: string; name: string }): StructureNames {
  return { organisation: (id) => (id === organisation.id ? organisation.name : undefined), forum: () => undefined };
}

/**
 * One thing an organisation owes or did on a question, in the reader's
 * language, as every reader shows it (this page, the pages as of a point,
 * the audit's answers, the outstanding log's open items). Each kind's members
 * are added to the common ones with Object.assign rather than a spread
 * followed by new members, which keeps the hundreds of these on a page of the
 * log cheap to collect.
 */
export function presentObligation(row: ObligationRow, language: Language, today: string, names?: StructureNames) {
  const done = row.status === 'done';
  const common = {
    key: row.obligation_key,
    kind: row.kind,
    label: OBLIGATION_KIND_LABELS[row.kind][language],
    status: row.status,
    organisation: organisationRef(row.organisation_id, names),
    dueDate: row.due_date,
    overdue: !done && row.due_date !== null && row.due_date < today,
    doneOn: row.done_on,
    reference: row.reference,
  };
  switch (row.kind) {
    case 'consultation-answer': {
      const details = row.details;
      return Object.assign(
        common,
        { consultation: { id: details.consultationId, subject: details.subject, answerBy: details.answerBy } },
        done ? { answer: details.answer, amended: details.amended === true } : undefined,
      );
    }
    case 'member-decision': {
      const details = row.details;
      return Object.assign(
        common,
        {
          position: {
            number: details.positionNumber,
            inForce: details.positionInForce === true,
            date: details.positionDate,
            decideBy: details.decideBy,
            meetingReference: details.meetingReference ?? null,
          },
        },
        done
          ? {
              decision: {
                outcome: row.outcome ? { code: row.outcome, label: DECISION_OUTCOME_LABELS[row.outcome][language] } : null,
                body: { code: details.body, label: (details.body && DECISION_BODY_LABELS[details.body]?.[language]) ?? details.body },
                bodyName: details.bodyName ?? null,
                decidedOn: row.done_on,
                reference: row.reference,
                note: details.note ?? null,
                corrected: details.corrected === true,
                correctionReason: details.correctionReason ?? null,
              },
            }
          : undefined,
      );
    }
    case 'feedback-at-home': {
      const details = row.details;
      return Object.assign(
        common,
        'reportedTo' in details
          ? { feedback: { reportedTo: details.reportedTo, reportedOn: row.done_on, summary: details.summary ?? null } }
          : { decidedOn: details.decidedOn ?? null },
      );
    }
  }
}
