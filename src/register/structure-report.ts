/**
 * The annual report on the structure (docs/structure.md#the-annual-report):
 * for the yearly dialogue on the collaboration structure that the 2021
 * evaluation recommends, what one calendar year held — each forum's meetings
 * held and the questions it handled (by logic), the positions taken, each
 * organisation's decisions and how late they came, and the structure's own
 * changes. Pure: computed from stored events, which the caller reads from the
 * log; days are the days things happened (effective days, meeting days).
 */
import type { RecordedEvent } from '../event-store/event-store.port';
import { type MeetingEvent, isMeetingEventType } from '../meetings/contract';
import { type QuestionLogic, type QuestionState, evolveQuestion, initialQuestionState, questionEventOf } from '../questions/contract';
import { FORUMS } from '../reference-data/forums';
import { ORGANISATIONS } from '../reference-data/organisations';
import { calendarDateOf, effectiveDateOf } from '../shared-kernel/calendar';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { REGISTER_EVENT_LABELS, type RegisterEvent, isRegisterEventType } from './register.events';
import { evolve as evolveStructure, forumVersionOn, isMemberOn, type StructureState } from './register.state';

export interface StructureReport {
  year: number;
  generatedAt: string;
  forums: Array<{
    id: string;
    /** As the register named it at the end of the year (the reference data's name without a register). */
    nameSv: string;
    nameEn: string;
    meetingsHeld: number;
    questionsHandled: { process: number; decision: number; total: number };
  }>;
  positions: { taken: number; items: Array<{ questionId: string; title: string; on: string; organisationsToDecide: number; decideBy: string }> };
  decisions: Array<{
    organisationId: string;
    name: string;
    recorded: number;
    onTime: number;
    late: number;
    /** Days after the due date, summed and at most, over the late ones. */
    daysLateTotal: number;
    daysLateMax: number;
  }>;
  structuralChanges: Array<{ on: string; type: string; label: { sv: string; en: string }; subject: string; detail: string }>;
}

/** The events a forum's work is made of: everything but the raising, the declining and the member organisations' own records. */
const FORUM_WORK = new Set([
  'QuestionAccepted',
  'QuestionMovedToForum',
  'DialogueRecorded',
  'QuestionTabled',
  'InputSubmitted',
  'ConsultationOpened',
  'ConsultationClosed',
  'DecisionDocumentAttached',
  'PositionTaken',
  'PositionSentBackToDialogue',
  'QuestionClosed',
  'QuestionWithdrawn',
  'QuestionReopened',
]);

const REGISTER_STREAM = `${registerDecider.streamPrefix}-${STRUCTURE_ID}`;

/** Whole days from `from` to `to` (calendar dates), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** One question's year tallies, per forum: the questions it handled under each logic. */
export interface StructureReportTallies {
  /** Meetings held (not cancelled, attendance recorded) per forum, in the year they started. */
  meetingsHeld: Map<string, number>;
  /** Questions handled in the year per forum and logic. */
  handled: Map<string, { process: number; decision: number }>;
  /** Positions taken in the year, in log order. */
  positions: StructureReport['positions']['items'];
  /** Decisions recorded in the year per organisation. */
  decisions: Map<string, { recorded: number; onTime: number; late: number; daysLateTotal: number; daysLateMax: number }>;
}

/** What one question event adds to the report, each under the year it counts in (the read model's rows; structure-report.projection.ts). */
export interface QuestionReportRows {
  handled?: { year: number; forum: string; logic: QuestionLogic; questionId: string };
  position?: { year: number; questionId: string; title: string; on: string; organisationsToDecide: number; decideBy: string };
  decision?: { year: number; organisationId: string; daysLate: number };
}

const yearOf = (day: string) => Number(day.slice(0, 4));

/** The report's rows from one question event, given the question's state before and after it. */
export function questionReportRowsOf(recorded: RecordedEvent, before: QuestionState, after: QuestionState): QuestionReportRows {
  const rows: QuestionReportRows = {};
  if (!after.exists) return rows;
  const event = questionEventOf(recorded);
  const day = effectiveDateOf(recorded.metadata);
  if (FORUM_WORK.has(event.type)) {
    const forum = 'forum' in event.data ? event.data.forum : event.type === 'QuestionMovedToForum' ? event.data.toForum : before.exists ? before.forum : null;
    const logic = after.logic;
    if (forum && logic) rows.handled = { year: yearOf(day), forum, logic, questionId: after.id };
  }
  if (event.type === 'PositionTaken') {
    rows.position = {
      year: yearOf(day),
      questionId: after.id,
      title: after.title,
      on: day,
      organisationsToDecide: event.data.organisationsToDecide.length,
      decideBy: event.data.decideBy,
    };
  }
  if (event.type === 'MemberDecisionRecorded' && before.exists && before.position) {
    rows.decision = {
      year: yearOf(event.data.decidedOn),
      organisationId: event.data.organisationId,
      daysLate: daysBetween(before.position.decideBy, event.data.decidedOn),
    };
  }
  return rows;
}

