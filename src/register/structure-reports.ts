import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { EVENT_STORE, EventStore, formatPosition } from '../event-store/event-store.port';
import { InvalidInputError } from '../http/problem';
import { ProjectionsService } from '../projections/projections.service';
import type { QuestionLogic } from '../questions/contract';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { calendarDateOf } from '../shared-kernel/calendar';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { type StructureReport, type StructureReportTallies, assembleStructureReport } from './structure-report';
import {
  REPORT_DECISION_TABLE,
  REPORT_HANDLED_TABLE,
  REPORT_MEETING_TABLE,
  REPORT_POSITION_TABLE,
  STRUCTURE_REPORT_PROJECTION,
} from './structure-report.projection';

/**
 * The annual report on the structure, read from its read model (the
 * `structure-report` projection's tables: meetings, questions handled,
 * positions, decisions) once the projection has reached the log's head, so it
 * reads its own writes. The structure at the end of the year and its changes
 * in the year are folded from the register's own stream, which is small
 * (docs/structure.md#the-annual-report).
 */
@Injectable()
export class StructureReports {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SQL) private readonly sql: ReadSql,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forYear(yearText: string): Promise<StructureReport> {
    if (!/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100) {
      throw new InvalidInputError([{ field: 'year', rule: 'isYear', message: 'year must be a calendar year, 2000–2100' }]);
    }
    const year = Number(yearText);
    const head = await this.store.headPosition();
    await this.projections.waitFor([STRUCTURE_REPORT_PROJECTION], head ? formatPosition(head) : undefined);
    const registerEvents = await this.store.readStream(`${registerDecider.streamPrefix}-${STRUCTURE_ID}`);
    return assembleStructureReport(year, registerEvents, await this.tallies(year), this.clock.now().toISOString());
  }

  private async tallies(year: number): Promise<StructureReportTallies> {
    const timeZone = this.clock.timeZone;
    // A meeting counts in the year it started in Swedish time: the rows around the year, the day computed as the reference does.
    const meetings = await this.sql.query<Array<{ forum: string; starts_at: string }>>(
      `SELECT forum, starts_at FROM ${REPORT_MEETING_TABLE} WHERE attended AND NOT cancelled AND starts_at >= $1 AND starts_at < $2`,
      [`${year - 1}-12-30`, `${year + 1}-01-03`],
    );
    const meetingsHeld = new Map<string, number>();
    for (const meeting of meetings) {
      if (!calendarDateOf(meeting.starts_at, timeZone).startsWith(`${year}-`)) continue;
      meetingsHeld.set(meeting.forum, (meetingsHeld.get(meeting.forum) ?? 0) + 1);
    }

    const handledRows = await this.sql.query<Array<{ forum: string; logic: QuestionLogic; questions: number }>>(
      `SELECT forum, logic, count(*)::int AS questions FROM ${REPORT_HANDLED_TABLE} WHERE year = $1 GROUP BY forum, logic ORDER BY forum, logic`,
      [year],
    );
    const handled: StructureReportTallies['handled'] = new Map();
    for (const row of handledRows) {
      const byLogic = handled.get(row.forum) ?? { process: 0, decision: 0 };
      if (row.logic === 'process' || row.logic === 'decision') byLogic[row.logic] += row.questions;
      handled.set(row.forum, byLogic);
    }

    const positionRows = await this.sql.query<
      Array<{ question_id: string; title: string; on_day: string; organisations_to_decide: number; decide_by: string }>
    >(
      `SELECT question_id, title, on_day, organisations_to_decide, decide_by FROM ${REPORT_POSITION_TABLE}
        WHERE year = $1 ORDER BY position_commit, position_prepare`,
      [year],
    );
    const positions = positionRows.map((row) => ({
      questionId: row.question_id,
      title: row.title,
      on: row.on_day,
      organisationsToDecide: row.organisations_to_decide,
      decideBy: row.decide_by,
    }));

    const decisionRows = await this.sql.query<
      Array<{ organisation_id: string; recorded: number; late: number; days_late_total: number; days_late_max: number }>
    >(
      `SELECT organisation_id, count(*)::int AS recorded, (count(*) FILTER (WHERE days_late > 0))::int AS late,
              coalesce(sum(days_late) FILTER (WHERE days_late > 0), 0)::int AS days_late_total,
              coalesce(max(days_late) FILTER (WHERE days_late > 0), 0)::int AS days_late_max
         FROM ${REPORT_DECISION_TABLE} WHERE year = $1 GROUP BY organisation_id`,
      [year],
    );
    const decisions: StructureReportTallies['decisions'] = new Map(
      decisionRows.map((row) => [
        row.organisation_id,
        { recorded: row.recorded, onTime: row.recorded - row.late, late: row.late, daysLateTotal: row.days_late_total, daysLateMax: row.days_late_max },
      ]),
    );

    return { meetingsHeld, handled, positions, decisions };
  }
}
