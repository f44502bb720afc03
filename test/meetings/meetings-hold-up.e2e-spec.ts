import * as ical from 'node-ical';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Meetings that hold up (issue 29) over HTTP on the real application: what
 * the public calendar may show, read-your-writes on the calendar, dates read
 * where the meetings are held. Refusals append nothing.
 */
jest.setTimeout(120_000);

describe('meetings that hold up', () => {
  const clock = new FixedClock(new Date('2025-02-01T09:00:00Z'));
  let t: TestApp;
  let store: EventStore;
  let token: Record<'chair' | 'secretary', string>;
  let position = '';

  const send = async (method: 'post' | 'get', path: string, as: string | undefined, body?: object) => {
    let request = t.http()[method](path);
    if (as) request = request.set('Authorization', `Bearer ${as}`);
    const response = method === 'post' ? await request.send(body ?? {}) : await request;
    if (typeof response.body?.position === 'string') position = response.body.position;
    return response;
  };
  const ok = async (path: string, as: string, body?: object) => {
    const response = await send('post', path, as, body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const fold = async (path: string, as?: string) => {
    const response = await send('get', path, as);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const schedule = async (body: object) => (await ok('/meetings', token.chair, body)).meetingId as string;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', READ_YOUR_WRITES_TIMEOUT_MS: '300' } });
    store = t.app.get(EVENT_STORE);
    token = {
      chair: await t.token('chair', 'region-varmland', 'ordf.or'),
      secretary: await t.token('secretary', 'region-varmland', 'sekr'),
    };
  });
  afterAll(() => t?.close());

  describe('dates are read where the meeting is held (Europe/Stockholm)', () => {
    it('titles a meeting at 00:30 on 14 March by the 14th, not by its UTC date', async () => {
      const id = await schedule({ forum: 'council', startsAt: '2025-03-14T00:30:00+01:00', agendaDeadline: '2025-03-01T16:00:00+01:00', place: 'Karlstad' });
      expect((await fold(`/meetings/${id}`, token.chair)).title).toBe('Värmlandsrådet 2025-03-14');
    });
    it('titles a meeting at 00:30 the night the clocks go back by its Swedish day', async () => {
      const id = await schedule({ forum: 'council', startsAt: '2025-10-26T00:30:00+02:00', agendaDeadline: '2025-10-01T16:00:00+02:00', place: 'Karlstad' });
      expect((await fold(`/meetings/${id}`, token.chair)).title).toBe('Värmlandsrådet 2025-10-26');
    });
  });

  describe('the public calendar publishes what the publication rules allow', () => {
    let published: string;
    let unpublished: string;

    it('shows an unpublished meeting by time and forum only, never a digital link; a published one with title and place, escaped', async () => {
      published = await schedule({
        forum: 'chairs-council',
        title: 'Ordföranderådet\rextra',
        startsAt: '2025-05-15T09:00:00+02:00',
        agendaDeadline: '2025-05-01T16:00:00+02:00',
        place: 'Regionens hus\nSal 1',
        digitalLink: 'https://meet.example.org/published-secret',
      });
      await ok(`/meetings/${published}/agenda`, token.chair, { items: [{ title: 'Information', kind: 'information', logic: 'process' }] });
      await ok(`/meetings/${published}/agenda/publish`, token.chair);
      unpublished = await schedule({
        forum: 'chairs-council',
        title: 'Hemlig omorganisation',
        startsAt: '2025-06-12T09:00:00+02:00',
        agendaDeadline: '2025-05-29T16:00:00+02:00',
        place: 'Stängt rum',
        digitalLink: 'https://meet.example.org/unpublished-secret',
      });

      const feed = await send('get', `/public/forums/chairs-council/meetings.ics?afterPosition=${position}`, undefined);
      expect(feed.status).toBe(200);
      const text: string = feed.text;
      expect(text).not.toContain('meet.example.org');
      expect(text).not.toContain('Hemlig');
      expect(text).not.toContain('Stängt rum');
      for (const line of text.slice(0, -2).split('\r\n')) {
        expect(line).not.toMatch(/[\r\n]/);
        expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      }
      const events = Object.values(ical.sync.parseICS(text)).filter((entry): entry is ical.VEvent => entry?.type === 'VEVENT');
      const byId = (id: string) => events.find((event) => event.uid.startsWith(id))!;
      expect(byId(unpublished)).toMatchObject({ summary: 'Ordföranderådet 2025-06-12' });
      expect(byId(unpublished).location).toBeUndefined();
      expect(byId(unpublished).description).toBeUndefined();
      expect(byId(published)).toMatchObject({ summary: 'Ordföranderådet\nextra', location: 'Regionens hus\nSal 1' });
      expect(text).toContain('SUMMARY:Ordföranderådet\\nextra');
      expect(events.every((event) => event.dtstamp instanceof Date)).toBe(true);
    });

    it('leaves the digital link out of the public agenda too; those signed in still see it', async () => {
      const open = await send('get', `/public/meetings/${published}/agenda`, undefined);
      expect(open.status).toBe(200);
      expect(open.body.meeting.digitalLink).toBeNull();
      const html = await send('get', `/public/meetings/${published}/agenda?format=html`, undefined);
      expect(html.text).not.toContain('meet.example.org');
      expect((await fold(`/meetings/${published}/agenda`, token.secretary)).meeting.digitalLink).toBe('https://meet.example.org/published-secret');
    });

    it('honours afterPosition: a calendar read waits for the write it names, 503 if the read model does not get there in time', async () => {
      const ahead = await send('get', '/public/forums/chairs-council/meetings.ics?afterPosition=99999999.0', undefined);
      expect(ahead.status).toBe(503);
      const header = await t.http().get('/public/forums/chairs-council/meetings.ics').set('X-After-Position', '99999999.0');
      expect(header.status).toBe(503);
      const malformed = await send('get', '/public/forums/chairs-council/meetings.ics?afterPosition=soon', undefined);
      expect(malformed.status).toBe(400);
      expect((await store.readStream(`meeting-${unpublished}`)).length).toBe(1);
    });
  });
});
