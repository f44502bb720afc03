import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import type { Language } from '../http/accept-language';
import { FORUMS, type ForumId } from '../reference-data/forums';
import type { StructureNames } from '../reference-data/organisations';
import type { AgendaItem } from './meeting.events';
import { MEETING_TABLE } from './meeting.projection';
import { openItemsOf, type ExistingMeetingState } from './meeting.state';

export interface OpenMeetingItem {
  meeting: ExistingMeetingState;
  item: AgendaItem;
}

/**
 * The items meetings left open and no later meeting has taken up: an open item
 * carried onto a later agenda (its `origin` names it) is that meeting's to
 * settle, so it is open only there.
 */
export function stillOpenItems(meetings: ExistingMeetingState[], carried: Set<string> = carriedItems(meetings)): OpenMeetingItem[] {
  return meetings.flatMap((meeting) =>
    openItemsOf(meeting)
      .filter((item) => !carried.has(`${meeting.id}:${item.itemId}`))
      .map((item) => ({ meeting, item })),
  );
}

/** `meetingId:itemId` of every item the meetings' agendas carried on from an earlier meeting. */
function carriedItems(meetings: ExistingMeetingState[]): Set<string> {
  return new Set(
    meetings.flatMap((meeting) =>
      meeting.agenda.filter((item) => item.origin.kind === 'earlier-meeting').map((item) => `${item.origin.meetingId}:${item.origin.itemId}`),
    ),
  );
}

/** Reads of the `meetings` read model: lists, the calendar, open items (for the next agenda and the outstanding log). */
@Injectable()
export class MeetingQueries {
  constructor(@Inject(READ_SQL) private readonly sql: ReadSql) {}

  async list(forum?: ForumId): Promise<ExistingMeetingState[]> {
    const rows: Array<{ state: ExistingMeetingState }> = await this.sql.query(
      `SELECT state FROM ${MEETING_TABLE} ${forum ? 'WHERE forum = $1' : ''} ORDER BY starts_at, meeting_id`,
      forum ? [forum] : [],
    );
    return rows.map((row) => row.state);
  }

  /** The open items the forum's earlier meetings left, oldest meeting first. */
  async openItemsBefore(meeting: ExistingMeetingState): Promise<OpenMeetingItem[]> {
    const rows: Array<{ state: ExistingMeetingState }> = await this.sql.query(
      `SELECT state FROM ${MEETING_TABLE} WHERE forum = $1 AND starts_at < $2 AND meeting_id <> $3 ORDER BY starts_at, meeting_id`,
      [meeting.forum, meeting.startsAt, meeting.id],
    );
    return stillOpenItems(rows.map((row) => row.state));
  }

  /**
   * Open meeting items on the given questions, as entries of the outstanding log (GET /log) saying which meeting
   * they came from, owed by the meeting's forum under the name `names` gives it (the register's today, read
   * beside these reads; the default data's name, or the id, without it).
   */
  async logItemsForQuestions(questionIds: string[], language: Language, names?: Promise<StructureNames | undefined>) {
    const byQuestion = new Map<string, Array<ReturnType<typeof logItemOf>>>();
    if (questionIds.length === 0) return byQuestion;
    // Read whole only the meetings that left something open (open_items counts openItemsOf) on a
    // listed question; of every meeting, only which items its agenda carried on. Every meeting's
    // state was parsed for every page of the log, and meetings accumulate year by year.
    const [rows, carriedRows, named]: [Array<{ state: ExistingMeetingState }>, Array<{ meeting_id: string; item_id: string }>, StructureNames | undefined] =
      await Promise.all([
        // Named: asked on every page of the log, with nothing in them whose plan depends on the values.
        this.sql.prepared(
          'fragespar_log_meeting_items',
          `SELECT state FROM ${MEETING_TABLE} m
         WHERE m.open_items > 0 AND EXISTS (SELECT 1 FROM jsonb_array_elements(m.state->'agenda') item WHERE item->>'questionId' = ANY($1::text[]))
         ORDER BY m.starts_at, m.meeting_id`,
          [questionIds],
        ),
        this.sql.prepared(
          'fragespar_log_carried_items',
          `SELECT item->'origin'->>'meetingId' AS meeting_id, item->'origin'->>'itemId' AS item_id
         FROM ${MEETING_TABLE} m, jsonb_array_elements(m.state->'agenda') item WHERE item->'origin'->>'kind' = 'earlier-meeting'`,
          [],
        ),
        names,
      ]);
    const carried = new Set(carriedRows.map((row) => `${row.meeting_id}:${row.item_id}`));
    for (const open of stillOpenItems(
      rows.map((row) => row.state),
      carried,
    )) {
      const questionId = open.item.questionId;
      if (!questionId || !questionIds.includes(questionId)) continue;
      byQuestion.set(questionId, [...(byQuestion.get(questionId) ?? []), logItemOf(open, language, named)]);
    }
    return byQuestion;
  }
}

function logItemOf({ meeting, item }: OpenMeetingItem, language: Language, names?: StructureNames) {
  const forum = FORUMS.find((candidate) => candidate.id === meeting.forum);
  const outcome = meeting.outcomes.find((entry) => entry.itemId === item.itemId);
  const name = names?.forum(meeting.forum, language) ?? (language === 'en' ? forum?.nameEn : forum?.nameSv) ?? meeting.forum;
  return {
    source: 'meeting' as const,
    owedBy: { kind: 'forum' as const, id: meeting.forum, name },
    kind: 'meeting-item' as const,
    label: language === 'en' ? 'Open item from a meeting' : 'Öppen punkt från sammanträde',
    meeting: { id: meeting.id, title: meeting.title, forum: meeting.forum, startsAt: meeting.startsAt },
    itemId: item.itemId,
    title: item.title,
    itemKind: item.kind,
    status: outcome ? ('continued' as const) : ('no-outcome' as const),
    summary: outcome?.summary ?? null,
    dueDate: null,
    overdue: false,
  };
}
