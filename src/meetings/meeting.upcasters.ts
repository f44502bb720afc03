/**
 * Reads stored meeting events of any schema version in the current shape, as
 * question.upcasters.ts does for questions: the stored bytes are never
 * rewritten; an older version is turned into the next one when it is read.
 *
 * Pure: no framework, no clock.
 */
import { Upcaster, upcastEvent } from '../shared-kernel/upcasting';
import { MEETING_EVENT_SCHEMA_VERSIONS, type AdjusterV1, type MeetingEvent, type MeetingEventType } from './meeting.events';

/**
 * Version 1 named adjusters by name only, and a version 1 approval said who
 * approved in a list anyone could type: neither identifies a person, so the
 * upcast adjuster's `userId` is `null` (never guessed from the name).
 */
const identified = (adjusters: AdjusterV1[]) => adjusters.map((adjuster) => ({ ...adjuster, userId: null }));

/** Per event type, the upcaster from version n to n + 1, at index n. */
const UPCASTERS: Partial<Record<MeetingEventType, Record<number, Upcaster>>> = {
  MinutesDrafted: {
    1: (data) => {
      const { adjusters, ...rest } = data as { adjusters: AdjusterV1[] };
      return { ...rest, adjusters: identified(adjusters) };
    },
  },
  MinutesApproved: {
    1: (data) => {
      const { adjustedBy, ...rest } = data as { adjustedBy: AdjusterV1[] };
      return { ...rest, adjustedBy: identified(adjustedBy) };
    },
  },
};

export function upcastMeetingEvent(type: string, schemaVersion: number, data: unknown): MeetingEvent {
  return upcastEvent('meeting', MEETING_EVENT_SCHEMA_VERSIONS, UPCASTERS, type, schemaVersion, data) as MeetingEvent;
}
