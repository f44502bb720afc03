/**
 * Events of a meeting (sammanträde) of one forum: its schedule, its agenda
 * (dagordning) from proposal to publication and amendments, the attendance list
 * (närvarolista), the outcome of each item, and the minutes (protokoll) from
 * draft through approval (justering) to publication and corrections.
 * The stored contract: never change the meaning of a stored field; add a schema
 * version and an upcaster instead. Catalogued in docs/events.md and
 * docs/meetings.md. Who, when and in what capacity travel in the metadata.
 * Instants are ISO-8601 strings; optional fields are left out, not null.
 */
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';

/** What an item is for: information, dialogue, a position (ställningstagande) or a decision (beslut). */
export type AgendaItemKind = 'information' | 'dialogue' | 'position' | 'decision';
export const AGENDA_ITEM_KINDS: readonly AgendaItemKind[] = ['information', 'dialogue', 'position', 'decision'];

/** The logic that governs the item: processlogik (still open) or beslutslogik (a clear choice). */
export type AgendaItemLogic = 'process' | 'decision';
export const AGENDA_ITEM_LOGICS: readonly AgendaItemLogic[] = ['process', 'decision'];

/** A document sent out in advance (utskick) so members can read up. */
export interface AdvanceDocument {
  title: string;
  reference?: string;
  url?: string;
}

/** Where an item came from when it was proposed: the outstanding log, an earlier meeting's open item, or by hand. */
export interface AgendaItemOrigin {
  kind: 'outstanding-log' | 'earlier-meeting' | 'manual';
  /** For `earlier-meeting`: the meeting and item it is carried over from. */
  meetingId?: string;
  itemId?: string;
}

/** One agenda item as recorded; the item's number (§) is its place in the list. */
export interface AgendaItem {
  itemId: string;
  title: string;
  kind: AgendaItemKind;
  logic: AgendaItemLogic;
  questionId?: string;
  documents: AdvanceDocument[];
  origin: AgendaItemOrigin;
  /** Entered the agenda after its deadline (sent in late). */
  late: boolean;
}

/** Attendance status of a party. */
export type AttendanceStatus = 'attended' | 'absent';

/** One line of the attendance list (närvarolista). */
export interface AttendanceEntry {
  organisationId: OrganisationId;
  status: AttendanceStatus;
  /** Who attended, e.g. "Anna Andersson". */
  name?: string;
  /** In which capacity: ordinarie ledamot, ersättare, tjänsteperson … */
  capacity?: string;
  /** Took part digitally. */
  digital: boolean;
}

/** A position taken through a meeting item; carried into the question's own TakePosition. */
export interface ItemPosition {
  text: string;
  organisationsToDecide: OrganisationId[];
  decideBy: string;
}

/** An item's outcome: concluded, or continued (an open item carried to the forum's next meeting). */
export type ItemOutcomeStatus = 'concluded' | 'continued';
export const ITEM_OUTCOME_STATUSES: readonly ItemOutcomeStatus[] = ['concluded', 'continued'];

/**
 * An adjuster (justerare) of the minutes, named when they are drafted. The
 * adjuster approves as the signed-in person whose token's `sub` is `userId`.
 */
export interface Adjuster {
  /**
   * The person's user id (the token's `sub`). `null` only in minutes drafted
   * before adjusters were identified (MinutesDrafted version 1, read through
   * meeting.upcasters.ts): such minutes are drafted again before approval.
   */
  userId: string | null;
  name: string;
  organisationId?: OrganisationId;
}

/** Version 1 of an adjuster, as stored before adjusters were identified: a name only. */
export type AdjusterV1 = Omit<Adjuster, 'userId'>;

/** Sammanträde utlyst */
export interface MeetingScheduled {
  type: 'MeetingScheduled';
  data: {
    meetingId: string;
    forum: ForumId;
    title: string;
    startsAt: string;
    endsAt: string;
    place?: string;
    digitalLink?: string;
    agendaDeadline: string;
    /** The annual wheel (årshjul) the meeting was scheduled by, if any. */
    yearWheel?: number;
  };
}

