import { Injectable } from '@nestjs/common';
import { AssignmentQueries } from '../assignments/contract';
import type { Language } from '../http/accept-language';
import { MeetingQueries } from '../meetings/contract';
import { OutstandingLogQueryDto } from './outstanding-log.dto';
import { OutstandingLogQueries } from './outstanding-log.queries';

/**
 * The outstanding log as GET /log and the web pages show it: a page of the
 * log's questions, and the items other slices add to them.
 */
@Injectable()
export class OutstandingLog {
  constructor(
    private readonly queries: OutstandingLogQueries,
    private readonly assignments: AssignmentQueries,
    private readonly meetings: MeetingQueries,
  ) {}

  async read(query: OutstandingLogQueryDto, language: Language) {
    const { log, extra } = await this.queries.logWith(query, language, (questionIds, names) =>
      Promise.all([
        // ── Assignments (src/assignments/): open assignments linked to a listed question join its open items. ──
        this.assignments.logItemsForQuestions(questionIds, language),
        // ── Meetings (src/meetings/): items a meeting left open on a listed question, with the meeting they came from. ──
        this.meetings.logItemsForQuestions(questionIds, language, names),
      ]),
    );
    const [assigned, fromMeetings] = extra;
    return {
      ...log,
      items: log.items.map((item) => {
        const extra = [...(assigned.get(item.id) ?? []), ...(fromMeetings.get(item.id) ?? [])];
        return extra.length === 0 ? item : { ...item, overdue: item.overdue || extra.some((entry) => entry.overdue), openItems: [...item.openItems, ...extra] };
      }),
    };
    // ── end assignments and meetings ──
  }
}

export type OutstandingLogPage = Awaited<ReturnType<OutstandingLog['read']>>;
