import type { Actor } from '../event-store/event-store.port';
import { UnreadableEventError } from '../shared-kernel/domain-errors';
import { decide, evolve, initialState } from './meeting.decider';
import { MEETING_EVENT_SCHEMA_VERSIONS, type MeetingEvent } from './meeting.events';
import { upcastMeetingEvent } from './meeting.upcasters';

const actor: Actor = { userId: 'eva.ek', displayName: 'Eva Ek', role: 'member', organisationId: 'kil' };
const meetingId = 'meeting-1';
/** MinutesDrafted and MinutesApproved exactly as version 1 stored them: adjusters by name only. */
const draftedV1 = { meetingId, adjusters: [{ name: 'Eva Ek', organisationId: 'kil' }], notes: 'Utkast' };
const approvedV1 = { meetingId, adjustedBy: [{ name: 'Vem som helst' }], adjustedOn: '2026-12-14' };

describe('upcasting stored meeting events to the current shape', () => {
  it('MinutesDrafted and MinutesApproved are at version 2', () => {
    expect(MEETING_EVENT_SCHEMA_VERSIONS.MinutesDrafted).toBe(2);
    expect(MEETING_EVENT_SCHEMA_VERSIONS.MinutesApproved).toBe(2);
  });

  it('reads version 1 adjusters with no user id: a name never identifies a person', () => {
    expect(upcastMeetingEvent('MinutesDrafted', 1, draftedV1)).toEqual({
      type: 'MinutesDrafted',
      data: { meetingId, adjusters: [{ userId: null, name: 'Eva Ek', organisationId: 'kil' }], notes: 'Utkast' },
    });
    expect(upcastMeetingEvent('MinutesApproved', 1, approvedV1)).toEqual({
      type: 'MinutesApproved',
      data: { meetingId, adjustedBy: [{ userId: null, name: 'Vem som helst' }], adjustedOn: '2026-12-14' },
    });
  });

  it('leaves the stored data as it was, and reads version 2 and the other types unchanged', () => {
    const stored = JSON.parse(JSON.stringify(draftedV1));
    upcastMeetingEvent('MinutesDrafted', 1, stored);
    expect(stored).toEqual(draftedV1);
    const v2 = { meetingId, adjusters: [{ userId: 'eva.ek', name: 'Eva Ek' }] };
    expect(upcastMeetingEvent('MinutesDrafted', 2, v2).data).toBe(v2);
    expect(upcastMeetingEvent('MinutesPublished', 1, { meetingId }).data).toEqual({ meetingId });
  });

  it('refuses what it cannot read: an unknown type, a version newer than the code, a version below 1', () => {
    expect(() => upcastMeetingEvent('MeetingSold', 1, {})).toThrow(UnreadableEventError);
    expect(() => upcastMeetingEvent('MinutesDrafted', 3, {})).toThrow('MinutesDrafted version 3 cannot be read: this code knows versions 1 to 2');
    expect(() => upcastMeetingEvent('MinutesPublished', 0, {})).toThrow(UnreadableEventError);
  });

  it('keeps a version 1 approval standing, and asks version 1 draft minutes to be drafted again before anyone approves them', () => {
    const at = { occurredAt: '2026-12-14T09:00:00.000Z', actor };
    const scheduled: MeetingEvent = {
      type: 'MeetingScheduled',
      data: {
        meetingId,
        forum: 'council',
        title: 'Värmlandsrådet',
        startsAt: '2026-12-10T08:00:00.000Z',
        endsAt: '2026-12-10T10:00:00.000Z',
        place: 'Karlstad',
        agendaDeadline: '2026-11-26T15:00:00.000Z',
      },
    };
    const draft = evolve(evolve(initialState(), scheduled, at), upcastMeetingEvent('MinutesDrafted', 1, draftedV1), at);
    const approvedState = evolve(draft, upcastMeetingEvent('MinutesApproved', 1, approvedV1), at);
    expect(approvedState.exists && approvedState.minutes?.approval?.adjustedOn).toBe('2026-12-14');
    expect(() => decide({ type: 'ApproveMinutes', data: { meetingId } }, draft, { actor, now: at.occurredAt, timeZone: 'Europe/Stockholm' })).toThrow(
      expect.objectContaining({ rule: 'adjusters-not-identified' }),
    );
  });
});
