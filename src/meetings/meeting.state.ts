/**
 * The state of one meeting, folded from its events: what `decide` checks and
 * what `GET /meetings/:id` shows. The agenda's history (proposal, draft,
 * published, amendments) and the minutes' corrections are kept, not overwritten.
 * Plain JSON only.
 */
import type { Actor } from '../event-store/event-store.port';
import type { ForumId } from '../reference-data/forums';
import type { Adjuster, AgendaItem, AttendanceEntry, ItemOutcomeStatus, ItemPosition, MeetingEvent } from './meeting.events';

export interface MeetingEventContext {
  occurredAt: string;
  actor: Actor;
}

export interface ItemOutcome {
  itemId: string;
  status: ItemOutcomeStatus;
  summary: string;
  questionId?: string;
  position?: ItemPosition;
  recordedAt: string;
  recordedBy: Actor;
}

/** An outcome its question refused to take in (MeetingOutcomeNotCarried), with the question's rule. */
export interface OutcomeNotCarried {
  itemId: string;
  questionId: string;
  outcomeEventId: string;
  rule: string;
  message: string;
  recordedAt: string;
}

/** One move of the meeting (MeetingRescheduled): what it was before, and why it moved. */
export interface Reschedule {
  previous: { title: string; startsAt: string; endsAt: string; place: string | null; digitalLink: string | null; agendaDeadline: string };
  reason: string;
  rescheduledAt: string;
  rescheduledBy: Actor;
}

export interface Amendment {
  added: AgendaItem[];
  removedItemIds: string[];
  reason: string;
  amendedAt: string;
  amendedBy: Actor;
}

export interface MinutesCorrection {
  itemId?: string;
  correction: string;
  reason: string;
  correctedAt: string;
  correctedBy: Actor;
}

/** One named adjuster's approval (justering) of the current draft: who, on which day, when, signed in as whom. */
export interface AdjusterSignature {
  adjuster: Adjuster;
  adjustedOn: string;
  approvedAt: string;
  approvedBy: Actor;
}

export interface Minutes {
  status: 'draft' | 'approved' | 'published';
  adjusters: Adjuster[];
  notes?: string;
  draftedAt: string;
  /** The named adjusters who have approved the current draft; a new draft starts over. */
  signatures: AdjusterSignature[];
  /** Set when every named adjuster has approved: the minutes are justerade. */
  approval: { adjustedBy: Adjuster[]; adjustedOn: string; approvedAt: string; approvedBy: Actor } | null;
  publishedAt: string | null;
  corrections: MinutesCorrection[];
}

export interface ExistingMeetingState {
  exists: true;
  id: string;
  forum: ForumId;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  digitalLink: string | null;
  agendaDeadline: string;
  yearWheel: number | null;
  /** Moves so far, oldest first. */
  reschedules: Reschedule[];
  /** Set once the meeting is cancelled (inställt). */
  cancelled: { reason: string; cancelledAt: string; cancelledBy: Actor } | null;
  /** The calendar's SEQUENCE: 0 when scheduled, one more for each move and for a cancellation. */
  sequence: number;
  /** The last proposal from the outstanding log, as proposed. */
  proposedAgenda: AgendaItem[] | null;
  /** The current agenda: the draft until published, then the published one with its amendments applied. */
  agenda: AgendaItem[];
  agendaPublishedAt: string | null;
  amendments: Amendment[];
  attendance: AttendanceEntry[] | null;
  outcomes: ItemOutcome[];
  /** Outcomes their question refused (the reaction could not carry them); empty when every outcome was carried. */
  notCarried: OutcomeNotCarried[];
  minutes: Minutes | null;
  scheduledAt: string;
  lastChangedAt: string;
}

export type MeetingState = { exists: false } | ExistingMeetingState;

export function initialState(): MeetingState {
  return { exists: false };
}