/** A decision's tally added to an organisation's. */
export function addDecision(tallies: StructureReportTallies['decisions'], organisationId: string, daysLate: number): void {
  const tally = tallies.get(organisationId) ?? { recorded: 0, onTime: 0, late: 0, daysLateTotal: 0, daysLateMax: 0 };
  tally.recorded += 1;
  if (daysLate > 0) {
    tally.late += 1;
    tally.daysLateTotal += daysLate;
    tally.daysLateMax = Math.max(tally.daysLateMax, daysLate);
  } else tally.onTime += 1;
  tallies.set(organisationId, tally);
}

/** The report computed from the events themselves (the whole log): the reference the read model is tested against. */
export function buildStructureReport(year: number, events: readonly RecordedEvent[], generatedAt: string, timeZone: string): StructureReport {
  const inYear = (day: string) => day.startsWith(`${year}-`);

  // Meetings: held if not cancelled and its attendance recorded, counted in the year it started (Swedish time).
  const meetings = new Map<string, { forum: string; startsOn: string; cancelled: boolean; attended: boolean }>();
  for (const recorded of events.filter((event) => isMeetingEventType(event.type))) {
    const event = { type: recorded.type, data: recorded.data } as MeetingEvent;
    const id = event.data.meetingId;
    if (event.type === 'MeetingScheduled') {
      meetings.set(id, { forum: event.data.forum, startsOn: calendarDateOf(event.data.startsAt, timeZone), cancelled: false, attended: false });
      continue;
    }
    const meeting = meetings.get(id);
    if (!meeting) continue;
    if (event.type === 'MeetingRescheduled') meeting.startsOn = calendarDateOf(event.data.startsAt, timeZone);
    if (event.type === 'MeetingCancelled') meeting.cancelled = true;
    if (event.type === 'AttendanceRecorded') meeting.attended = true;
  }
  const meetingsHeld = new Map<string, number>();
  for (const meeting of meetings.values()) {
    if (meeting.cancelled || !meeting.attended || !inYear(meeting.startsOn)) continue;
    meetingsHeld.set(meeting.forum, (meetingsHeld.get(meeting.forum) ?? 0) + 1);
  }

  // Questions, each folded in order: which forum handled it under which logic, positions, decisions and lateness.
  const handledSets = new Map<string, Map<QuestionLogic, Set<string>>>();
  const positions: StructureReport['positions']['items'] = [];
  const decisions: StructureReportTallies['decisions'] = new Map();
  const states = new Map<string, QuestionState>();
  for (const recorded of events.filter((event) => event.streamId.startsWith('question-'))) {
    const before = states.get(recorded.streamId) ?? initialQuestionState();
    const after = evolveQuestion(before, recorded);
    states.set(recorded.streamId, after);
    const rows = questionReportRowsOf(recorded, before, after);
    if (rows.handled && rows.handled.year === year) {
      const { forum, logic, questionId } = rows.handled;
      const byLogic = handledSets.get(forum) ?? new Map<QuestionLogic, Set<string>>();
      byLogic.set(logic, (byLogic.get(logic) ?? new Set()).add(questionId));
      handledSets.set(forum, byLogic);
    }
    if (rows.position && rows.position.year === year) {
      const { year: _year, ...item } = rows.position;
      positions.push(item);
    }
    if (rows.decision && rows.decision.year === year) addDecision(decisions, rows.decision.organisationId, rows.decision.daysLate);
  }
  const handled = new Map(
    [...handledSets].map(([forum, byLogic]) => [forum, { process: byLogic.get('process')?.size ?? 0, decision: byLogic.get('decision')?.size ?? 0 }]),
  );
  return assembleStructureReport(year, events, { meetingsHeld, handled, positions, decisions }, generatedAt);
}

/**
 * The report from the year's tallies and the register's stream: the
 * structure at the end of the year and its changes in the year are folded
 * here from the register's own (small) stream; the rest is the tallies.
 */
