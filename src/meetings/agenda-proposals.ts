import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { OutstandingLogQueries, OutstandingLogQueryDto } from '../outstanding-log/contract';
import { decisionDocumentsOf } from '../question-list/contract';
import type { ForumId } from '../reference-data/forums';
import { derivedId } from './execute-meeting-command';
import { MeetingQueries } from './meeting-queries';
import type { AgendaItemInput } from './meeting.commands';
import type { AdvanceDocument } from './meeting.events';
import type { ExistingMeetingState } from './meeting.state';

/** How many open questions of a forum a proposal looks at. */
const PROPOSAL_LIMIT = 200;

interface LogQuestion {
  id: string;
  title: string;
  stage: { code: string };
  logic: { code: 'process' | 'decision' } | null;
}

/**
 * The proposed agenda of a meeting (förslag till dagordning):
 * 1. the open items earlier meetings of the same forum left (continued, or
 *    without an outcome) and no later meeting took up, each saying which
 *    meeting it comes from;
 * 2. the questions in the outstanding log that are ready for this forum:
 *    in the chairs' council, those with a decision document waiting
 *    (position items, decision logic); in any forum, questions in process
 *    logic that are prepared or in dialogue (dialogue items); positions first.
 * Item ids derive from the meeting and the source, so proposing again keeps them.
 */
@Injectable()
export class AgendaProposals {
  constructor(
    @Inject(READ_SQL) private readonly sql: ReadSql,
    private readonly log: OutstandingLogQueries,
    private readonly meetings: MeetingQueries,
  ) {}

  async proposeAgenda(meeting: ExistingMeetingState): Promise<AgendaItemInput[]> {
    const carried = await this.meetings.openItemsBefore(meeting);
    const items: AgendaItemInput[] = carried.map(({ meeting: from, item }) => ({
      itemId: derivedId(`${meeting.id}:carried:${from.id}:${item.itemId}`),
      title: item.title,
      kind: item.kind,
      logic: item.logic,
      ...(item.questionId ? { questionId: item.questionId } : {}),
      documents: item.documents,
      origin: { kind: 'earlier-meeting', meetingId: from.id, itemId: item.itemId },
    }));
    const onAgenda = new Set(items.map((item) => item.questionId).filter(Boolean));

    const query = Object.assign(new OutstandingLogQueryDto(), { forum: meeting.forum, limit: PROPOSAL_LIMIT, offset: 0, sort: 'dueDate' });
    const log = (await this.log.log(query, 'sv')) as { items: LogQuestion[] };
    // Positions first, then dialogue; within each, the log's order (overdue and earliest due first).
    const ready = log.items
      .filter((question) => !onAgenda.has(question.id) && readiness(meeting.forum, question) !== undefined)
      .sort((a, b) => Number(readiness(meeting.forum, a) !== 'position') - Number(readiness(meeting.forum, b) !== 'position'));
    const documents = await this.decisionDocuments(ready.map((question) => question.id));
    for (const question of ready) {
      const kind = readiness(meeting.forum, question)!;
      items.push({
        itemId: derivedId(`${meeting.id}:question:${question.id}`),
        title: question.title,
        kind,
        logic: kind === 'position' ? 'decision' : 'process',
        questionId: question.id,
        documents: kind === 'position' ? (documents.get(question.id) ?? []) : [],
        origin: { kind: 'outstanding-log' },
      });
    }
    return items;
  }

  private async decisionDocuments(questionIds: string[]): Promise<Map<string, AdvanceDocument[]>> {
    const found = new Map<string, AdvanceDocument[]>();
    for (const [questionId, documents] of await decisionDocumentsOf(this.sql, questionIds)) {
      found.set(
        questionId,
        documents.map((document) => ({ title: document.title, reference: document.reference, ...(document.url ? { url: document.url } : {}) })),
      );
    }
    return found;
  }
}

/** What a question in the log is ready for at a meeting of this forum, if anything. */
function readiness(forum: ForumId, question: LogQuestion): 'position' | 'dialogue' | undefined {
  if (forum === 'chairs-council' && question.stage.code === 'decision-document') return 'position';
  if (question.logic?.code === 'process' && (question.stage.code === 'accepted' || question.stage.code === 'dialogue')) return 'dialogue';
  return undefined;
}
