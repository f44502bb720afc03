/**
 * Commands on a meeting (sammanträde). `decide` turns each into events or
 * refuses it. Each command's type is also its action in the access matrix.
 * Item ids arrive in the command (the controller assigns new ones), so the
 * decider stays pure.
 */
import type { ForumId } from '../reference-data/forums';
import type {
  AdvanceDocument,
  Adjuster,
  AgendaItemKind,
  AgendaItemLogic,
  AgendaItemOrigin,
  AttendanceEntry,
  ItemOutcomeStatus,
  ItemPosition,
} from './meeting.events';

/** An agenda item as a command gives it; `late` is the decider's to set. */
export interface AgendaItemInput {
  itemId: string;
  title: string;
  kind: AgendaItemKind;
  logic: AgendaItemLogic;
  questionId?: string;
  documents: AdvanceDocument[];
  origin?: AgendaItemOrigin;
}

/** Utlysa ett sammanträde */
export interface ScheduleMeeting {
  type: 'ScheduleMeeting';
  data: {
    meetingId: string;
    forum: ForumId;
    title?: string;
    startsAt: string;
    endsAt?: string;
    place?: string;
    digitalLink?: string;
    agendaDeadline: string;
    yearWheel?: number;
  };
}

/** Flytta ett sammanträde: the whole new schedule, with a reason. */
export interface RescheduleMeeting {
  type: 'RescheduleMeeting';
  data: {
    meetingId: string;
    title?: string;
    startsAt: string;
    endsAt?: string;
    place?: string;
    digitalLink?: string;
    agendaDeadline: string;
    reason: string;
    yearWheel?: number;
  };
}

/** Ställa in ett sammanträde, with a reason. */
export interface CancelMeeting {
  type: 'CancelMeeting';
  data: { meetingId: string; reason: string; yearWheel?: number };
}

/** Föreslå dagordning: the items come from the outstanding log (filled in by the handler). */
export interface ProposeAgenda {
  type: 'ProposeAgenda';
  data: { meetingId: string; items: AgendaItemInput[] };
}

/** Fastställa dagordningen (the chair accepts or edits the proposal) */
export interface SetAgenda {
  type: 'SetAgenda';
  data: { meetingId: string; items: AgendaItemInput[] };
}

/** Publicera dagordningen */
export interface PublishAgenda {
  type: 'PublishAgenda';
  data: { meetingId: string };
}

/** Ändra publicerad dagordning, with a reason */
export interface AmendAgenda {
  type: 'AmendAgenda';
  data: { meetingId: string; add: AgendaItemInput[]; removeItemIds: string[]; reason: string };
}

/** Registrera närvaro */
export interface RecordAttendance {
  type: 'RecordAttendance';
  data: { meetingId: string; attendance: AttendanceEntry[] };
}

/** Registrera utfall av en punkt */
export interface RecordItemOutcome {
  type: 'RecordItemOutcome';
  data: { meetingId: string; itemId: string; status: ItemOutcomeStatus; summary: string; position?: ItemPosition };
}

/** An adjuster as the draft names them: the person (user id, the token's `sub`) who will approve. */
export type AdjusterInput = Adjuster & { userId: string };

/** Upprätta protokoll, naming the adjusters (justerare) */
export interface DraftMinutes {
  type: 'DraftMinutes';
  data: { meetingId: string; adjusters: AdjusterInput[]; notes?: string };
}

/** Justera protokollet: the acting person (the command's actor) approves as one of the named adjusters, today. */
export interface ApproveMinutes {
  type: 'ApproveMinutes';
  data: { meetingId: string };
}

/** Publicera protokollet */
export interface PublishMinutes {
  type: 'PublishMinutes';
  data: { meetingId: string };
}

/** Rätta justerat protokoll */
export interface CorrectMinutes {
  type: 'CorrectMinutes';
  data: { meetingId: string; itemId?: string; correction: string; reason: string };
}

export type MeetingCommand =
  | ScheduleMeeting
  | RescheduleMeeting
  | CancelMeeting
  | ProposeAgenda
  | SetAgenda
  | PublishAgenda
  | AmendAgenda
  | RecordAttendance
  | RecordItemOutcome
  | DraftMinutes
  | ApproveMinutes
  | PublishMinutes
  | CorrectMinutes;

export type MeetingCommandType = MeetingCommand['type'];

/**
 * Recorded by the reaction that carries an item's outcome into its question
 * (meeting-outcome.reaction.ts) when the question refuses it; never from a
 * request, so it has no route and no rule in the access matrix.
 */
export interface RecordOutcomeNotCarried {
  type: 'RecordOutcomeNotCarried';
  data: { meetingId: string; itemId: string; questionId: string; outcomeEventId: string; rule: string; message: string };
}

/** Commands only the system gives (reactions), beside the people's MeetingCommand. */
export type MeetingSystemCommand = RecordOutcomeNotCarried;