/**
 * Sammanträde flyttat: a new time, deadline, place or link (by hand, or by a
 * revision of the annual wheel). The whole new schedule; the earlier one stays
 * in the meeting's history. The calendar feed shows it with a higher SEQUENCE.
 */
export interface MeetingRescheduled {
  type: 'MeetingRescheduled';
  data: {
    meetingId: string;
    title: string;
    startsAt: string;
    endsAt: string;
    place?: string;
    digitalLink?: string;
    agendaDeadline: string;
    reason: string;
    /** The annual wheel whose revision moved it, if any. */
    yearWheel?: number;
  };
}

/** Sammanträde inställt: it will not be held; it stays in the calendar as STATUS:CANCELLED. */
export interface MeetingCancelled {
  type: 'MeetingCancelled';
  data: { meetingId: string; reason: string; yearWheel?: number };
}

/** Förslag till dagordning, from the outstanding log and the open items of earlier meetings. */
export interface AgendaProposed {
  type: 'AgendaProposed';
  data: { meetingId: string; items: AgendaItem[] };
}

/** Dagordning fastställd (utkast): the chair accepts or edits the proposal; replaces the draft. */
export interface AgendaSet {
  type: 'AgendaSet';
  data: { meetingId: string; items: AgendaItem[] };
}

/** Dagordning publicerad: frozen from here on; changes are amendments. */
export interface AgendaPublished {
  type: 'AgendaPublished';
  data: { meetingId: string; items: AgendaItem[] };
}

/** Ändring i publicerad dagordning, with a reason. */
export interface AgendaAmended {
  type: 'AgendaAmended';
  data: { meetingId: string; added: AgendaItem[]; removedItemIds: string[]; reason: string };
}

/** Närvaro registrerad: the whole list, replacing any earlier one. */
export interface AttendanceRecorded {
  type: 'AttendanceRecorded';
  data: { meetingId: string; attendance: AttendanceEntry[] };
}

/** Utfall av en punkt. A dialogue or position outcome on a question item is followed by the question's own event. */
export interface ItemOutcomeRecorded {
  type: 'ItemOutcomeRecorded';
  data: { meetingId: string; itemId: string; status: ItemOutcomeStatus; summary: string; questionId?: string; position?: ItemPosition };
}

/**
 * Utfall ej överfört till frågan: the question refused the step an item's
 * outcome causes (RecordDialogue or TakePosition) — e.g. it was withdrawn in
 * the meantime. Recorded by the reaction that carries outcomes into questions
 * (meeting-outcome.reaction.ts), naming the question's rule; the outcome itself
 * stands, as the meeting's record of what was said.
 */
export interface MeetingOutcomeNotCarried {
  type: 'MeetingOutcomeNotCarried';
  data: { meetingId: string; itemId: string; questionId: string; outcomeEventId: string; rule: string; message: string };
}

/** Protokoll upprättat (utkast), a snapshot of agenda, attendance and outcomes. */
export interface MinutesDrafted {
  type: 'MinutesDrafted';
  data: { meetingId: string; adjusters: Adjuster[]; notes?: string };
}

/** Justerare har justerat: one named adjuster approved the minutes, as the signed-in person, on a day (the date in TIME_ZONE). */
export interface MinutesApprovedByAdjuster {
  type: 'MinutesApprovedByAdjuster';
  data: { meetingId: string; adjuster: Adjuster; adjustedOn: string };
}

/**
 * Protokoll justerat: every named adjuster has approved; immutable from here on.
 * Follows the last adjuster's MinutesApprovedByAdjuster in the same append;
 * `adjustedOn` is that last approval's day.
 */
