import type { ExistingMeetingState } from './meeting.state';
import { icsText, meetingsCalendar, publicView } from './meeting-documents';

const meeting = (change: Partial<ExistingMeetingState>): ExistingMeetingState => ({
  exists: true,
  id: '7d0c1f5e-0000-4000-8000-000000000001',
  forum: 'chairs-council',
  title: 'Ordföranderådet 2027-04-15',
  startsAt: '2027-04-15T07:00:00.000Z',
  endsAt: '2027-04-15T09:00:00.000Z',
  place: null,
  digitalLink: 'https://meet.example.org/or-april',
  agendaDeadline: '2027-04-01T14:00:00.000Z',
  yearWheel: null,
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
  scheduledAt: '2027-01-02T09:00:00.000Z',
  lastChangedAt: '2027-01-02T09:00:00.000Z',
  ...change,
});
const unfolded = (feed: string) => feed.replace(/\r\n /g, '');

describe('the iCalendar feed (RFC 5545)', () => {
  it('escapes backslash, semicolon, comma and every line break: CRLF, a bare LF and a bare CR', () => {
    expect(icsText('a\\b;c,d\r\ne\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  const published = meeting({
    id: '7d0c1f5e-0000-4000-8000-000000000002',
    title: 'Rad ett\rRad två; med, tecken',
    place: 'Regionens hus\nSal 1',
    agendaPublishedAt: '2027-04-02T09:00:00.000Z',
  });
  const feed = meetingsCalendar('chairs-council', [meeting({}), published], '2027-04-03T10:00:00.000Z', 'https://fragespar.example', 'Europe/Stockholm');

  it('has no bare CR or LF: every line ends in CRLF, none is longer than 75 octets, and every event has a DTSTAMP', () => {
    expect(feed.endsWith('\r\n')).toBe(true);
    const lines = feed.slice(0, -2).split('\r\n');
    for (const line of lines) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
    expect(unfolded(feed).match(/^DTSTAMP:20270403T100000Z$/gm)).toHaveLength(2);
    expect(unfolded(feed)).toContain('SUMMARY:Rad ett\\nRad två\\; med\\, tecken');
    expect(unfolded(feed)).toContain('LOCATION:Regionens hus\\nSal 1');
  });

  it('shows a meeting whose agenda is not published by its time and forum only, and never a digital link', () => {
    const [unpublishedEvent] = unfolded(feed).split('BEGIN:VEVENT').slice(1);
    expect(unpublishedEvent).toContain('SUMMARY:Ordföranderådet 2027-04-15');
    expect(unpublishedEvent).toContain('DTSTART:20270415T070000Z');
    expect(unpublishedEvent).not.toMatch(/LOCATION|DESCRIPTION|URL/);
    expect(feed).not.toContain('meet.example.org');
  });

  it('names the unpublished meeting by its day where it is held', () => {
    const lateEvening = meetingsCalendar(
      'chairs-council',
      [meeting({ startsAt: '2027-04-14T22:30:00.000Z', endsAt: '2027-04-15T00:30:00.000Z' })],
      '2027-04-03T10:00:00.000Z',
      'x',
      'Europe/Stockholm',
    );
    expect(unfolded(lateEvening)).toContain('SUMMARY:Ordföranderådet 2027-04-15');
  });

  it('keeps the digital link out of what the public routes show', () => {
    expect(publicView(meeting({})).digitalLink).toBeNull();
    expect(publicView(meeting({ place: 'Karlstad' })).place).toBe('Karlstad');
  });
});
