import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { OutstandingLogQueries, OutstandingLogQueryDto } from '../outstanding-log/contract';
import { decisionDocumentsOf } from '../question-list/contract';
import { CHAIRS_COUNCIL } from '../reference-data/forums';
import { RegisterReader, isEmpty } from '../register/contract';
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
 *    in the chairs' council (the register's forum of kind `chairs-council`), those with a decision document waiting
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
    private readonly register: RegisterReader,
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
    const [logged, structure] = await Promise.all([this.log.log(query, 'sv'), this.register.fromReadModel()]);
    const log = logged as { items: LogQuestion[] };
    // The chairs' council takes positions: the register's forum of that kind (another collaboration's own), or the default data's.
    const takesPositions = isEmpty(structure)
      ? meeting.forum === CHAIRS_COUNCIL
      : Object.hasOwn(structure.forums, meeting.forum) && structure.forums[meeting.forum].kind === 'chairs-council';
    const readiness = (question: LogQuestion) => readinessOf(takesPositions, question);
    // Positions first, then dialogue; within each, the log's order (overdue and earliest due first).
    const ready = log.items
      .filter((question) => !onAgenda.has(question.id) && readiness(question) !== undefined)
      .sort((a, b) => Number(readiness(a) !== 'position') - Number(readiness(b) !== 'position'));
    const documents = await this.decisionDocuments(ready.map((question) => question.id));
    for (const question of ready) {
      const kind = readiness(question)!;
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

/** What a question in the log is ready for at a meeting of a forum (one that takes positions, or not), if anything. */
function readinessOf(takesPositions: boolean, question: LogQuestion): 'position' | 'dialogue' | undefined {
  if (takesPositions && question.stage.code === 'decision-document') return 'position';
  if (question.logic?.code === 'process' && (question.stage.code === 'accepted' || question.stage.code === 'dialogue')) return 'dialogue';
  return undefined;
}
