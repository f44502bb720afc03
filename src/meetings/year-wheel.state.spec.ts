import type { Actor } from '../event-store/event-store.port';
import { deepFreeze } from '../shared-kernel/deep-freeze';
import type { PlannedMeeting, ScheduledMeeting, YearWheelEvent } from './year-wheel.events';
import { evolve, initialState, plannedChanges, rhythmOf, unscheduledMeetings, type ExistingYearWheelState, type YearWheelState } from './year-wheel.state';

// What `evolve` keeps of the annual wheel's events, and what adopting it changes (issue 30): given
// these events, the wheel is exactly this (compared strictly), each rule beside its valid neighbour.

const karin: Actor = { userId: 'karin', displayName: 'Karin Berg', role: 'working-group', organisationId: 'region-varmland' };
const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const at = (index: number) => `2026-11-0${index + 1}T10:00:00.000Z`;

function given(...events: Array<YearWheelEvent | [YearWheelEvent, Actor]>): YearWheelState {
  return events.reduce<YearWheelState>((state, entry, index) => {
    const [next, actor] = Array.isArray(entry) ? entry : [entry, karin];
    return deepFreeze(evolve(state, next, { occurredAt: at(index), actor }));
  }, deepFreeze(initialState()));
}

function existing(state: YearWheelState): ExistingYearWheelState {
  if (!state.exists) throw new Error('no wheel');
  return state;
}

const march: PlannedMeeting = { forum: 'council', startsAt: '2027-03-12T08:00:00.000Z', agendaDeadline: '2027-02-26T15:00:00.000Z', place: 'Karlstad' };
const june: PlannedMeeting = { forum: 'council', startsAt: '2027-06-10T07:00:00.000Z', agendaDeadline: '2027-05-27T14:00:00.000Z', place: 'Arvika' };
const theme = { month: 3, title: 'Budget' };
const proposedWith = (meetings: PlannedMeeting[], revision = false): YearWheelEvent => ({
  type: 'YearWheelProposed',
  data: { year: 2027, meetings, themes: [theme], revision },
});
const adoptedWith = (data: Partial<Extract<YearWheelEvent, { type: 'YearWheelAdopted' }>['data']>): YearWheelEvent => ({
  type: 'YearWheelAdopted',
  data: { year: 2027, scheduled: [], ...data },
});
const marchScheduled: ScheduledMeeting = { ...march, meetingId: 'm-1' };
const juneScheduled: ScheduledMeeting = { ...june, meetingId: 'm-2' };

describe('YearWheelProposed', () => {
  it('a first proposal: the plan, nothing scheduled, adopted or refused yet', () => {
    expect(given(proposedWith([march]))).toStrictEqual({
      exists: true,
      year: 2027,
      status: 'proposed',
      meetings: [march],
      themes: [theme],
      scheduled: [],
      cancelledMeetings: [],
      notCarried: [],
      proposedAt: at(0),
      proposedBy: karin,
      adoptedAt: null,
      adoptedBy: null,
      adoptions: 0,
    });
  });

  it('a revision after adoption: the new plan awaits adoption; what was scheduled, cancelled and adopted stays', () => {
    const dropped = adoptedWith({ scheduled: [juneScheduled], cancelled: [{ meetingId: 'm-1', forum: 'council', startsAt: march.startsAt }] });
    const notCarried: YearWheelEvent = {
      type: 'YearWheelChangeNotCarried',
      data: { year: 2027, adoptionEventId: 'e-2', meetingId: 'm-1', change: 'cancel', rule: 'meeting-held', message: 'M' },
    };
    const state = given(proposedWith([march]), [adoptedWith({ scheduled: [marchScheduled] }), chair], proposedWith([june], true), dropped, notCarried, [
      proposedWith([june, march], true),
      karin,
    ]);
    expect(state).toStrictEqual({
      exists: true,
      year: 2027,
      status: 'proposed',
      meetings: [june, march],
      themes: [theme],
      scheduled: [juneScheduled],
      cancelledMeetings: [{ meetingId: 'm-1', forum: 'council', startsAt: march.startsAt }],
      notCarried: [{ adoptionEventId: 'e-2', meetingId: 'm-1', change: 'cancel', rule: 'meeting-held', message: 'M', recordedAt: at(4) }],
      proposedAt: at(5),
      proposedBy: karin,
      adoptedAt: at(3),
      adoptedBy: karin,
      adoptions: 2,
    });
  });

  it('a revision of a wheel folded before cancellations and refusals were kept starts both lists empty', () => {
    const { cancelledMeetings: _c, notCarried: _n, ...older } = existing(given(proposedWith([march]), adoptedWith({ scheduled: [marchScheduled] })));
    const state = existing(evolve(older as ExistingYearWheelState, proposedWith([march], true), { occurredAt: at(2), actor: karin }));
    expect([state.cancelledMeetings, state.notCarried, state.scheduled, state.adoptions]).toStrictEqual([[], [], [marchScheduled], 1]);
  });
});

