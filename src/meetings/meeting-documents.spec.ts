import type { ExistingMeetingState } from './meeting.state';
import type { Actor } from '../event-store/event-store.port';
import type { AgendaItem } from './meeting.events';
import { agendaHtml, icsText, meetingsCalendar, minutesHtml, publicView } from './meeting-documents';

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

describe('the minutes as people read and sign them (protokoll)', () => {
  const secretary: Actor = { userId: 'sofia', displayName: 'Sofia Berg', role: 'secretary', organisationId: 'region-varmland' };
  const item = (itemId: string, title: string): AgendaItem => ({
    itemId,
    title,
    kind: 'dialogue',
    logic: 'process',
    documents: [],
    origin: { kind: 'manual' },
    late: false,
  });
  const script = '<script>alert(1)</script>';
  const held = meeting({
    agenda: [item('i-1', 'Mötets öppnande'), item('i-2', `Kulturplanen ${script}`), item('i-3', 'Övriga frågor')],
    attendance: [
      { organisationId: 'region-varmland', status: 'attended', name: 'Eva Lindgren', capacity: 'ordförande', digital: false },
      { organisationId: 'kil', status: 'attended', name: `Kim ${script}`, capacity: 'ordinarie ledamot', digital: true },
      { organisationId: 'eda', status: 'absent', digital: false },
    ],
    outcomes: [
      { itemId: 'i-1', status: 'concluded', summary: 'Ordföranden öppnade mötet', recordedAt: '2027-04-15T07:05:00.000Z', recordedBy: secretary },
      { itemId: 'i-2', status: 'continued', summary: `Bordlades ${script}`, recordedAt: '2027-04-15T07:30:00.000Z', recordedBy: secretary },
    ],
    minutes: {
      status: 'approved',
      adjusters: [
        { userId: 'kim.kil', name: 'Kim Kil', organisationId: 'kil' },
        { userId: 'olle', name: `Olle ${script}` },
      ],
      notes: `Mötet hölls i Regionens hus.\n\nNästa möte: 10 juni ${script}`,
      draftedAt: '2027-04-16T09:00:00.000Z',
      signatures: [
        {
          adjuster: { userId: 'kim.kil', name: 'Kim Kil', organisationId: 'kil' },
          adjustedOn: '2027-04-18',
          approvedAt: '2027-04-18T08:00:00.000Z',
          approvedBy: secretary,
        },
      ],
      approval: null,
      publishedAt: null,
      corrections: [
        { itemId: 'i-2', correction: `Ersättare deltog ${script}`, reason: 'Förtydligande', correctedAt: '2027-04-20T10:00:00.000Z', correctedBy: secretary },
        { correction: 'Fel datum i sidhuvudet', reason: 'Skrivfel', correctedAt: '2027-04-21T10:00:00.000Z', correctedBy: secretary },
      ],
    },
  });
  const html = minutesHtml(held, 'Europe/Stockholm');
  const text = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('numbers every item as a paragraph, § 1, § 2, § 3, in agenda order', () => {
    expect([...html.matchAll(/<h3>§ (\d+) /g)].map((match) => match[1])).toEqual(['1', '2', '3']);
    expect(html).toContain('<h3>§ 1 Mötets öppnande</h3>');
    expect(html).toContain('id="paragraf-3"');
  });

  it("shows the minutes' notes as paragraphs", () => {
    expect(html).toContain('<h2>Anteckningar</h2>');
    expect(html).toContain('<p>Mötet hölls i Regionens hus.</p>');
  });

  it('ties a correction to its item, under that paragraph and by its number in the list of corrections; one for the whole minutes stays general', () => {
    const second = html.slice(html.indexOf('id="paragraf-2"'), html.indexOf('id="paragraf-3"'));
    expect(text(second)).toContain('Rättelse 20 april 2027 kl. 12:00: Ersättare deltog');
    const third = html.slice(html.indexOf('id="paragraf-3"'), html.indexOf('<h2>Anteckningar'));
    expect(third).not.toContain('Rättelse');
    const list = html.slice(html.indexOf('<h2>Rättelser</h2>'), html.indexOf('<h2>Underskrifter</h2>'));
    expect(list).toContain('<a href="#paragraf-2">§ 2</a>: 20 april 2027');
    expect(text(list)).toContain('Protokollet: 21 april 2027 kl. 12:00: Fel datum i sidhuvudet (skäl: Skrivfel)');
  });

  it('has signature lines for the chair (named from the attendance list) and for each adjuster, saying who has approved', () => {
    const signatures = html.slice(html.indexOf('<h2>Underskrifter</h2>'));
    expect(signatures.match(/class="linje"/g)).toHaveLength(3);
    expect(text(signatures)).toContain('Ordförande Eva Lindgren');
    expect(text(signatures)).toContain('Justerare Kim Kil, Kils kommun Justerat digitalt 18 april 2027 kl. 10:00');
    expect(text(signatures)).toContain('Justerare Olle &lt;script&gt;');
  });

  it('leaves the chair line for a name when the attendance list names no chair', () => {
    const without = minutesHtml({ ...held, attendance: [] }, 'Europe/Stockholm');
    expect(text(without.slice(without.indexOf('<h2>Underskrifter</h2>')))).toContain('Ordförande Namnförtydligande');
  });

  it('escapes every text a person wrote: titles, names, summaries, notes, corrections', () => {
    expect(html).not.toContain('<script>');
    expect(html.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/g)!.length).toBeGreaterThanOrEqual(6);
    expect(agendaHtml(held, 'Europe/Stockholm')).not.toContain('<script>');
  });
});