export function evolve(state: MeetingState, event: MeetingEvent, context: MeetingEventContext): MeetingState {
  const at = context.occurredAt;
  const by = context.actor;
  if (event.type === 'MeetingScheduled') {
    const data = event.data;
    return {
      exists: true,
      id: data.meetingId,
      forum: data.forum,
      title: data.title,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      place: data.place ?? null,
      digitalLink: data.digitalLink ?? null,
      agendaDeadline: data.agendaDeadline,
      yearWheel: data.yearWheel ?? null,
      reschedules: [],
      cancelled: null,
      sequence: 0,
      proposedAgenda: null,
      agenda: [],
      agendaPublishedAt: null,
      amendments: [],
      attendance: null,
      outcomes: [],
      notCarried: [],
      minutes: null,
      scheduledAt: at,
      lastChangedAt: at,
    };
  }
  if (!state.exists) return state;
  const next = { ...state, lastChangedAt: at };
  switch (event.type) {
    case 'MeetingRescheduled': {
      const { title, startsAt, endsAt, place, digitalLink, agendaDeadline, reason } = event.data;
      const previous = {
        title: state.title,
        startsAt: state.startsAt,
        endsAt: state.endsAt,
        place: state.place,
        digitalLink: state.digitalLink,
        agendaDeadline: state.agendaDeadline,
      };
      // Meetings folded before these events existed have no reschedules or sequence yet (their rows in rm_meeting too).
      return {
        ...next,
        title,
        startsAt,
        endsAt,
        place: place ?? null,
        digitalLink: digitalLink ?? null,
        agendaDeadline,
        reschedules: [...(state.reschedules ?? []), { previous, reason, rescheduledAt: at, rescheduledBy: by }],
        sequence: (state.sequence ?? 0) + 1,
      };
    }
    case 'MeetingCancelled':
      return { ...next, cancelled: { reason: event.data.reason, cancelledAt: at, cancelledBy: by }, sequence: (state.sequence ?? 0) + 1 };
    case 'AgendaProposed':
      return { ...next, proposedAgenda: event.data.items };
    case 'AgendaSet':
      return { ...next, agenda: event.data.items };
    case 'AgendaPublished':
      return { ...next, agenda: event.data.items, agendaPublishedAt: at };
    case 'AgendaAmended': {
      const { added, removedItemIds, reason } = event.data;
      return {
        ...next,
        agenda: [...state.agenda.filter((item) => !removedItemIds.includes(item.itemId)), ...added],
        amendments: [...state.amendments, { added, removedItemIds, reason, amendedAt: at, amendedBy: by }],
      };
    }
    case 'AttendanceRecorded':
      return { ...next, attendance: event.data.attendance };
    case 'ItemOutcomeRecorded': {
      const { itemId, status, summary, questionId, position } = event.data;
      const outcome: ItemOutcome = {
        itemId,
        status,
        summary,
        ...(questionId ? { questionId } : {}),
        ...(position ? { position } : {}),
        recordedAt: at,
        recordedBy: by,
      };
      return { ...next, outcomes: [...state.outcomes.filter((entry) => entry.itemId !== itemId), outcome] };
    }
    case 'MeetingOutcomeNotCarried': {
      const { itemId, questionId, outcomeEventId, rule, message } = event.data;
      // Meetings folded before this event existed have no list yet (their rows in rm_meeting too).
      return { ...next, notCarried: [...(state.notCarried ?? []), { itemId, questionId, outcomeEventId, rule, message, recordedAt: at }] };
    }
    case 'MinutesDrafted':
      return {
        ...next,
        minutes: {
          status: 'draft',
          adjusters: event.data.adjusters,
          ...(event.data.notes ? { notes: event.data.notes } : {}),
          draftedAt: at,
          signatures: [],
          approval: null,
          publishedAt: null,
          corrections: [],
        },
      };
    case 'MinutesApprovedByAdjuster': {
      if (!state.minutes) return next;
      const { adjuster, adjustedOn } = event.data;
      // A read-model row stored before signatures were kept has none yet.
      const signatures = state.minutes.signatures ?? [];
      return { ...next, minutes: { ...state.minutes, signatures: [...signatures, { adjuster, adjustedOn, approvedAt: at, approvedBy: by }] } };
    }
    case 'MinutesApproved':
      if (!state.minutes) return next;
      return { ...next, minutes: { ...state.minutes, status: 'approved', approval: { ...event.data, approvedAt: at, approvedBy: by } } };
    case 'MinutesPublished':
      if (!state.minutes) return next;
      return { ...next, minutes: { ...state.minutes, status: 'published', publishedAt: at } };
    case 'MinutesCorrected':
      if (!state.minutes) return next;
      return {
        ...next,
        minutes: {
          ...state.minutes,
          corrections: [
            ...state.minutes.corrections,
            {
              ...(event.data.itemId ? { itemId: event.data.itemId } : {}),
              correction: event.data.correction,
              reason: event.data.reason,
              correctedAt: at,
              correctedBy: by,
            },
          ],
        },
      };
  }
}

/**
 * The items a meeting leaves open (öppna punkter): those continued, and, once
 * the minutes are drafted, those with no outcome. They are carried to the
 * forum's next meeting.
 */
export function openItemsOf(meeting: ExistingMeetingState): AgendaItem[] {
  return meeting.agenda.filter((item) => {
    const outcome = meeting.outcomes.find((entry) => entry.itemId === item.itemId);
    if (outcome) return outcome.status === 'continued';
    return meeting.minutes !== null;
  });
}
