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
  let token: Record<'chair' | 'secretary' | 'eva' | 'olle' | 'admin', string>;
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
  const streamLength = async (id: string) => (await store.readStream(`meeting-${id}`)).length;
  /** A meeting held on 20 January 2025, its agenda published and attendance recorded, ready for its minutes. */
  const heldMeeting = async (forum = 'council', items: object[] = [{ title: 'Information', kind: 'information', logic: 'process' }]) => {
    const id = await schedule({ forum, startsAt: '2025-01-20T09:00:00+01:00', agendaDeadline: '2025-01-10T16:00:00+01:00', place: 'Karlstad' });
    await ok(`/meetings/${id}/agenda`, token.chair, { items });
    await ok(`/meetings/${id}/agenda/publish`, token.chair);
    await ok(`/meetings/${id}/attendance`, token.chair, { attendance: [{ organisationId: 'kil', status: 'attended', name: 'Eva Ek' }] });
    return id;
  };

  beforeAll(async () => {
    // Long enough for a loaded CI machine's projections, short enough for the 503 test's two reads.
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', READ_YOUR_WRITES_TIMEOUT_MS: '3000' } });
    store = t.app.get(EVENT_STORE);
    token = {
      chair: await t.token('chair', 'region-varmland', 'ordf.or'),
      secretary: await t.token('secretary', 'region-varmland', 'sekr', ['council', 'chairs-council']),
      eva: await t.token('member', 'kil', 'eva.ek'),
      olle: await t.token('chair', 'karlstad', 'olle.ost'),
      admin: await t.token('admin', 'region-varmland', 'admin'),
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

  describe('justering: the minutes are approved by the adjusters they name, each as themselves', () => {
    let id: string;
    const adjusters = [
      { userId: 'eva.ek', name: 'Eva Ek', organisationId: 'kil' },
      { userId: 'olle.ost', name: 'Olle Öst', organisationId: 'karlstad' },
    ];

    it('refuses anyone the draft does not name — the secretary, an admin — with a rule, appending nothing', async () => {
      id = await heldMeeting();
      await ok(`/meetings/${id}/minutes`, token.chair, { adjusters });
      const before = await streamLength(id);
      for (const as of [token.secretary, token.admin, token.chair]) {
        const refused = await send('post', `/meetings/${id}/minutes/approve`, as);
        expect({ status: refused.status, rule: refused.body.rule }).toEqual({ status: 422, rule: 'not-a-named-adjuster' });
        expect(refused.headers['content-type']).toMatch(/problem\+json/);
      }
      // Naming someone else as the approver, as the old body allowed, is refused as an unknown field.
      const onBehalf = await send('post', `/meetings/${id}/minutes/approve`, token.secretary, {
        adjustedBy: [{ name: 'Tredje Person' }],
        adjustedOn: '2025-01-21',
      });
      expect(onBehalf.status).toBe(400);
      expect(onBehalf.body.errors.map((error: { field: string }) => error.field)).toEqual(['adjustedBy', 'adjustedOn']);
      expect(await streamLength(id)).toBe(before);
      expect((await fold(`/meetings/${id}/minutes`, token.chair)).status).toBe('draft');
    });

    it('records each named adjuster’s approval with who and when; complete when all have approved, on the last day', async () => {
      clock.set('2025-01-21T23:30:00Z'); // 00:30 on the 22nd in Sweden
      const first = await ok(`/meetings/${id}/minutes/approve`, token.eva);
      expect(first.events.map((event: { type: string }) => event.type)).toEqual(['MinutesApprovedByAdjuster']);
      const halfway = await fold(`/meetings/${id}/minutes`, token.chair);
      expect(halfway).toMatchObject({
        status: 'draft',
        approval: null,
        adjusters: [
          { name: 'Eva Ek', organisationId: 'kil', approved: { adjustedOn: '2025-01-22', approvedAt: '2025-01-21T23:30:00.000Z' } },
          { name: 'Olle Öst', organisationId: 'karlstad', approved: null },
        ],
      });
      const again = await send('post', `/meetings/${id}/minutes/approve`, token.eva);
      expect({ status: again.status, rule: again.body.rule }).toEqual({ status: 422, rule: 'adjuster-already-approved' });

      clock.set('2025-01-23T10:00:00Z');
      const last = await ok(`/meetings/${id}/minutes/approve`, token.olle);
      expect(last.events.map((event: { type: string }) => event.type)).toEqual(['MinutesApprovedByAdjuster', 'MinutesApproved']);
      const stored = (await store.readStream(`meeting-${id}`)).filter((event) => event.type.startsWith('MinutesApproved'));
      expect(stored.map((event) => [event.type, event.schemaVersion, event.metadata.actor.userId])).toEqual([
        ['MinutesApprovedByAdjuster', 1, 'eva.ek'],
        ['MinutesApprovedByAdjuster', 1, 'olle.ost'],
        ['MinutesApproved', 2, 'olle.ost'],
      ]);
      const minutes = await fold(`/meetings/${id}/minutes`, token.chair);
      expect(minutes).toMatchObject({
        status: 'approved',
        approval: { adjustedBy: [{ name: 'Eva Ek' }, { name: 'Olle Öst' }], adjustedOn: '2025-01-23' },
        adjusters: [{ approved: { adjustedOn: '2025-01-22' } }, { approved: { adjustedOn: '2025-01-23' } }],
      });
      const html = await send('get', `/meetings/${id}/minutes?format=html`, token.chair);
      expect(html.text).toContain('Justerat 2025-01-23 av Eva Ek, Olle Öst.');
      expect(html.text).toContain('Eva Ek, Kils kommun: justerade 22 januari 2025 kl. 00:30');
      const thrice = await send('post', `/meetings/${id}/minutes/approve`, token.eva);
      expect(thrice.body.rule).toBe('minutes-already-approved');
    });
  });

  describe('an item’s outcome is carried into its question as what it was, with the meeting reference', () => {
    const question = async (title: string, logic: 'process' | 'decision') => {
      const id = (await ok('/questions', token.chair, { title, description: title, raisedBy: { kind: 'forum', id: 'council' }, topicArea: 'Kultur' }))
        .questionId;
      await ok(`/questions/${id}/accept`, token.chair, {
        forum: 'council',
        logic,
        responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
      });
      return id as string;
    };

    it('a tabled (bordlagd) item is recorded as tabled, not as a dialogue held; a held dialogue carries forum, day and §', async () => {
      clock.set('2025-02-01T09:00:00Z');
      const tabled = await question('Kulturplan', 'process');
      const held = await question('Kollektivtrafik', 'process');
      // A late-evening start in Sweden: the meeting's day is the 14th, although it is still the 13th in UTC.
      const id = await schedule({ forum: 'council', startsAt: '2025-03-14T00:30:00+01:00', agendaDeadline: '2025-03-01T16:00:00+01:00', place: 'Karlstad' });
      await ok(`/meetings/${id}/agenda`, token.chair, {
        items: [
          { title: 'Information', kind: 'information', logic: 'process' },
          { title: 'Kulturplan', kind: 'dialogue', logic: 'process', questionId: tabled },
          { title: 'Kollektivtrafik', kind: 'dialogue', logic: 'process', questionId: held },
        ],
      });
      await ok(`/meetings/${id}/agenda/publish`, token.chair);
      clock.set('2025-03-14T09:00:00Z');
      const [, tabledItem, heldItem] = (await fold(`/meetings/${id}`, token.chair)).agenda;

      const continued = await ok(`/meetings/${id}/items/${tabledItem.itemId}/outcome`, token.chair, {
        status: 'continued',
        summary: 'Bordlades i väntan på underlag',
      });
      expect(continued.questions[0].events.map((event: { type: string }) => event.type)).toEqual(['QuestionTabled']);
      const [tabledEvent] = (await store.readStream(`question-${tabled}`)).filter((event) => event.type === 'QuestionTabled');
      expect(tabledEvent.data).toEqual({
        questionId: tabled,
        forum: 'council',
        heldOn: '2025-03-14',
        meetingReference: 'Värmlandsrådet 2025-03-14 § 2',
        summary: 'Bordlades i väntan på underlag',
      });
      const tabledQuestion = await fold(`/questions/${tabled}`, token.chair);
      expect(tabledQuestion.stage).toBe('accepted');
      expect(tabledQuestion.dialogues).toEqual([]);
      const timeline = await fold(`/questions/${tabled}/timeline?afterPosition=${continued.position}`, token.chair);
      const entries = JSON.stringify(timeline);
      expect(entries).toContain('Frågan bordlagd');
      expect(entries).not.toContain('Dialog förd');

      await ok(`/meetings/${id}/items/${heldItem.itemId}/outcome`, token.chair, { status: 'concluded', summary: 'Dialog om linjenätet' });
      const heldQuestion = await fold(`/questions/${held}`, token.chair);
      expect(heldQuestion.stage).toBe('dialogue');
      expect(heldQuestion.dialogues).toEqual([
        expect.objectContaining({ forum: 'council', heldOn: '2025-03-14', summary: 'Dialog om linjenätet', meetingReference: 'Värmlandsrådet 2025-03-14 § 3' }),
      ]);
      const [dialogueEvent] = (await store.readStream(`question-${held}`)).filter((event) => event.type === 'DialogueRecorded');
      expect(dialogueEvent.schemaVersion).toBe(2);
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