export function assembleStructureReport(year: number, events: readonly RecordedEvent[], tallies: StructureReportTallies, generatedAt: string): StructureReport {
  const inYear = (day: string) => day.startsWith(`${year}-`);
  const yearEnd = `${year}-12-31`;
  const { meetingsHeld, handled, decisions } = tallies;

  // The structure as the register held it, folded from its stream in order.
  let structure: StructureState = registerDecider.initialState();
  const structuralChanges: StructureReport['structuralChanges'] = [];
  for (const recorded of events.filter((event) => event.streamId === REGISTER_STREAM && isRegisterEventType(event.type))) {
    const event = { type: recorded.type, data: recorded.data } as RegisterEvent;
    const before = structure;
    structure = evolveStructure(structure, event);
    const change = describeChange(event, before, structure, effectiveDateOf(recorded.metadata));
    if (inYear(change.on)) structuralChanges.push({ ...change, type: event.type, label: REGISTER_EVENT_LABELS[event.type] });
  }
  structuralChanges.sort((a, b) => a.on.localeCompare(b.on));

  const forumIds = new Set<string>([
    ...Object.values(structure.forums)
      .filter((forum) => forum.establishedOn <= yearEnd && (!forum.ended || forum.ended.on >= `${year}-01-01`))
      .map((forum) => forum.id),
    ...meetingsHeld.keys(),
    ...handled.keys(),
  ]);
  const forumOrder = (id: string) => {
    const index = FORUMS.findIndex((forum) => forum.id === id);
    return index === -1 ? FORUMS.length : index;
  };
  const forums = [...forumIds]
    .sort((a, b) => forumOrder(a) - forumOrder(b) || a.localeCompare(b))
    .map((id) => {
      const names = forumNames(structure, id, yearEnd);
      const process = handled.get(id)?.process ?? 0;
      const decision = handled.get(id)?.decision ?? 0;
      return { id, ...names, meetingsHeld: meetingsHeld.get(id) ?? 0, questionsHandled: { process, decision, total: process + decision } };
    });

  const organisationIds = new Set<string>([
    ...Object.keys(structure.organisations).filter(
      (id) => isMemberOn(structure, id, yearEnd) || structure.organisations[id].memberships.some((m) => m.to !== undefined && inYear(m.to)),
    ),
    ...decisions.keys(),
  ]);
  const organisationName = (id: string) => structure.organisations[id]?.name ?? ORGANISATIONS.find((o) => o.id === id)?.name ?? id;
  const decisionRows = [...organisationIds]
    .map((id) => ({
      organisationId: id,
      name: organisationName(id),
      ...(decisions.get(id) ?? { recorded: 0, onTime: 0, late: 0, daysLateTotal: 0, daysLateMax: 0 }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));

  const positions = [...tallies.positions].sort((a, b) => a.on.localeCompare(b.on) || a.title.localeCompare(b.title, 'sv'));
  return { year, generatedAt, forums, positions: { taken: positions.length, items: positions }, decisions: decisionRows, structuralChanges };
}

function forumNames(structure: StructureState, id: string, date: string): { nameSv: string; nameEn: string } {
  const forum = structure.forums[id];
  if (forum) {
    const version = forumVersionOn(forum, date);
    return { nameSv: version.nameSv, nameEn: version.nameEn };
  }
  const known = FORUMS.find((candidate) => candidate.id === id);
  return { nameSv: known?.nameSv ?? id, nameEn: known?.nameEn ?? id };
}

/** The day a register event took effect, what it concerns and what changed, in Swedish. */
function describeChange(
  event: RegisterEvent,
  before: StructureState,
  after: StructureState,
  recordedOn: string,
): { on: string; subject: string; detail: string } {
  const forumName = (id: string, state: StructureState, date: string) => forumNames(state, id, date).nameSv;
  const personName = (id: string) => after.people[id]?.name ?? id;
  switch (event.type) {
    case 'OrganisationJoined':
      return { on: event.data.joinedOn, subject: event.data.name, detail: 'ansluten som part' };
    case 'OrganisationLeft':
      return { on: event.data.leftOn, subject: after.organisations[event.data.organisationId]?.name ?? event.data.organisationId, detail: 'utträdd' };
    case 'ForumEstablished':
      return { on: event.data.establishedOn, subject: event.data.nameSv, detail: `inrättat av ${event.data.establishedBy}` };
    case 'ForumRenamed':
      return { on: event.data.renamedOn, subject: event.data.previousNameSv, detail: `nytt namn: ${event.data.nameSv}` };
    case 'ForumRoleChanged':
      return { on: event.data.changedOn, subject: forumName(event.data.forumId, after, event.data.changedOn), detail: event.data.role.sv };
    case 'ForumMerged':
      return {
        on: event.data.mergedOn,
        subject: forumName(event.data.forumId, before, event.data.mergedOn),
        detail: `sammanslaget med ${forumName(event.data.intoForumId, after, event.data.mergedOn)}`,
      };
    case 'ForumDiscontinued':
      return { on: event.data.discontinuedOn, subject: forumName(event.data.forumId, before, event.data.discontinuedOn), detail: 'avvecklat' };
    case 'PersonRegistered':
      return { on: recordedOn, subject: event.data.name, detail: organisationOf(after, event.data.organisationId) };
    case 'PersonRoleBegan':
    case 'PersonRoleEnded': {
      const person = after.people[event.data.personId];
      const role = person?.roles.find((candidate) => candidate.roleId === event.data.roleId);
      const where = role?.forumId ? forumName(role.forumId, after, role.from) : role?.organisationId ? organisationOf(after, role.organisationId) : '';
      const what = `${ROLE_NAMES_SV[role?.role ?? ''] ?? role?.role ?? ''}${where ? `, ${where}` : ''}`;
      return event.type === 'PersonRoleBegan'
        ? { on: event.data.from, subject: personName(event.data.personId), detail: `tillträdde: ${what}` }
        : { on: event.data.to, subject: personName(event.data.personId), detail: `lämnade: ${what}` };
    }
  }
}

const organisationOf = (state: StructureState, id: string) => state.organisations[id]?.name ?? id;

const ROLE_NAMES_SV: Record<string, string> = {
  chair: 'ordförande',
  'vice-chair': 'vice ordförande',
  member: 'ledamot',
  secretary: 'sekreterare',
  registrar: 'registrator',
};
