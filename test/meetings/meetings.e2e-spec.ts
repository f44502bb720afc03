import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import { runReplayCheck } from '../../src/audit/replay-check';
import type { Decider, DomainEvent } from '../../src/command-handling/decider';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { meetingDecider } from '../../src/meetings/meeting.decider';
import { meetingsProjection } from '../../src/meetings/meeting.projection';
import { yearWheelDecider } from '../../src/meetings/year-wheel.decider';
import { ProjectionsService } from '../../src/projections/projections.service';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * A year's meeting cycle over HTTP on the real application: the working group
 * proposes the 2027 annual wheel in November, the chairs' council adopts it in
 * December (which schedules its meetings); the February chairs' council gets
 * its agenda proposed from the outstanding log, the chair accepts it, it is
 * published; attendance and outcomes are recorded — the position item takes
 * the position on the question, which the named organisations then owe in
 * their follow-up; the minutes are drafted, approved, published and readable
 * without a token; the open item carries to the April agenda. Refusals append
 * nothing. The calendar feed parses with node-ical.
 */
jest.setTimeout(90_000);

describe('meetings (sammanträden) and the annual wheel (årshjul) over HTTP', () => {
  const clock = new FixedClock(new Date('2026-11-12T08:00:00Z'));
  let t: TestApp;
  let store: EventStore;
  let token: Record<'chair' | 'workingGroup' | 'secretary' | 'kil' | 'auditor', string>;
  let position = '';
  let cultureQuestion: string;
  let transportQuestion: string;
  let february: string;
  let april: string;

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
  const read = async (path: string, as?: string) => {
    const response = await send('get', `${path}${path.includes('?') ? '&' : '?'}afterPosition=${position}`, as);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  /** Reads folded from the stream itself (no read model to wait for). */
  const fold = async (path: string, as?: string) => {
    const response = await send('get', path, as);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const streamLength = async (stream: string) => (await store.readStream(stream)).length;
  const question = async (title: string, logic: 'process' | 'decision') => {
    const id = (
      await ok('/questions', token.chair, {
        title,
        description: `${title}: underlag`,
        raisedBy: { kind: 'forum', id: 'chairs-council' },
        topicArea: 'Regional utveckling',
      })
    ).questionId;
    await ok(`/questions/${id}/accept`, token.chair, {
      forum: 'chairs-council',
      logic,
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', PUBLIC_BASE_URL: 'https://fragespar.samverkanvarmland.example/' } });
    store = t.app.get(EVENT_STORE);
    token = {
      chair: await t.token('chair', 'region-varmland', 'ordf.or'),
      workingGroup: await t.token('working-group', 'region-varmland', 'karin.berg'),
      secretary: await t.token('secretary', 'region-varmland', 'sekr', ['chairs-council']),
      kil: await t.token('member', 'kil', 'kim.kil'),
      auditor: await t.token('auditor', 'region-varmland', 'revisor'),
    };
  });
  afterAll(() => t?.close());

  it('the working group proposes the 2027 wheel in November; the chairs’ council adopts it in December, which schedules its meetings', async () => {
    const wheel = {
      meetings: [
        {
          forum: 'chairs-council',
          startsAt: '2027-02-11T09:00:00+01:00',
          endsAt: '2027-02-11T12:00:00+01:00',
          agendaDeadline: '2027-01-28T16:00:00+01:00',
          place: 'Regionens hus, Karlstad',
        },
        {
          forum: 'chairs-council',
          startsAt: '2027-04-15T09:00:00+02:00',
          agendaDeadline: '2027-04-01T16:00:00+02:00',
          digitalLink: 'https://meet.example.org/or-april',
        },
        { forum: 'council', startsAt: '2027-03-12T09:30:00+01:00', agendaDeadline: '2027-02-26T16:00:00+01:00', place: 'Karlstad CCC' },
      ],
      themes: [
        { month: 6, title: 'Revision av årshjulet' },
        { month: 9, title: 'Nya Perspektiv', description: 'Seminarium för förtroendevalda' },
      ],
    };
    // Only the chairs' council (chair, admin) adopts; only the working group (and admin) proposes.
    expect((await send('post', '/annual-wheel/2027/proposal', token.chair, wheel)).status).toBe(403);
    await ok('/annual-wheel/2027/proposal', token.workingGroup, wheel);
    expect((await read('/annual-wheel/2027', token.kil)).status).toBe('proposed');

    clock.set('2026-12-10T10:00:00Z');
    const adopted = await ok('/annual-wheel/2027/adopt', token.chair);
    expect(adopted.events.map((event: { type: string }) => event.type)).toEqual(['YearWheelAdopted']);
    expect(adopted.meetings).toHaveLength(3);
    const again = await send('post', '/annual-wheel/2027/adopt', token.chair);
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('nothing-to-adopt');

    const adoptedWheel = await read('/annual-wheel/2027', token.auditor);
    expect(adoptedWheel).toMatchObject({ status: 'adopted', adoptions: 1, themes: wheel.themes });
    const chairsMeetings = adoptedWheel.scheduled.filter((meeting: { forum: string }) => meeting.forum === 'chairs-council');
    [february, april] = chairsMeetings.map((meeting: { meetingId: string }) => meeting.meetingId);
    const scheduled = (await store.readStream(`meeting-${february}`))[0];
    const adoption = (await store.readStream('year-wheel-2027')).find((event) => event.type === 'YearWheelAdopted')!;
    expect(scheduled).toMatchObject({ type: 'MeetingScheduled', data: { forum: 'chairs-council', startsAt: '2027-02-11T08:00:00.000Z', yearWheel: 2027 } });
    expect(scheduled.metadata.causationId).toBe(adoption.id);
    expect(scheduled.metadata.actor.userId).toBe('ordf.or');

    const listed = await read('/meetings?forum=chairs-council', token.kil);
    expect(listed.items.map((meeting: { id: string }) => meeting.id)).toEqual([february, april]);
  });

  it('proposes the February agenda from the outstanding log; the chair accepts it with an extra item, and publishes it', async () => {
    clock.set('2027-01-10T09:00:00Z');
    cultureQuestion = await question('Regional kulturplan 2027–2030', 'decision');
    await ok(`/questions/${cultureQuestion}/decision-documents`, token.workingGroup, {
      reference: 'OR 2027/3',
      title: 'Beslutsunderlag regional kulturplan',
      proposedPosition: 'Att ställa sig bakom kulturplanen',
      url: 'https://example.org/or-2027-3.pdf',
    });
    transportQuestion = await question('Trafikförsörjningsprogram', 'process');

    const proposal = await ok(`/meetings/${february}/agenda/proposal?afterPosition=${position}`, token.secretary);
    expect(proposal.events.map((event: { type: string }) => event.type)).toEqual(['AgendaProposed']);
    const byQuestion = new Map(proposal.items.map((item: { questionId: string }) => [item.questionId, item]));
    expect(byQuestion.get(cultureQuestion)).toMatchObject({
      kind: 'position',
      logic: 'decision',
      late: false,
      origin: { kind: 'outstanding-log' },
      documents: [{ title: 'Beslutsunderlag regional kulturplan', reference: 'OR 2027/3', url: 'https://example.org/or-2027-3.pdf' }],
    });
    expect(byQuestion.get(transportQuestion)).toMatchObject({ kind: 'dialogue', logic: 'process', late: false });

    // After the deadline: the chair accepts the proposal and adds a free-standing item, which is flagged late.
    clock.set('2027-02-01T09:00:00Z');
    const info = { title: 'Information om regionens budget', kind: 'information', logic: 'process', documents: [] };
    expect((await send('post', `/meetings/${february}/agenda`, token.secretary, { items: [info] })).status).toBe(403);
    await ok(`/meetings/${february}/agenda`, token.chair, { items: [...proposal.items.map(({ late: _late, ...item }: { late: boolean }) => item), info] });
    await ok(`/meetings/${february}/agenda/publish`, token.secretary);

    const agenda = await fold(`/meetings/${february}/agenda`, token.kil);
    expect(agenda.status).toBe('published');
    expect(agenda.items.map((item: { number: number; kind: { code: string }; late: boolean }) => [item.number, item.kind.code, item.late])).toEqual([
      [1, 'position', false],
      [2, 'dialogue', false],
      [3, 'information', true],
    ]);
    // Readable without a token once published, as JSON and as printable Swedish HTML.
    const open = await send('get', `/public/meetings/${february}/agenda`, undefined);
    expect(open.status).toBe(200);
    expect(open.body.items).toHaveLength(3);
    const html = await send('get', `/public/meetings/${february}/agenda?format=html`, undefined);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('<html lang="sv">');
    expect(html.text).toContain('Dagordning');
    expect(html.text).toContain('Ställningstagande · Beslutslogik');
    expect(html.text).toContain('inkommen efter sista dag för ärenden');
  });

  it('refuses an agenda edit after publishing without an amendment, appending nothing; an amendment with a reason is recorded', async () => {
    const before = await streamLength(`meeting-${february}`);
    const refused = await send('post', `/meetings/${february}/agenda`, token.chair, { items: [{ title: 'Övrigt', kind: 'information', logic: 'process' }] });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.rule).toBe('agenda-published');
    expect(await streamLength(`meeting-${february}`)).toBe(before);

    const amended = await ok(`/meetings/${february}/agenda/amendments`, token.chair, {
      add: [{ title: 'Övriga frågor', kind: 'information', logic: 'process' }],
      reason: 'Begärt av Kils kommun',
    });
    expect(amended.events.map((event: { type: string }) => event.type)).toEqual(['AgendaAmended']);
    expect(await streamLength(`meeting-${february}`)).toBe(before + 1);
  });

  it('records attendance and outcomes; the position item takes the position on the question, owed by every named organisation', async () => {
    clock.set('2027-02-11T11:00:00Z');
    const meeting = await fold(`/meetings/${february}`, token.secretary);
    const [positionItem, dialogueItem, infoItem, otherItem] = meeting.agenda;
    await ok(`/meetings/${february}/attendance`, token.secretary, {
      attendance: [
        { organisationId: 'region-varmland', status: 'attended', name: 'Ordförande Region', capacity: 'ordförande' },
        { organisationId: 'kil', status: 'attended', name: 'Kim Kil', capacity: 'ordinarie ledamot', digital: true },
        { organisationId: 'karlstad', status: 'attended', name: 'Anna Andersson', capacity: 'ersättare' },
        { organisationId: 'eda', status: 'absent' },
      ],
    });

    // An outcome for an item not on the agenda: 422, nothing appended.
    const before = await streamLength(`meeting-${february}`);
    const notOnAgenda = await send('post', `/meetings/${february}/items/not-an-item/outcome`, token.chair, { status: 'concluded', summary: 'X' });
    expect(notOnAgenda.status).toBe(422);
    expect(notOnAgenda.body.rule).toBe('item-not-on-agenda');
    expect(await streamLength(`meeting-${february}`)).toBe(before);

    const positionBody = {
      status: 'concluded',
      summary: 'Ordföranderådet tog ställning enligt förslaget',
      position: { text: 'Ordföranderådet ställer sig bakom kulturplanen', organisationsToDecide: ['kil', 'karlstad'], decideBy: '2027-05-31' },
    };
    // A secretary may record outcomes but not take a position: 403 on the question command, nothing appended on either stream.
    const questionBefore = await streamLength(`question-${cultureQuestion}`);
    const bySecretary = await send('post', `/meetings/${february}/items/${positionItem.itemId}/outcome`, token.secretary, positionBody);
    expect(bySecretary.status).toBe(403);
    expect(bySecretary.body.action).toBe('TakePosition');
    expect(await streamLength(`meeting-${february}`)).toBe(before);
    expect(await streamLength(`question-${cultureQuestion}`)).toBe(questionBefore);

    const taken = await ok(`/meetings/${february}/items/${positionItem.itemId}/outcome`, token.chair, positionBody);
    expect(taken.events.map((event: { type: string }) => event.type)).toEqual(['ItemOutcomeRecorded']);
    expect(taken.questions).toEqual([expect.objectContaining({ questionId: cultureQuestion, events: [expect.objectContaining({ type: 'PositionTaken' })] })]);
    const outcomeEvent = (await store.readStream(`meeting-${february}`)).find((event) => event.type === 'ItemOutcomeRecorded')!;
    const positionEvent = (await store.readStream(`question-${cultureQuestion}`)).find((event) => event.type === 'PositionTaken')!;
    expect(positionEvent.metadata.causationId).toBe(outcomeEvent.id);
    expect(positionEvent.metadata.actor).toEqual(outcomeEvent.metadata.actor);

    const onQuestion = await fold(`/questions/${cultureQuestion}`, token.kil);
    expect(onQuestion.stage).toBe('position-taken');
    expect(onQuestion.position).toMatchObject({
      text: 'Ordföranderådet ställer sig bakom kulturplanen',
      organisationsToDecide: ['kil', 'karlstad'],
      decideBy: '2027-05-31',
      meetingReference: 'Ordföranderådet 2027-02-11 § 1',
    });
    for (const organisation of ['kil', 'karlstad']) {
      const followUp = await read(`/organisations/${organisation}/follow-up`, token.kil);
      expect(followUp.owed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'member-decision', dueDate: '2027-05-31', question: expect.objectContaining({ id: cultureQuestion }) }),
        ]),
      );
    }
    const eda = await read('/organisations/eda/follow-up', token.kil);
    expect(eda.owed.filter((item: { question: { id: string } }) => item.question.id === cultureQuestion)).toEqual([]);

    // The dialogue item, continued (bordlagd), tables its question with the meeting reference; it stays open for April.
    const dialogue = await ok(`/meetings/${february}/items/${dialogueItem.itemId}/outcome`, token.secretary, {
      status: 'continued',
      summary: 'Bordlades; tas upp i april',
    });
    expect(dialogue.questions[0].events.map((event: { type: string }) => event.type)).toEqual(['QuestionTabled']);
    expect((await fold(`/questions/${transportQuestion}`, token.kil)).stage).toBe('accepted');
    await ok(`/meetings/${february}/items/${infoItem.itemId}/outcome`, token.secretary, { status: 'concluded', summary: 'Informationen noterades' });
    await ok(`/meetings/${february}/items/${otherItem.itemId}/outcome`, token.secretary, { status: 'concluded', summary: 'Inga övriga frågor' });
  });

  it('drafts, approves (once) and publishes the minutes, public without a token only once published', async () => {
    await ok(`/meetings/${february}/minutes`, token.secretary, { adjusters: [{ userId: 'kim.kil', name: 'Kim Kil', organisationId: 'kil' }] });
    expect((await send('get', `/public/meetings/${february}/minutes`, undefined)).status).toBe(404);
    clock.set('2027-02-15T09:00:00Z');
    // The named adjuster approves, signed in as themselves.
    await ok(`/meetings/${february}/minutes/approve`, token.kil);

    const before = await streamLength(`meeting-${february}`);
    const twice = await send('post', `/meetings/${february}/minutes/approve`, token.chair);
    expect(twice.status).toBe(422);
    expect(twice.body.rule).toBe('minutes-already-approved');
    const lateAttendance = await send('post', `/meetings/${february}/attendance`, token.secretary, {
      attendance: [{ organisationId: 'eda', status: 'attended' }],
    });
    expect(lateAttendance.body.rule).toBe('minutes-approved');
    expect(await streamLength(`meeting-${february}`)).toBe(before);
    expect((await send('get', `/public/meetings/${february}/minutes`, undefined)).status).toBe(404);

    await ok(`/meetings/${february}/minutes/publish`, token.secretary);
    const minutes = await send('get', `/public/meetings/${february}/minutes`, undefined);
    expect(minutes.status).toBe(200);
    expect(minutes.body).toMatchObject({
      status: 'published',
      approval: { adjustedBy: [{ name: 'Kim Kil', organisationId: 'kil' }], adjustedOn: '2027-02-15' },
      attendance: expect.arrayContaining([expect.objectContaining({ organisationId: 'kil', digital: true, capacity: 'ordinarie ledamot' })]),
    });
    expect(minutes.body.items[0].outcome.position.organisationsToDecide).toEqual(['kil', 'karlstad']);
    const html = await send('get', `/public/meetings/${february}/minutes?format=html`, undefined);
    for (const text of [
      'Protokoll',
      'Närvarolista',
      'Kils kommun',
      'Frånvarande',
      'Justerat 2027-02-15 av Kim Kil',
      'Beslut tas i: Kils kommun, Karlstads kommun senast 2027-05-31',
    ]) {
      expect(html.text).toContain(text);
    }

    // A correction is a new event; the approval stands.
    await ok(`/meetings/${february}/minutes/corrections`, token.secretary, {
      correction: 'Anna Andersson deltog som ersättare för Karlstad',
      reason: 'Förtydligande',
    });
    const corrected = await fold(`/meetings/${february}/minutes`, token.auditor);
    expect(corrected).toMatchObject({
      status: 'published',
      approval: { adjustedOn: '2027-02-15' },
      corrections: [expect.objectContaining({ reason: 'Förtydligande' })],
    });
  });

  it('shows the open item in the outstanding log with the meeting it came from, and carries it to the April agenda', async () => {
    const log = await read('/log', token.chair);
    const transport = log.items.find((item: { id: string }) => item.id === transportQuestion);
    expect(transport.openItems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'meeting', status: 'continued', meeting: expect.objectContaining({ id: february, forum: 'chairs-council' }) }),
      ]),
    );

    const proposal = await ok(`/meetings/${april}/agenda/proposal?afterPosition=${position}`, token.chair);
    const carried = proposal.items.filter((item: { origin: { kind: string } }) => item.origin.kind === 'earlier-meeting');
    expect(carried).toEqual([
      expect.objectContaining({ questionId: transportQuestion, kind: 'dialogue', origin: expect.objectContaining({ meetingId: february }) }),
    ]);
    // The question on which the position was taken is no longer proposed.
    expect(proposal.items.some((item: { questionId?: string }) => item.questionId === cultureQuestion)).toBe(false);

    // Once April's agenda takes it up, the item is April's to settle: the log no longer lists it as February's.
    await ok(`/meetings/${april}/agenda`, token.chair, { items: proposal.items.map(({ late: _late, ...item }: { late: boolean }) => item) });
    const after = await read('/log', token.chair);
    const fromMeetings = (id: string) =>
      after.items.find((item: { id: string }) => item.id === id).openItems.filter((entry: { source: string }) => entry.source === 'meeting');
    expect(fromMeetings(transportQuestion)).toEqual([]);
  });

  it('publishes each forum’s meetings as an iCalendar feed that parses', async () => {
    const feed = await send('get', '/public/forums/chairs-council/meetings.ics', undefined);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    const text = feed.text ?? feed.body.toString();
    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((entry): entry is ical.VEvent => entry?.type === 'VEVENT');
    expect(events.map((event) => event.uid).sort()).toEqual([`${february}@fragespar.samverkanvarmland.se`, `${april}@fragespar.samverkanvarmland.se`].sort());
    const feb = events.find((event) => event.uid.startsWith(february))!;
    expect(feb.start.toISOString()).toBe('2027-02-11T08:00:00.000Z');
    expect(feb.end?.toISOString()).toBe('2027-02-11T11:00:00.000Z');
    expect(feb.summary).toBe('Ordföranderådet 2027-02-11');
    expect(feb.location).toBe('Regionens hus, Karlstad');
    expect(String(feb.description)).toContain(`/public/meetings/${february}/agenda?format=html`);
    expect((await send('get', '/public/forums/atlantis/meetings.ics', undefined)).status).toBe(404);
  });

  it('builds the feed’s links from PUBLIC_BASE_URL, never from the Host header, and answers 304 while no meeting changed', async () => {
    const path = '/public/forums/chairs-council/meetings.ics';
    const first = await t.http().get(path).set('Host', 'evil.example');
    expect(first.status).toBe(200);
    const text = (answer: { text?: string; body: unknown }) => (answer.text ?? String(answer.body)).replace(/\r\n /g, ''); // unfolded (RFC 5545 §3.1)
    expect(text(first)).not.toContain('evil.example');
    expect(text(first)).toContain(`https://fragespar.samverkanvarmland.example/public/meetings/${february}/agenda?format=html`);
    // A minute later, nothing changed: the same feed, the same ETag.
    const then = clock.now();
    clock.set(new Date(then.getTime() + 60_000));
    const second = await t.http().get(path);
    clock.set(then);
    expect(text(second)).toBe(text(first));
    expect(second.headers.etag).toBe(first.headers.etag);
    const unchanged = await t.http().get(path).set('If-None-Match', String(first.headers.etag));
    expect(unchanged.status).toBe(304);
  });

  it('keeps a meetings read model equal to a replay of the events, and every meeting and wheel stream folds', async () => {
    await t.app.get(ProjectionsService).waitFor([meetingsProjection.name], position);
    const report = await runReplayCheck({
      store: t.app.get<EventStore>(EVENT_STORE),
      dataSource: t.app.get(DataSource),
      projections: [meetingsProjection],
      deciders: [meetingDecider, yearWheelDecider] as unknown as Array<Decider<unknown, DomainEvent, unknown>>,
    });
    expect(report.projections[0].eventsReplayed).toBeGreaterThan(0);
    expect(report.projections[0].tables.every((table) => table.liveRows > 0 && table.differingRows === 0)).toBe(true);
    expect(report.aggregates.every((aggregate) => aggregate.failures.length === 0)).toBe(true);
    expect(report.aggregates.reduce((streams, aggregate) => streams + aggregate.streams, 0)).toBeGreaterThan(2);
    expect(report.identical).toBe(true);
  });
});
