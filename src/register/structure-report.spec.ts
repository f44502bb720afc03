import type { RecordedEvent } from '../event-store/event-store.port';
import { QUESTION_EVENT_SCHEMA_VERSIONS } from '../questions/contract';
import { buildStructureReport, daysBetween } from './structure-report';

/**
 * The annual report from a handful of stored events: given a renamed forum, a
 * meeting held and one cancelled, a question accepted under decision logic
 * with a position, one decision on time and one late, when the report for 2025
 * is built, then each count is what those events hold — and nothing of 2024.
 */
const actor = { userId: 'u', displayName: 'U', role: 'admin', organisationId: 'region-varmland' };
let position = 0;
function stored(streamId: string, type: string, data: object, effectiveOn?: string): RecordedEvent {
  position += 1;
  return {
    id: `e${position}`,
    type,
    // Stored in the current shape of each question event; the others are at version 1.
    schemaVersion: (QUESTION_EVENT_SCHEMA_VERSIONS as Record<string, number>)[type] ?? 1,
    data,
    metadata: {
      actor,
      occurredAt: '2025-12-01T10:00:00.000Z',
      ...(effectiveOn ? { effectiveOn } : {}),
      correlationId: 'c',
      causationId: 'c',
      commandId: `c${position}`,
    },
    streamId,
    revision: 0,
    position: { commit: BigInt(position), prepare: BigInt(position) },
    recordedAt: new Date('2025-12-01T10:00:00.000Z'),
    hash: '',
    previousHash: '',
  };
}

const register = 'register-structure';
const q = 'question-q1';
const role = { sv: 'Roll', en: 'Role' };
const events: RecordedEvent[] = [
  stored(register, 'OrganisationJoined', { organisationId: 'kil', name: 'Kils kommun', kind: 'municipality', joinedOn: '2019-01-01' }),
  stored(register, 'OrganisationJoined', { organisationId: 'eda', name: 'Eda kommun', kind: 'municipality', joinedOn: '2019-01-01' }),
  stored(register, 'ForumEstablished', {
    forumId: 'chairs-council',
    kind: 'chairs-council',
    nameSv: 'VRAU',
    nameEn: 'VRAU',
    role,
    establishedOn: '2019-01-01',
    establishedBy: 'Avtalet',
  }),
  stored(register, 'ForumRenamed', {
    forumId: 'chairs-council',
    nameSv: 'Ordföranderådet',
    nameEn: "Chairs' Council",
    previousNameSv: 'VRAU',
    renamedOn: '2025-03-01',
  }),
  stored('meeting-m1', 'MeetingScheduled', {
    meetingId: 'm1',
    forum: 'chairs-council',
    title: 'M1',
    startsAt: '2025-02-10T12:00:00Z',
    endsAt: '2025-02-10T14:00:00Z',
    agendaDeadline: '2025-02-01T12:00:00Z',
  }),
  stored('meeting-m1', 'AttendanceRecorded', { meetingId: 'm1', attendance: [] }),
  stored('meeting-m2', 'MeetingScheduled', {
    meetingId: 'm2',
    forum: 'chairs-council',
    title: 'M2',
    startsAt: '2025-04-10T12:00:00Z',
    endsAt: '2025-04-10T14:00:00Z',
    agendaDeadline: '2025-04-01T12:00:00Z',
  }),
  stored('meeting-m2', 'MeetingCancelled', { meetingId: 'm2', reason: 'Inställt' }),
  stored(
    q,
    'QuestionRaised',
    { questionId: 'q1', title: 'Fråga', description: 'D', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'T', documents: [] },
    '2024-11-01',
  ),
  stored(
    q,
    'QuestionAccepted',
    { questionId: 'q1', forum: 'chairs-council', logic: 'decision', responsible: { givenName: 'A', familyName: 'B', organisationId: 'kil' } },
    '2024-12-01',
  ),
  stored(q, 'DecisionDocumentAttached', { questionId: 'q1', reference: 'R', title: 'U', proposedPosition: 'P' }, '2025-01-10'),
  stored(q, 'PositionTaken', { questionId: 'q1', text: 'S', organisationsToDecide: ['kil', 'eda'], decideBy: '2025-05-31' }, '2025-02-10'),
  stored(
    q,
    'MemberDecisionRecorded',
    { questionId: 'q1', organisationId: 'kil', body: 'municipal-council', decidedOn: '2025-05-20', outcome: 'adopted', reference: 'KF § 1' },
    '2025-05-20',
  ),
  stored(
    q,
    'MemberDecisionRecorded',
    { questionId: 'q1', organisationId: 'eda', body: 'municipal-council', decidedOn: '2025-06-10', outcome: 'adopted', reference: 'KF § 2' },
    '2025-06-10',
  ),
];

describe('the annual report on the structure, from stored events', () => {
  const report = buildStructureReport(2025, events, '2026-01-05T08:00:00.000Z', 'Europe/Stockholm');

  it('counts the meetings held (not the cancelled one) and the questions each forum handled, by logic; names the forum as at the year’s end', () => {
    expect(report.forums).toEqual([
      { id: 'chairs-council', nameSv: 'Ordföranderådet', nameEn: "Chairs' Council", meetingsHeld: 1, questionsHandled: { process: 0, decision: 1, total: 1 } },
    ]);
  });

  it('lists the positions of the year', () => {
    expect(report.positions).toEqual({
      taken: 1,
      items: [{ questionId: 'q1', title: 'Fråga', on: '2025-02-10', organisationsToDecide: 2, decideBy: '2025-05-31' }],
    });
  });

  it('tells each organisation’s decisions on time and late, with the days late', () => {
    expect(report.decisions).toEqual([
      { organisationId: 'eda', name: 'Eda kommun', recorded: 1, onTime: 0, late: 1, daysLateTotal: 10, daysLateMax: 10 },
      { organisationId: 'kil', name: 'Kils kommun', recorded: 1, onTime: 1, late: 0, daysLateTotal: 0, daysLateMax: 0 },
    ]);
  });

  it('lists the structural changes that took effect in the year, not those of earlier years', () => {
    expect(report.structuralChanges).toEqual([
      { on: '2025-03-01', type: 'ForumRenamed', label: { sv: 'Forum bytt namn', en: 'Forum renamed' }, subject: 'VRAU', detail: 'nytt namn: Ordföranderådet' },
    ]);
  });

  it('a year with nothing in it counts nothing', () => {
    const empty = buildStructureReport(2023, events, '2026-01-05T08:00:00.000Z', 'Europe/Stockholm');
    expect(empty.positions.taken).toBe(0);
    expect(empty.forums.every((forum) => forum.meetingsHeld === 0 && forum.questionsHandled.total === 0)).toBe(true);
    expect(empty.structuralChanges).toEqual([]);
  });

  it('counts days between calendar dates', () => {
    expect(daysBetween('2025-05-31', '2025-06-10')).toBe(10);
    expect(daysBetween('2025-03-30', '2025-03-31')).toBe(1);
  });
});