describe('YearWheelAdopted', () => {
  it('is ignored before a proposal', () => {
    expect(given(adoptedWith({ scheduled: [marchScheduled] }))).toStrictEqual({ exists: false });
  });

  it('schedules the new meetings, keeps who adopted when, and counts the adoption', () => {
    const state = existing(given(proposedWith([march]), [adoptedWith({ scheduled: [marchScheduled] }), chair]));
    expect(state).toStrictEqual({
      ...existing(given(proposedWith([march]))),
      status: 'adopted',
      scheduled: [marchScheduled],
      adoptedAt: at(1),
      adoptedBy: chair,
      adoptions: 1,
    });
  });

  it('a revision’s adoption moves the meetings it reschedules in place, drops those it cancels, and adds the new after', () => {
    const moved: ScheduledMeeting = { ...marchScheduled, startsAt: '2027-03-19T08:00:00.000Z' };
    const september: ScheduledMeeting = { ...june, startsAt: '2027-09-09T07:00:00.000Z', meetingId: 'm-3' };
    const state = existing(
      given(
        proposedWith([march, june]),
        adoptedWith({ scheduled: [marchScheduled, juneScheduled] }),
        proposedWith([], true),
        adoptedWith({
          scheduled: [september],
          rescheduled: [moved],
          cancelled: [{ meetingId: 'm-2', forum: 'council', startsAt: june.startsAt }],
        }),
      ),
    );
    expect([state.scheduled, state.cancelledMeetings, state.adoptions]).toStrictEqual([
      [moved, september],
      [{ meetingId: 'm-2', forum: 'council', startsAt: june.startsAt }],
      2,
    ]);
  });

  it('an adoption that names neither reschedules nor cancellations keeps every scheduled meeting and the earlier cancellations', () => {
    const state = existing(
      given(
        proposedWith([march, june]),
        adoptedWith({ scheduled: [marchScheduled], cancelled: [{ meetingId: 'm-9', forum: 'council', startsAt: june.startsAt }] }),
        proposedWith([march, june], true),
        adoptedWith({ scheduled: [juneScheduled] }),
      ),
    );
    expect([state.scheduled, state.cancelledMeetings]).toStrictEqual([
      [marchScheduled, juneScheduled],
      [{ meetingId: 'm-9', forum: 'council', startsAt: june.startsAt }],
    ]);
  });

  it('adopts a wheel folded before cancellations were kept', () => {
    const { cancelledMeetings: _c, ...older } = existing(given(proposedWith([march])));
    const dropped = adoptedWith({ cancelled: [{ meetingId: 'm-9', forum: 'council', startsAt: june.startsAt }] });
    const state = existing(evolve(older as ExistingYearWheelState, dropped, { occurredAt: at(1), actor: karin }));
    expect(state.cancelledMeetings).toStrictEqual([{ meetingId: 'm-9', forum: 'council', startsAt: june.startsAt }]);
  });
});

describe('YearWheelChangeNotCarried', () => {
  const refusal = { adoptionEventId: 'e-1', meetingId: 'm-1', change: 'reschedule' as const, rule: 'meeting-held', message: 'M' };
  const notCarried: YearWheelEvent = { type: 'YearWheelChangeNotCarried', data: { year: 2027, ...refusal } };

  it('is ignored before a proposal', () => {
    expect(given(notCarried)).toStrictEqual({ exists: false });
  });

  it('keeps each refused change with its rule, after the earlier ones; nothing else changes', () => {
    const before = existing(given(proposedWith([march]), adoptedWith({ scheduled: [marchScheduled] })));
    const second: YearWheelEvent = { type: 'YearWheelChangeNotCarried', data: { year: 2027, ...refusal, adoptionEventId: 'e-2' } };
    const state = existing(given(proposedWith([march]), adoptedWith({ scheduled: [marchScheduled] }), notCarried, second));
    expect(state).toStrictEqual({
      ...before,
      notCarried: [
        { ...refusal, recordedAt: at(2) },
        { ...refusal, adoptionEventId: 'e-2', recordedAt: at(3) },
      ],
    });
  });

  it('keeps a refused change on a wheel folded before the list existed', () => {
    const { notCarried: _n, ...older } = existing(given(proposedWith([march])));
    const state = existing(evolve(older as ExistingYearWheelState, notCarried, { occurredAt: at(1), actor: karin }));
    expect(state.notCarried).toStrictEqual([{ ...refusal, recordedAt: at(1) }]);
  });
});

