import { roleMay } from '../../src/auth/access-policy';
import { ROLE_IDS } from '../../src/auth/roles';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { MEETING_FORMS } from '../../src/web/meetings/meeting-forms';
import { meetingStreamId, yearWheelStreamId } from '../../src/meetings';
import { questionStreamId } from '../../src/questions/contract';
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
 * A secretary runs a meeting of the chairs' council through the forms, from
 * scheduling to published minutes: the agenda proposed from the outstanding
 * log, set by the chair with decision logic on the question's item, published;
 * attendance and the item's outcome (its position carried into the question);
 * minutes drafted naming an adjuster from Kil, approved by her as herself,
 * published and readable without signing in.
 */
describe('Web forms for a meeting: from scheduling to published minutes', () => {
  let t: TestApp;
  let store: EventStore;
  const clock = new FixedClock(new Date('2027-02-01T09:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
  }, 120_000);
  afterAll(() => t?.close());

  async function give(agent: Agent, path: string, values: Record<string, string | string[]>, expected = 303) {
    const form = await agent.get(path).expect(200);
    const response = await agent
      .post(path)
      .type('form')
      .send({ ...tokensOf(form.text), ...values });
    expect({ path, status: response.status, page: response.status === expected ? '' : response.text.slice(0, 3000) }).toEqual({
      path,
      status: expected,
      page: '',
    });
    return { form: form.text, response };
  }

  it('schedules, sets and publishes the agenda, records the meeting and publishes its minutes', async () => {
    // A question ready for the chairs' council: accepted there with decision logic, a decision document attached.
    const workingGroup = await t.token('working-group');
    const api = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${workingGroup}`).send(body);
    const raised = await api('/questions', {
      title: 'Gemensam laddplan',
      description: 'Laddplatser i hela länet.',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Infrastruktur',
    }).expect(201);
    const questionId = raised.body.questionId as string;
    await api(`/questions/${questionId}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    }).expect(200);
    await api(`/questions/${questionId}/decision-documents`, {
      reference: 'VRAU 2027/3',
      title: 'Underlag laddplan',
      proposedPosition: 'Ja till laddplanen.',
    }).expect(200);

    const secretary = browser(t);
    await signIn(secretary, 'secretary', 'region-varmland', 'Sara Sekreterare');
    expect((await secretary.get('/web/meetings').expect(200)).text).toContain('href="/web/meetings/new"');
    const scheduled = await give(secretary, '/web/meetings/new', {
      forum: 'chairs-council',
      title: 'Ordföranderådet mars',
      startsAt: '2027-03-12T09:00',
      agendaDeadline: '2027-02-26T16:00',
      place: 'Regionens hus, Karlstad',
    });
    const meetingId = /^\/web\/meetings\/([0-9a-f-]{36})\?recorded=MeetingScheduled$/.exec(scheduled.response.headers.location)![1];
    const meetingPage = await secretary.get(`/web/meetings/${meetingId}?recorded=MeetingScheduled`).expect(200);
    expect(meetingPage.text).toContain('Registrerat:</strong> Sammanträde utlyst');
    // A secretary sets no agenda: the chair does.
    expect(meetingPage.text).toContain(`/web/meetings/${meetingId}/act/propose-agenda"`);
    expect(meetingPage.text).not.toContain('/act/agenda"');
    await secretary.get(`/web/meetings/${meetingId}/act/agenda`).expect(403);

    await give(secretary, `/web/meetings/${meetingId}/act/propose-agenda`, {});

    const chair = browser(t);
    await signIn(chair, 'chair', 'region-varmland', 'Olle Ordförande');
    const agenda = await chair.get(`/web/meetings/${meetingId}/act/agenda`).expect(200);
    // The proposal from the log is where the chair starts: the question's item, with decision logic.
    expect(agenda.text).toMatch(/id="item1Title"\s+name="item1Title"\s+value="Gemensam laddplan"/);
    expect(agenda.text).toMatch(/<option value="decision"\s+selected>Beslutslogik/);
    const set = await chair
      .post(`/web/meetings/${meetingId}/act/agenda`)
      .type('form')
      .send({
        ...tokensOf(agenda.text),
        item1Title: 'Gemensam laddplan',
        item1Kind: 'position',
        item1Logic: 'decision',
        item2Title: 'Information om länsplanen',
        item2Kind: 'information',
        item2Logic: 'process',
        item3Title: '',
        item3Kind: 'information',
        item3Logic: 'process',
      });
    expect({
      status: set.status,
      page: set.status === 303 ? '' : set.text.slice(set.text.indexOf('error-summary'), set.text.indexOf('error-summary') + 800),
    }).toEqual({ status: 303, page: '' });
    await give(secretary, `/web/meetings/${meetingId}/act/publish-agenda`, {});

    // The meeting is held.
    clock.set('2027-03-12T12:00:00Z');
    await give(secretary, `/web/meetings/${meetingId}/act/attendance`, {
      'region-varmlandStatus': 'attended',
      'region-varmlandName': 'Olle Ordförande',
      karlstadStatus: 'attended',
      karlstadName: 'Anna Andersson',
      kilStatus: 'attended',
      kilName: 'Eva Ek',
      edaStatus: 'absent',
    });
    // The secretary is not offered the position item (its outcome takes the position); the chair is.
    expect((await secretary.get(`/web/meetings/${meetingId}/act/outcome`).expect(200)).text).not.toContain('Gemensam laddplan');
    const outcome = await chair.get(`/web/meetings/${meetingId}/act/outcome`).expect(200);
    const itemId = /<option value="([^"]+)"\s*>Gemensam laddplan/.exec(outcome.text)![1];
    // A concluded position item without its position is refused beside the field (422), and nothing is appended.
    await give(chair, `/web/meetings/${meetingId}/act/outcome`, { itemId, status: 'concluded', summary: 'Ordföranderådet tog ställning.' }, 422);
    // The position is the chairs' council's to take: the chair records the item's outcome (a secretary's would be refused, 403).
    await give(chair, `/web/meetings/${meetingId}/act/outcome`, {
      itemId,
      status: 'concluded',
      summary: 'Ordföranderådet tog ställning.',
      positionText: 'Ja till laddplanen.',
      positionOrganisations: ['kil', 'karlstad'],
      positionDecideBy: '2027-06-30',
    });
    await give(secretary, `/web/meetings/${meetingId}/act/minutes`, {
      adjuster1Name: 'Eva Ek',
      adjuster1UserId: 'local:kil:eva.ek',
      adjuster1Organisation: 'kil',
    });
    expect((await secretary.get(`/web/meetings/${meetingId}`).expect(200)).text).not.toContain('/act/approve-minutes');

    const adjuster = browser(t);
    await signIn(adjuster, 'member', 'kil', 'Eva Ek');
    const toApprove = await adjuster.get(`/web/meetings/${meetingId}`).expect(200);
    expect(toApprove.text).toContain(`/web/meetings/${meetingId}/act/approve-minutes"`);
    await give(adjuster, `/web/meetings/${meetingId}/act/approve-minutes`, {});
    await give(secretary, `/web/meetings/${meetingId}/act/publish-minutes`, {});

    const published = await browser(t).get(`/web/public/meetings/${meetingId}`).expect(200);
    expect(published.text).toContain('Eva Ek');
    expect(published.text).toContain('Ordföranderådet tog ställning.');

    const meetingEvents = (await store.readStream(meetingStreamId(meetingId))).map((event) => event.type);
    expect(meetingEvents).toEqual([
      'MeetingScheduled',
      'AgendaProposed',
      'AgendaSet',
      'AgendaPublished',
      'AttendanceRecorded',
      'ItemOutcomeRecorded',
      'MinutesDrafted',
      'MinutesApprovedByAdjuster',
      'MinutesApproved',
      'MinutesPublished',
    ]);
    // The item's position was taken on the question, by the chair who recorded the outcome.
    const questionEvents = await store.readStream(questionStreamId(questionId));
    expect(questionEvents.map((event) => event.type)).toEqual(['QuestionRaised', 'QuestionAccepted', 'DecisionDocumentAttached', 'PositionTaken']);
    expect(questionEvents.at(-1)!.data).toMatchObject({ organisationsToDecide: ['kil', 'karlstad'], decideBy: '2027-06-30' });
    expect(questionEvents.at(-1)!.metadata.actor.role).toBe('chair');
  });

  it('the working group proposes next year’s wheel and the chair adopts it, which schedules its meetings', async () => {
    clock.set('2027-11-20T12:00:00Z');
    const workingGroup = browser(t);
    await signIn(workingGroup, 'working-group', 'region-varmland', 'Anna Arbetsgrupp');
    const empty = await workingGroup.get('/web/annual-wheel?year=2028').expect(200);
    expect(empty.text).toContain('/web/annual-wheel/2028/act/propose"');
    expect(empty.text).not.toContain('/act/adopt"');
    // A meeting whose deadline comes after it is refused (422), what was typed kept.
    const refused = await give(
      workingGroup,
      '/web/annual-wheel/2028/act/propose',
      { meeting1Forum: 'chairs-council', meeting1StartsAt: '2028-02-10T09:00', meeting1Deadline: '2028-02-20T16:00', meeting1Place: 'Karlstad' },
      422,
    );
    expect(refused.response.text).toContain('Sista dag för ärenden måste vara före sammanträdet.');
    expect(refused.response.text).toContain('value="2028-02-20T16:00"');
    await give(workingGroup, '/web/annual-wheel/2028/act/propose', {
      meeting1Forum: 'chairs-council',
      meeting1StartsAt: '2028-02-10T09:00',
      meeting1Deadline: '2028-01-27T16:00',
      meeting1Place: 'Regionens hus, Karlstad',
      meeting2Forum: 'council',
      meeting2StartsAt: '2028-06-15T09:30',
      meeting2Deadline: '2028-06-01T16:00',
      meeting2Place: 'Arvika',
      theme1Month: '6',
      theme1Title: 'Revision av årshjulet',
    });

    const chair = browser(t);
    await signIn(chair, 'chair', 'region-varmland', 'Olle Ordförande');
    const proposed = await chair.get('/web/annual-wheel?year=2028').expect(200);
    expect(proposed.text).toContain('/web/annual-wheel/2028/act/adopt"');
    // The chair adopts but does not propose; a revision (the working group's) starts from the wheel as it stands.
    expect(proposed.text).not.toContain('/act/propose"');
    await chair.get('/web/annual-wheel/2028/act/propose').expect(403);
    expect((await workingGroup.get('/web/annual-wheel/2028/act/propose').expect(200)).text).toContain('value="2028-06-15T09:30"');
    const adopted = await give(chair, '/web/annual-wheel/2028/act/adopt', {});
    expect(adopted.response.headers.location).toBe('/web/annual-wheel?year=2028&recorded=YearWheelAdopted');
    const page = await chair.get(adopted.response.headers.location).expect(200);
    expect(page.text).toContain('Registrerat:</strong> Årshjul fastställt');
    // Its two meetings are scheduled and listed under the wheel.
    expect(page.text.match(/href="\/web\/meetings\/[0-9a-f-]{36}"/g)).toHaveLength(2);
    expect((await store.readStream(yearWheelStreamId(2028))).map((event) => event.type)).toEqual(['YearWheelProposed', 'YearWheelAdopted']);
  });

  it('walks role × meeting form: a form is offered and opens only where the access policy lets the role give its command', async () => {
    clock.set('2027-12-01T12:00:00Z');
    const secretaryToken = await t.token('secretary', 'region-varmland', 'secretary-rv', ['council']);
    const scheduled = await t
      .http()
      .post('/meetings')
      .set('Authorization', `Bearer ${secretaryToken}`)
      .send({ forum: 'council', startsAt: '2028-03-09T09:30:00+01:00', agendaDeadline: '2028-02-24T16:00:00+01:00', place: 'Karlstad' })
      .expect(201);
    const meetingId = scheduled.body.meetingId as string;
    for (const role of ROLE_IDS) {
      const agent = browser(t);
      await signIn(agent, role, 'kil');
      const page = (await agent.get(`/web/meetings/${meetingId}`).expect(200)).text;
      for (const form of MEETING_FORMS) {
        const status = (await agent.get(`/web/meetings/${meetingId}/act/${form.slug}`)).status;
        const offered = page.includes(`/act/${form.slug}"`);
        const may = roleMay(role, form.action);
        expect({ role, form: form.slug, status: may ? 200 : 403, offered: offered && may }).toEqual({ role, form: form.slug, status, offered });
      }
    }
    expect((await store.readStream(meetingStreamId(meetingId))).map((event) => event.type)).toEqual(['MeetingScheduled']);
  });
});