export interface MinutesApproved {
  type: 'MinutesApproved';
  data: { meetingId: string; adjustedBy: Adjuster[]; adjustedOn: string };
}

/** Protokoll publicerat (anslaget på webben). */
export interface MinutesPublished {
  type: 'MinutesPublished';
  data: { meetingId: string };
}

/** Rättelse av justerat protokoll: the approved text stays; the correction is added beside it. */
export interface MinutesCorrected {
  type: 'MinutesCorrected';
  data: { meetingId: string; itemId?: string; correction: string; reason: string };
}

export type MeetingEvent =
  | MeetingScheduled
  | MeetingRescheduled
  | MeetingCancelled
  | AgendaProposed
  | AgendaSet
  | AgendaPublished
  | AgendaAmended
  | AttendanceRecorded
  | ItemOutcomeRecorded
  | MeetingOutcomeNotCarried
  | MinutesDrafted
  | MinutesApprovedByAdjuster
  | MinutesApproved
  | MinutesPublished
  | MinutesCorrected;

export type MeetingEventType = MeetingEvent['type'];

/** Bump an entry (and add an upcaster in meeting.upcasters.ts) when the shape of that event's `data` changes. */
export const MEETING_EVENT_SCHEMA_VERSIONS: Record<MeetingEventType, number> = {
  MeetingScheduled: 1,
  MeetingRescheduled: 1,
  MeetingCancelled: 1,
  AgendaProposed: 1,
  AgendaSet: 1,
  AgendaPublished: 1,
  AgendaAmended: 1,
  AttendanceRecorded: 1,
  ItemOutcomeRecorded: 1,
  MeetingOutcomeNotCarried: 1,
  // 2: each adjuster carries the `userId` that approves (v1: a name only; upcast with userId null).
  MinutesDrafted: 2,
  MinutesApprovedByAdjuster: 1,
  // 2: `adjustedBy` are the named adjusters, each with `userId` (v1: names as the approver typed them; upcast with userId null).
  MinutesApproved: 2,
  MinutesPublished: 1,
  MinutesCorrected: 1,
};

export const MEETING_EVENT_LABELS: Record<MeetingEventType, { sv: string; en: string }> = {
  MeetingScheduled: { sv: 'Sammanträde utlyst', en: 'Meeting scheduled' },
  MeetingRescheduled: { sv: 'Sammanträde flyttat', en: 'Meeting rescheduled' },
  MeetingCancelled: { sv: 'Sammanträde inställt', en: 'Meeting cancelled' },
  AgendaProposed: { sv: 'Förslag till dagordning', en: 'Agenda proposed' },
  AgendaSet: { sv: 'Dagordning fastställd', en: 'Agenda set' },
  AgendaPublished: { sv: 'Dagordning publicerad', en: 'Agenda published' },
  AgendaAmended: { sv: 'Ändring i dagordning', en: 'Agenda amended' },
  AttendanceRecorded: { sv: 'Närvaro registrerad', en: 'Attendance recorded' },
  ItemOutcomeRecorded: { sv: 'Utfall av punkt', en: 'Item outcome recorded' },
  MeetingOutcomeNotCarried: { sv: 'Utfall ej överfört till frågan', en: 'Outcome not carried into the question' },
  MinutesDrafted: { sv: 'Protokoll upprättat', en: 'Minutes drafted' },
  MinutesApprovedByAdjuster: { sv: 'Justerare har justerat protokollet', en: 'Minutes approved by an adjuster' },
  MinutesApproved: { sv: 'Protokoll justerat', en: 'Minutes approved' },
  MinutesPublished: { sv: 'Protokoll publicerat', en: 'Minutes published' },
  MinutesCorrected: { sv: 'Rättelse av protokoll', en: 'Minutes corrected' },
};

export function isMeetingEventType(type: string): type is MeetingEventType {
  return Object.prototype.hasOwnProperty.call(MEETING_EVENT_SCHEMA_VERSIONS, type);
}