describe('plannedChanges: what adopting the plan does to the scheduled meetings', () => {
  const wheel = (meetings: PlannedMeeting[], scheduled: ScheduledMeeting[]): ExistingYearWheelState => ({
    ...existing(given(proposedWith([]))),
    meetings,
    scheduled,
  });

  it('schedules a planned meeting none matches; a scheduled one at the same forum and start is kept unchanged', () => {
    expect(plannedChanges(wheel([march, june], [marchScheduled]))).toStrictEqual({ toSchedule: [june], toReschedule: [], toCancel: [] });
    expect(unscheduledMeetings(wheel([march, june], [marchScheduled]))).toStrictEqual([june]);
  });

  it('at the same start in another forum, or another start in the same forum, it is a new meeting and the old one is cancelled', () => {
    const otherForum: PlannedMeeting = { ...march, forum: 'chairs-council' };
    const otherStart: PlannedMeeting = { ...march, startsAt: '2027-03-13T08:00:00.000Z' };
    const cancelMarch = { meetingId: 'm-1', forum: 'council', startsAt: march.startsAt };
    expect(plannedChanges(wheel([otherForum], [marchScheduled]))).toStrictEqual({ toSchedule: [otherForum], toReschedule: [], toCancel: [cancelMarch] });
    expect(plannedChanges(wheel([otherStart], [marchScheduled]))).toStrictEqual({ toSchedule: [otherStart], toReschedule: [], toCancel: [cancelMarch] });
  });

  it('two planned meetings at one forum and start match two scheduled ones, each once', () => {
    const twin: ScheduledMeeting = { ...march, place: 'Kil', meetingId: 'm-2' };
    expect(plannedChanges(wheel([march, { ...march, place: 'Kil' }], [marchScheduled, twin]))).toStrictEqual({
      toSchedule: [],
      toReschedule: [],
      toCancel: [],
    });
  });

  it('a planned meeting naming its scheduled meeting reschedules it when any field differs, and only then', () => {
    const moved = { ...march, startsAt: '2027-03-19T08:00:00.000Z', meetingId: 'm-1' };
    expect(plannedChanges(wheel([moved], [marchScheduled]))).toStrictEqual({ toSchedule: [], toReschedule: [moved], toCancel: [] });
    expect(plannedChanges(wheel([{ ...march, meetingId: 'm-1' }], [marchScheduled]))).toStrictEqual({ toSchedule: [], toReschedule: [], toCancel: [] });
  });

  it.each([
    ['endsAt', { endsAt: '2027-03-12T10:00:00.000Z' }],
    ['place', { place: 'Kil' }],
    ['digitalLink', { digitalLink: 'https://meet.example.org/v' }],
    ['agendaDeadline', { agendaDeadline: '2027-02-25T15:00:00.000Z' }],
    ['title', { title: 'Värmlandsrådet i mars' }],
  ])('a change of %s alone reschedules the meeting', (_field, change) => {
    const changed = { ...march, ...change, meetingId: 'm-1' };
    expect(plannedChanges(wheel([changed], [marchScheduled])).toReschedule).toStrictEqual([changed]);
  });

  it('a field absent on one side and absent on the other is no change (left out and undefined alike)', () => {
    const scheduled: ScheduledMeeting = { ...marchScheduled, title: undefined };
    expect(plannedChanges(wheel([{ ...march, meetingId: 'm-1' }], [scheduled])).toReschedule).toStrictEqual([]);
  });

  it('a planned meeting naming a meeting the wheel did not schedule is scheduled anew', () => {
    const { meetingId: _id, ...plan } = { ...march, meetingId: 'm-9' };
    expect(plannedChanges(wheel([{ ...march, meetingId: 'm-9' }], [juneScheduled]))).toStrictEqual({
      toSchedule: [plan],
      toReschedule: [],
      toCancel: [{ meetingId: 'm-2', forum: 'council', startsAt: june.startsAt }],
    });
  });

  it('a scheduled meeting already matched by its id is not matched again by forum and start', () => {
    const moved = { ...march, place: 'Kil', meetingId: 'm-1' };
    expect(plannedChanges(wheel([moved, march], [marchScheduled]))).toStrictEqual({ toSchedule: [march], toReschedule: [moved], toCancel: [] });
  });
});

describe('rhythmOf: when the wheel is proposed, adopted and revised', () => {
  it('adoption in the same month as the proposal falls in the year before the wheel’s', () => {
    expect(rhythmOf(2027, { proposalMonth: 11, adoptionMonth: 11, revisionMonth: 6 })).toStrictEqual({
      proposal: '2026-11',
      adoption: '2026-11',
      revision: '2027-06',
    });
  });

  it('adoption in a month before the proposal’s falls in the wheel’s own year; months are written with two digits', () => {
    expect(rhythmOf(2027, { proposalMonth: 10, adoptionMonth: 9, revisionMonth: 5 })).toStrictEqual({
      proposal: '2026-10',
      adoption: '2027-09',
      revision: '2027-05',
    });
  });
});
