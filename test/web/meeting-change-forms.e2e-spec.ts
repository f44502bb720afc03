import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { meetingStreamId } from '../../src/meetings';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, hiddenField, signIn } from './web-support';

type Agent = ReturnType<typeof browser>;

function tokensOf(page: string): Record<string, string> {
  const tokens: Record<string, string> = { _csrf: hiddenField(page, '_csrf'), _formKey: hiddenField(page, '_formKey') };
  if (page.includes('name="_revision"')) tokens._revision = hiddenField(page, '_revision');
  return tokens;
}

/**
 * The changes a secretary makes to a meeting after the fact, as forms on the
 * meeting's page (docs/web.md "Forms"): moving it before it is held, amending
 * its published agenda, correcting its approved minutes. Each with the forms'
 * guarantees: errors beside the field in Swedish with what was typed kept, a
 * stale form answered 409 with what changed, a double submit recorded once,
 * a forged post refused (403) with nothing appended.
 */
describe('Web forms that change a meeting after the fact: move, amend the agenda, correct the minutes', () => {
  let t: TestApp;
  let store: EventStore;
  const clock = new FixedClock(new Date('2027-02-01T09:00:00Z'));
  let secretaryToken: string;
  let chairToken: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
    secretaryToken = await t.token('secretary', 'region-varmland', 'secretary-rv', ['chairs-council', 'council']);
    chairToken = await t.token('chair');
  }, 120_000);
  afterAll(() => t?.close());

  const eventsOf = async (meetingId: string) => (await store.readStream(meetingStreamId(meetingId))).map((event) => event.type);
  const api = (token: string, path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  async function scheduled(startsAt = '2027-03-12T09:00:00+01:00'): Promise<string> {
    const response = await api(secretaryToken, '/meetings', {
      forum: 'chairs-council',
      title: 'Ordföranderådet mars',
      startsAt,
      agendaDeadline: '2027-02-26T16:00:00+01:00',
      place: 'Regionens hus, Karlstad',
    }).expect(201);
    return response.body.meetingId as string;
  }

  async function withPublishedAgenda(): Promise<{ meetingId: string }> {
    const meetingId = await scheduled();
    await api(chairToken, `/meetings/${meetingId}/agenda`, {
      items: [
        { title: 'Regional kulturplan', kind: 'dialogue', logic: 'process', documents: [] },
        { title: 'Länstransportplanen', kind: 'information', logic: 'process', documents: [] },
      ],
    }).expect(200);
    await api(secretaryToken, `/meetings/${meetingId}/agenda/publish`, {}).expect(200);
    return { meetingId };
  }

  async function secretary(): Promise<Agent> {
    const agent = browser(t);
    await signIn(agent, 'secretary', 'region-varmland', 'Sara Sekreterare');
    return agent;
  }

  async function chair(): Promise<Agent> {
    const agent = browser(t);
    await signIn(agent, 'chair', 'region-varmland', 'Olle Ordförande');
    return agent;
  }

  const post = (agent: Agent, path: string, form: string, values: Record<string, string | string[]>) =>
    agent
      .post(path)
      .type('form')
      .send({ ...tokensOf(form), ...values });

  describe('moving a meeting (flytta)', () => {
    it('is offered on the meeting page, starts from the schedule as it stands, and shows the move after it', async () => {
      const meetingId = await scheduled();
      const agent = await secretary();
      const page = await agent.get(`/web/meetings/${meetingId}`).expect(200);
      expect(page.text).toContain(`/web/meetings/${meetingId}/act/reschedule"`);
      const form = await agent.get(`/web/meetings/${meetingId}/act/reschedule`).expect(200);
      expect(form.text).toMatch(/id="startsAt" name="startsAt" value="2027-03-12T09:00"/);
      expect(form.text).toMatch(/id="place" name="place" value="Regionens hus, Karlstad"/);

      const moved = await post(agent, `/web/meetings/${meetingId}/act/reschedule`, form.text, {
        startsAt: '2027-03-19T09:00',
        agendaDeadline: '2027-03-05T16:00',
        place: 'Regionens hus, Karlstad',
        reason: 'Krockar med regionfullmäktige',
      }).expect(303);
      expect(moved.headers.location).toBe(`/web/meetings/${meetingId}?recorded=MeetingRescheduled`);
      const after = await agent.get(moved.headers.location).expect(200);
      expect(after.text).toContain('Registrerat:</strong> Sammanträde flyttat');
      expect(after.text).toContain('Krockar med regionfullmäktige');
      expect(after.text).toMatch(/id="moves"/);
      const events = await store.readStream(meetingStreamId(meetingId));
      expect(events.map((event) => event.type)).toEqual(['MeetingScheduled', 'MeetingRescheduled']);
      expect(events[1].data).toMatchObject({ startsAt: '2027-03-19T08:00:00.000Z', agendaDeadline: '2027-03-05T15:00:00.000Z' });
      expect(events[1].metadata.actor.role).toBe('secretary');
    });

    it('shows errors beside their fields in Swedish with what was typed kept (400, 422), and appends nothing', async () => {
      const meetingId = await scheduled();
      const agent = await secretary();
      const form = await agent.get(`/web/meetings/${meetingId}/act/reschedule`).expect(200);
      const blank = await post(agent, `/web/meetings/${meetingId}/act/reschedule`, form.text, {
        startsAt: '2027-03-19T09:00',
        agendaDeadline: '2027-03-05T16:00',
        place: 'Arvika',
        reason: '',
      }).expect(400);
      expect(blank.text).toContain('Det finns ett problem');
      expect(blank.text).toContain('id="reason-error"');
      expect(blank.text).toContain('href="#reason"');
      expect(blank.text).toMatch(/id="place" name="place" value="Arvika"/);

      const late = await post(agent, `/web/meetings/${meetingId}/act/reschedule`, form.text, {
        startsAt: '2027-03-19T09:00',
        agendaDeadline: '2027-03-25T16:00',
        place: 'Arvika',
        reason: 'Lokalen är upptagen',
      }).expect(422);
      expect(late.text).toMatch(/id="agendaDeadline-error">Sista dag för ärenden måste vara före sammanträdet\./);
      expect(late.text).toContain('value="2027-03-25T16:00"');
      expect(late.text).toContain('Lokalen är upptagen');

      const unchanged = await post(agent, `/web/meetings/${meetingId}/act/reschedule`, form.text, {
        startsAt: '2027-03-12T09:00',
        agendaDeadline: '2027-02-26T16:00',
        place: 'Regionens hus, Karlstad',
        reason: 'Ingen ändring',
      }).expect(422);
      expect(unchanged.text).toContain('Flytten ändrar ingenting.');
      expect(await eventsOf(meetingId)).toEqual(['MeetingScheduled']);
    });

    it('answers a form drawn before someone else changed the meeting with 409, what changed and the typed values; then records once', async () => {
      const meetingId = await scheduled();
      const agent = await secretary();
      const form = await agent.get(`/web/meetings/${meetingId}/act/reschedule`).expect(200);
      expect(hiddenField(form.text, '_revision')).toBe('0');
      await api(chairToken, `/meetings/${meetingId}/agenda`, {
        items: [{ title: 'Regional kulturplan', kind: 'dialogue', logic: 'process', documents: [] }],
      }).expect(200);

      const typed = { startsAt: '2027-03-26T09:00', agendaDeadline: '2027-03-12T16:00', place: 'Kristinehamn', reason: 'Ordföranden är bortrest' };
      const stale = await post(agent, `/web/meetings/${meetingId}/act/reschedule`, form.text, typed).expect(409);
      expect(stale.text).toContain('Någon annan har ändrat sammanträdet');
      expect(stale.text).toMatch(/<strong>Dagordning fastställd<\/strong>: Test chair \(region-varmland\), Ordförande, Region Värmland/);
      expect(stale.text).toContain('value="2027-03-26T09:00"');
      expect(stale.text).toContain('Ordföranden är bortrest');
      expect(hiddenField(stale.text, '_revision')).toBe('1');
      expect(await eventsOf(meetingId)).toEqual(['MeetingScheduled', 'AgendaSet']);

      // Sent again from the redrawn form, knowing what changed: recorded once, however often it is sent.
      const send = () => post(agent, `/web/meetings/${meetingId}/act/reschedule`, stale.text, typed);
      const first = await send().expect(303);
      const twice = await Promise.all([send(), send()]);
      expect(twice.map((response) => [response.status, response.headers.location])).toEqual([
        [303, first.headers.location],
        [303, first.headers.location],
      ]);
      expect(await eventsOf(meetingId)).toEqual(['MeetingScheduled', 'AgendaSet', 'MeetingRescheduled']);
    });

    it('is neither offered nor heard from a member, nor from a secretary outside the forum (403, nothing appended)', async () => {
      const meetingId = await scheduled();
      const form = await (await secretary()).get(`/web/meetings/${meetingId}/act/reschedule`).expect(200);
      const member = browser(t);
      await signIn(member, 'member', 'kil', 'Kim Kil');
      expect((await member.get(`/web/meetings/${meetingId}`).expect(200)).text).not.toContain('/act/reschedule"');
      await member.get(`/web/meetings/${meetingId}/act/reschedule`).expect(403);
      const page = await member.get('/web').expect(200);
      await member
        .post(`/web/meetings/${meetingId}/act/reschedule`)
        .type('form')
        .send({ _csrf: hiddenField(page.text, '_csrf'), startsAt: '2027-03-19T09:00', agendaDeadline: '2027-03-05T16:00', place: 'Kil', reason: 'Förfalskad' })
        .expect(403);
      // A secretary who serves the council only is refused the chairs' council's meeting by the command handler.
      const councilSecretary = await t.token('secretary', 'region-varmland', 'secretary-council', ['council']);
      await t
        .http()
        .post(`/web/meetings/${meetingId}/act/reschedule`)
        .set('Authorization', `Bearer ${councilSecretary}`)
        .type('form')
        .send({ ...tokensOf(form.text), startsAt: '2027-03-19T09:00', agendaDeadline: '2027-03-05T16:00', place: 'Karlstad', reason: 'Fel forum' })
        .expect(403);
      expect(await eventsOf(meetingId)).toEqual(['MeetingScheduled']);
    });
  });

  describe('amending the published agenda', () => {
    it('the chair adds an item and removes one with a reason, from the meeting page, and sees the amendment', async () => {
      const { meetingId } = await withPublishedAgenda();
      const agent = await chair();
      const page = await agent.get(`/web/meetings/${meetingId}`).expect(200);
      expect(page.text).toContain(`/web/meetings/${meetingId}/act/amend-agenda"`);
      expect(page.text).not.toContain('/act/agenda"');
      const form = await agent.get(`/web/meetings/${meetingId}/act/amend-agenda`).expect(200);
      const removed = /<input\s+type="checkbox"\s+id="remove-1"\s+name="remove"\s+value="([^"]+)"/.exec(form.text)?.[1];
      expect(removed).toBeDefined();

      // Nothing added or removed is refused beside the first new row (422), the reason kept.
      const empty = await post(agent, `/web/meetings/${meetingId}/act/amend-agenda`, form.text, {
        add1Title: '',
        add1Kind: 'information',
        add1Logic: 'process',
        reason: 'Brådskande remiss',
      }).expect(422);
      expect(empty.text).toMatch(/id="add1Title-error">Ändringen lägger inte till eller tar bort något\./);
      expect(empty.text).toContain('Brådskande remiss');
      // No reason: beside the reason (400), the new item's title kept.
      const noReason = await post(agent, `/web/meetings/${meetingId}/act/amend-agenda`, form.text, {
        add1Title: 'Remiss om kollektivtrafiken',
        add1Kind: 'dialogue',
        add1Logic: 'process',
        reason: '',
      }).expect(400);
      expect(noReason.text).toContain('id="reason-error"');
      expect(noReason.text).toMatch(/id="add1Title" name="add1Title" value="Remiss om kollektivtrafiken"/);

      const values = { add1Title: 'Remiss om kollektivtrafiken', add1Kind: 'dialogue', add1Logic: 'process', remove: [removed!], reason: 'Brådskande remiss' };
      const sent = await Promise.all([1, 2].map(() => post(agent, `/web/meetings/${meetingId}/act/amend-agenda`, form.text, values)));
      expect(sent.map((response) => response.status)).toEqual([303, 303]);
      expect(sent[0].headers.location).toBe(`/web/meetings/${meetingId}?recorded=AgendaAmended#agenda`);
      const after = await agent.get(`/web/meetings/${meetingId}?recorded=AgendaAmended`).expect(200);
      expect(after.text).toContain('Registrerat:</strong> Ändring i dagordning');
      expect(after.text).toMatch(/id="amendments"[\s\S]*Remiss om kollektivtrafiken[\s\S]*Brådskande remiss/);
      const events = await store.readStream(meetingStreamId(meetingId));
      expect(events.map((event) => event.type)).toEqual(['MeetingScheduled', 'AgendaSet', 'AgendaPublished', 'AgendaAmended']);
      expect(events[3].data).toMatchObject({ removedItemIds: [removed], added: [{ title: 'Remiss om kollektivtrafiken', kind: 'dialogue', late: false }] });
    });

    it('answers a stale amendment with 409 and what changed, and neither offers nor hears it from a secretary (403, nothing appended)', async () => {
      const { meetingId } = await withPublishedAgenda();
      const agent = await chair();
      const form = await agent.get(`/web/meetings/${meetingId}/act/amend-agenda`).expect(200);
      await api(chairToken, `/meetings/${meetingId}/agenda/amendments`, {
        add: [{ title: 'Övriga frågor', kind: 'information', logic: 'process' }],
        reason: 'Glömd punkt',
      }).expect(200);
      const stale = await post(agent, `/web/meetings/${meetingId}/act/amend-agenda`, form.text, {
        add1Title: 'Remiss om vården',
        add1Kind: 'dialogue',
        add1Logic: 'process',
        reason: 'Ny remiss',
      }).expect(409);
      expect(stale.text).toContain('<strong>Ändring i dagordning</strong>');
      expect(stale.text).toMatch(/id="add1Title" name="add1Title" value="Remiss om vården"/);

      // The agenda is the chair's: a secretary is not offered the amendment, and its forged post is refused.
      const forger = await secretary();
      expect((await forger.get(`/web/meetings/${meetingId}`).expect(200)).text).not.toContain('/act/amend-agenda"');
      await forger.get(`/web/meetings/${meetingId}/act/amend-agenda`).expect(403);
      await forger
        .post(`/web/meetings/${meetingId}/act/amend-agenda`)
        .type('form')
        .send({
          ...tokensOf(form.text),
          _csrf: hiddenField((await forger.get('/web').expect(200)).text, '_csrf'),
          add1Title: 'Förfalskad',
          add1Kind: 'information',
          add1Logic: 'process',
          reason: 'Förfalskad',
        })
        .expect(403);
      expect(await eventsOf(meetingId)).toEqual(['MeetingScheduled', 'AgendaSet', 'AgendaPublished', 'AgendaAmended']);
    });
  });

  describe('correcting approved minutes', () => {
    it('records a correction beside the approved minutes with a reason, once, and shows it', async () => {
      clock.set('2027-02-01T09:00:00Z');
      const { meetingId } = await withPublishedAgenda();
      clock.set('2027-03-12T12:00:00Z');
      await api(secretaryToken, `/meetings/${meetingId}/attendance`, { attendance: [{ organisationId: 'kil', status: 'attended', name: 'Eva Ek' }] }).expect(
        200,
      );
      await api(secretaryToken, `/meetings/${meetingId}/minutes`, { adjusters: [{ userId: 'eva.ek', name: 'Eva Ek', organisationId: 'kil' }] }).expect(200);
      const agent = await secretary();
      // Not before the minutes are approved.
      expect((await agent.get(`/web/meetings/${meetingId}`).expect(200)).text).not.toContain('/act/correct-minutes"');
      await api(await t.token('member', 'kil', 'eva.ek'), `/meetings/${meetingId}/minutes/approve`, {}).expect(200);

      const page = await agent.get(`/web/meetings/${meetingId}`).expect(200);
      expect(page.text).toContain(`/web/meetings/${meetingId}/act/correct-minutes"`);
      const form = await agent.get(`/web/meetings/${meetingId}/act/correct-minutes`).expect(200);
      const itemId = /<option value="([^"]+)"\s*>§ 2 Länstransportplanen/.exec(form.text)?.[1];
      expect(itemId).toBeDefined();

      const blank = await post(agent, `/web/meetings/${meetingId}/act/correct-minutes`, form.text, {
        itemId: itemId!,
        correction: '',
        reason: 'Fel datum i protokollet',
      }).expect(400);
      expect(blank.text).toContain('id="correction-error"');
      expect(blank.text).toContain('Fel datum i protokollet');
      expect(blank.text).toMatch(new RegExp(`<option value="${itemId}"\\s+selected>`));

      const values = { itemId: itemId!, correction: 'Beslutet gäller från 2027-04-01.', reason: 'Fel datum i protokollet' };
      await post(agent, `/web/meetings/${meetingId}/act/correct-minutes`, form.text, values)
        .expect(303)
        .expect('Location', `/web/meetings/${meetingId}?recorded=MinutesCorrected#minutes`);
      await post(agent, `/web/meetings/${meetingId}/act/correct-minutes`, form.text, values).expect(303);
      const after = await agent.get(`/web/meetings/${meetingId}?recorded=MinutesCorrected`).expect(200);
      expect(after.text).toContain('Registrerat:</strong> Rättelse av protokoll');
      expect(after.text).toMatch(/id="corrections"[\s\S]*§ 2:\s*Beslutet gäller från 2027-04-01\. \(skäl: Fel datum i protokollet\)/);
      const events = await store.readStream(meetingStreamId(meetingId));
      expect(events.map((event) => event.type)).toEqual([
        'MeetingScheduled',
        'AgendaSet',
        'AgendaPublished',
        'AttendanceRecorded',
        'MinutesDrafted',
        'MinutesApprovedByAdjuster',
        'MinutesApproved',
        'MinutesCorrected',
      ]);
      expect(events.at(-1)!.data).toEqual({ meetingId, itemId, correction: 'Beslutet gäller från 2027-04-01.', reason: 'Fel datum i protokollet' });

      // A stale correction: 409 with what changed, the typed correction kept.
      const second = await agent.get(`/web/meetings/${meetingId}/act/correct-minutes`).expect(200);
      await api(secretaryToken, `/meetings/${meetingId}/minutes/publish`, {}).expect(200);
      const stale = await post(agent, `/web/meetings/${meetingId}/act/correct-minutes`, second.text, {
        correction: 'Eva Ek var närvarande digitalt.',
        reason: 'Närvaron',
      }).expect(409);
      expect(stale.text).toContain('<strong>Protokoll publicerat</strong>');
      expect(stale.text).toContain('Eva Ek var närvarande digitalt.');

      // A member may not correct minutes, even as their adjuster: 403, nothing appended.
      const adjuster = browser(t);
      await signIn(adjuster, 'member', 'kil', 'Eva Ek');
      expect((await adjuster.get(`/web/meetings/${meetingId}`).expect(200)).text).not.toContain('/act/correct-minutes"');
      await adjuster
        .post(`/web/meetings/${meetingId}/act/correct-minutes`)
        .type('form')
        .send({ _csrf: hiddenField((await adjuster.get('/web').expect(200)).text, '_csrf'), correction: 'Förfalskad', reason: 'Förfalskad' })
        .expect(403);
      expect(await eventsOf(meetingId)).toHaveLength(9);
    });
  });
});
