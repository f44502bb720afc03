import type { Browser, Page } from 'playwright-core';
import { assignmentStreamId } from '../../src/assignments';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { meetingStreamId } from '../../src/meetings';
import { questionStreamId } from '../../src/questions/contract';
import { FixedClock } from '../../src/shared-kernel/clock';
import type { TestApp } from '../support/test-app';
import { describeInBrowser, expectAccessible, openForm, send, signInAs, startBrowserApp, stopBrowserApp } from './browser-support';

/** Who gave each stored event: `role:organisation`. */
const givers = (events: readonly RecordedEvent[]) => events.map((event) => `${event.metadata.actor.role}:${event.metadata.actor.organisationId}`);

/**
 * Two flows through the forms in a real browser (Debian's Chromium), each
 * step given by the person who would give it:
 * 1. the working group raises a question, accepts it into the chairs' council
 *    and, from the question's page, gives an assignment (uppdrag) for its
 *    decision document, specified in content and time; the assignment's page
 *    shows it;
 * 2. a secretary runs a meeting of the chairs' council from scheduling to
 *    published minutes, as meeting-forms.e2e-spec.ts does by form posts: the
 *    agenda proposed from the outstanding log, set by the chair (the access
 *    policy gives the agenda to the chair), published; attendance and the
 *    position item's outcome (the chair's); minutes drafted naming an adjuster
 *    from Kil, approved by her as herself, published and readable without
 *    signing in.
 * Every page a step lands on, and every form, has no axe-core violation; the
 * stored events are counted and typed, with who gave each.
 */
describeInBrowser('A question’s assignment and a meeting to published minutes, in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let store: EventStore;
  const clock = new FixedClock(new Date('2027-02-01T09:00:00Z'));

  beforeAll(async () => {
    ({ t, base, browser } = await startBrowserApp({ clock }));
    store = t.app.get(EVENT_STORE);
  }, 120_000);
  afterAll(() => stopBrowserApp({ t, browser }));

  const signedIn = (role: string, organisation: string, name: string) => signInAs(browser, base, role, organisation, name);

  /** The slugs of the forms the page offers. */
  const offered = (page: Page) =>
    page.$$eval('.action-list a', (anchors) => anchors.map((anchor) => (anchor.getAttribute('href') ?? '').split('/').at(-1) ?? ''));

  it('the working group raises a question, accepts it into the chairs’ council and gives an assignment for its decision document', async () => {
    const { context, page: wg } = await signedIn('working-group', 'region-varmland', 'Anna Arbetsgrupp');
    await Promise.all([wg.waitForNavigation(), wg.click('a[href="/web/questions/new"]')]);
    await expectAccessible(wg, 'raise form');
    await wg.fill('#title', 'Regional kulturplan');
    await wg.fill('#description', 'En gemensam kulturplan för 2028–2031.');
    await wg.fill('#topicArea', 'Kultur');
    await wg.selectOption('#raisedBy', 'arvika');
    expect(await send(wg)).toBe(200);
    expect(wg.url()).toMatch(/\/web\/questions\/[0-9a-f-]{36}\?recorded=QuestionRaised$/);
    const questionUrl = wg.url().replace(/\?.*$/, '');
    const questionId = questionUrl.split('/').at(-1)!;
    expect(await wg.textContent('.notification')).toContain('Fråga väckt');
    await expectAccessible(wg, 'question raised');

    await openForm(wg, 'accept');
    await wg.selectOption('#forum', 'chairs-council');
    await wg.check('#logic-1');
    await wg.fill('#responsibleGivenName', 'Karin');
    await wg.fill('#responsibleFamilyName', 'Berg');
    await wg.selectOption('#responsibleOrganisation', 'region-varmland');
    expect(await send(wg)).toBe(200);
    expect(await wg.textContent('.notification')).toContain('Fråga beredd');
    const facts = await wg.textContent('dl.facts');
    expect(facts).toContain('Ordföranderådet');
    expect(facts).toContain('Beslutslogik');
    expect(facts).toContain('Karin Berg');
    await expectAccessible(wg, 'question accepted');

    // The question's page links to the assignment form, the question filled in.
    await Promise.all([wg.waitForNavigation(), wg.click(`a[href="/web/assignments/new?questionId=${questionId}"]`)]);
    await expectAccessible(wg, 'assignment form');
    expect(await wg.inputValue('#questionId')).toBe(questionId);
    expect(await wg.inputValue('#givenBy')).toBe('working-group');
    expect(await wg.isChecked('input[name=deliverable][value=decision-document]')).toBe(true);
    await wg.fill('#title', 'Beslutsunderlag om kulturplanen');
    await wg.fill('#purpose', 'Ordföranderådet ska kunna ta ställning till kulturplanen i juni.');
    await wg.fill('#description', 'Underlaget beskriver planens mål, finansiering och vad varje part åtar sig.');
    await wg.fill('#responsibleName', 'Kim Kil');
    await wg.fill('#responsibleUserId', 'local:kil:kim.kil');
    await wg.selectOption('#responsibleOrganisation', 'kil');
    // Without the time it is to be done in, the assignment is refused beside the field, what was typed kept.
    expect(await send(wg)).toBe(400);
    expect(await wg.textContent('.error-summary')).toContain('Det finns ett problem');
    expect(await wg.$('#dueDate-error')).not.toBeNull();
    expect(await wg.inputValue('#title')).toBe('Beslutsunderlag om kulturplanen');
    expect(await wg.inputValue('#responsibleUserId')).toBe('local:kil:kim.kil');
    await expectAccessible(wg, 'assignment form with errors');
    await wg.fill('#dueDate', '2027-04-30');
    expect(await send(wg)).toBe(200);
    expect(wg.url()).toMatch(/\/web\/assignments\/[0-9a-f-]{36}\?recorded=AssignmentGiven$/);
    const assignmentId = /\/web\/assignments\/([0-9a-f-]{36})\?/.exec(wg.url())![1];

    // The assignment's page shows what was given: what, why, who, by when, and for which question.
    expect(await wg.textContent('.notification')).toContain('Uppdrag givet');
    expect(await wg.textContent('h1')).toContain('Beslutsunderlag om kulturplanen');
    const given = (await wg.textContent('dl.facts'))!.replace(/\s+/g, ' ');
    expect(given).toContain('Givet');
    expect(given).toContain('Kim Kil, Kil');
    expect(given).toContain('2027-04-30');
    expect(given).toContain('Ordföranderådet ska kunna ta ställning till kulturplanen i juni.');
    expect(await wg.textContent('main')).toContain('Underlaget beskriver planens mål');
    expect(await wg.$(`a[href="/web/questions/${questionId}"]`)).not.toBeNull();
    // What the access policy lets the working group do with a given assignment (it acts for any organisation, so it may accept on the responsible's behalf).
    expect(await offered(wg)).toEqual(['accept', 'extend', 'cancel']);
    await expectAccessible(wg, 'assignment given');
    await context.close();

    // Kim in Kil, the responsible, is offered acceptance only: extending and cancelling are the working group's.
    const { context: kimContext, page: kim } = await signedIn('member', 'kil', 'Kim Kil');
    await kim.goto(`${base}/web/assignments/${assignmentId}`);
    expect(await offered(kim)).toEqual(['accept']);
    await expectAccessible(kim, 'assignment, as the responsible');
    await kimContext.close();

    const questionEvents = await store.readStream(questionStreamId(questionId));
    expect(questionEvents.map((event) => event.type)).toEqual(['QuestionRaised', 'QuestionAccepted']);
    expect(givers(questionEvents)).toEqual(['working-group:region-varmland', 'working-group:region-varmland']);
    const assignmentEvents = await store.readStream(assignmentStreamId(assignmentId));
    expect(assignmentEvents.map((event) => event.type)).toEqual(['AssignmentGiven']);
    expect(givers(assignmentEvents)).toEqual(['working-group:region-varmland']);
    expect(assignmentEvents[0].data).toMatchObject({
      givenBy: 'working-group',
      title: 'Beslutsunderlag om kulturplanen',
      deliverable: 'decision-document',
      questionIds: [questionId],
      responsible: { userId: 'local:kil:kim.kil', name: 'Kim Kil', organisationId: 'kil' },
      dueDate: '2027-04-30',
    });
  });

  it('a secretary runs a meeting of the chairs’ council from its agenda to published minutes', async () => {
    clock.set('2027-02-01T09:00:00Z');
    // A question ready for the chairs' council, as in meeting-forms.e2e-spec.ts: accepted there with decision logic, a decision document attached.
    const workingGroup = await t.token('working-group');
    const api = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${workingGroup}`).send(body);
    const questionId = (
      await api('/questions', {
        title: 'Gemensam laddplan',
        description: 'Laddplatser i hela länet.',
        raisedBy: { kind: 'organisation', id: 'kil' },
        topicArea: 'Infrastruktur',
      }).expect(201)
    ).body.questionId as string;
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

    const { context: secretaryContext, page: secretary } = await signedIn('secretary', 'region-varmland', 'Sara Sekreterare');
    await secretary.goto(`${base}/web/meetings`);
    await Promise.all([secretary.waitForNavigation(), secretary.click('a[href="/web/meetings/new"]')]);
    await expectAccessible(secretary, 'schedule form');
    await secretary.selectOption('#forum', 'chairs-council');
    await secretary.fill('#title', 'Ordföranderådet mars');
    await secretary.fill('#startsAt', '2027-03-12T09:00');
    await secretary.fill('#agendaDeadline', '2027-02-26T16:00');
    await secretary.fill('#place', 'Regionens hus, Karlstad');
    expect(await send(secretary)).toBe(200);
    expect(secretary.url()).toMatch(/\/web\/meetings\/[0-9a-f-]{36}\?recorded=MeetingScheduled$/);
    const meetingUrl = secretary.url().replace(/\?.*$/, '');
    const meetingId = meetingUrl.split('/').at(-1)!;
    expect(await secretary.textContent('.notification')).toContain('Sammanträde utlyst');
    expect(await secretary.textContent('h1')).toContain('Ordföranderådet mars');
    expect(await secretary.textContent('dl.facts')).toContain('Regionens hus, Karlstad');
    await expectAccessible(secretary, 'meeting scheduled');
    // A secretary proposes the agenda but sets none: the chair does.
    expect(await offered(secretary)).toContain('propose-agenda');
    expect(await offered(secretary)).not.toContain('agenda');
    expect((await secretary.goto(`${meetingUrl}/act/agenda`))?.status()).toBe(403);
    await secretary.goto(meetingUrl);

    await openForm(secretary, 'propose-agenda');
    expect(await send(secretary)).toBe(200);
    expect(await secretary.textContent('.notification')).toContain('Förslag till dagordning');
    await expectAccessible(secretary, 'agenda proposed');

    const { context: chairContext, page: chair } = await signedIn('chair', 'region-varmland', 'Olle Ordförande');
    await chair.goto(meetingUrl);
    await openForm(chair, 'agenda');
    // The proposal from the log is where the chair starts: the question's item, a position in decision logic.
    expect(await chair.inputValue('#item1Title')).toBe('Gemensam laddplan');
    expect(await chair.inputValue('#item1Kind')).toBe('position');
    expect(await chair.inputValue('#item1Logic')).toBe('decision');
    // Only that question is ready for the chairs' council (the first flow's has no decision document yet): one proposed row and two free ones.
    expect(await chair.$$eval('input[id$=Title]', (inputs) => inputs.map((input) => input.getAttribute('value')))).toEqual(['Gemensam laddplan', '', '']);
    await chair.fill('#item2Title', 'Information om länsplanen');
    await chair.selectOption('#item2Kind', 'information');
    await chair.selectOption('#item2Logic', 'process');
    expect(await send(chair)).toBe(200);
    expect(await chair.textContent('.notification')).toContain('Dagordning fastställd');
    const agenda = (await chair.textContent('#agenda + ol'))!.replace(/\s+/g, ' ');
    expect(agenda).toContain('Gemensam laddplan');
    expect(agenda).toContain('Information om länsplanen');
    expect(await chair.$(`#agenda + ol a[href="/web/questions/${questionId}"]`)).not.toBeNull();
    await expectAccessible(chair, 'agenda set');

    await secretary.goto(meetingUrl);
    await openForm(secretary, 'publish-agenda');
    expect(await send(secretary)).toBe(200);
    expect(await secretary.textContent('.notification')).toContain('Dagordning publicerad');
    expect(await secretary.textContent('dl.facts')).toContain('Publicerad');
    await expectAccessible(secretary, 'agenda published');

    // The meeting is held.
    clock.set('2027-03-12T12:00:00Z');
    await secretary.goto(meetingUrl);
    await openForm(secretary, 'attendance');
    await secretary.selectOption('#region-varmlandStatus', 'attended');
    await secretary.fill('#region-varmlandName', 'Olle Ordförande');
    await secretary.selectOption('#karlstadStatus', 'attended');
    await secretary.fill('#karlstadName', 'Anna Andersson');
    await secretary.selectOption('#kilStatus', 'attended');
    await secretary.fill('#kilName', 'Eva Ek');
    await secretary.selectOption('#edaStatus', 'absent');
    expect(await send(secretary)).toBe(200);
    expect(await secretary.textContent('.notification')).toContain('Närvaro registrerad');
    const attendance = (await secretary.textContent('#attendance + ul'))!.replace(/\s+/g, ' ');
    expect(attendance).toContain('Olle Ordförande');
    expect(attendance).toContain('Anna Andersson');
    expect(attendance).toContain('Eva Ek');
    await expectAccessible(secretary, 'attendance recorded');

    // The position item's outcome takes the position on the question: the secretary is not offered it, the chair is.
    await openForm(secretary, 'outcome');
    const secretaryItems = await secretary.$$eval('#itemId option', (options) => options.map((option) => option.textContent ?? ''));
    expect(secretaryItems.join('|')).not.toContain('Gemensam laddplan');
    await chair.goto(meetingUrl);
    await openForm(chair, 'outcome');
    await chair.selectOption('#itemId', { label: 'Gemensam laddplan (Ställningstagande)' });
    await chair.check('input[name=status][value=concluded]');
    await chair.fill('#summary', 'Ordföranderådet tog ställning.');
    // A concluded position item without its position is refused (422), what was typed kept, and nothing is appended.
    expect(await send(chair)).toBe(422);
    expect(await chair.textContent('.error-summary')).toContain('Det finns ett problem');
    expect(await chair.inputValue('#summary')).toBe('Ordföranderådet tog ställning.');
    await expectAccessible(chair, 'outcome form refused');
    await chair.fill('#positionText', 'Ja till laddplanen.');
    await chair.check('input[name=positionOrganisations][value=kil]');
    await chair.check('input[name=positionOrganisations][value=karlstad]');
    await chair.fill('#positionDecideBy', '2027-06-30');
    expect(await send(chair)).toBe(200);
    expect(await chair.textContent('.notification')).toContain('Utfall av punkt');
    await expectAccessible(chair, 'outcome recorded');
    await chairContext.close();

    await secretary.goto(meetingUrl);
    await openForm(secretary, 'minutes');
    await secretary.fill('#adjuster1Name', 'Eva Ek');
    await secretary.fill('#adjuster1UserId', 'local:kil:eva.ek');
    await secretary.selectOption('#adjuster1Organisation', 'kil');
    expect(await send(secretary)).toBe(200);
    expect(await secretary.textContent('.notification')).toContain('Protokoll upprättat');
    expect(await secretary.textContent('#minutes + p')).toContain('draft');
    // The secretary approves nothing: the named adjuster does, as herself.
    expect(await offered(secretary)).not.toContain('approve-minutes');
    await expectAccessible(secretary, 'minutes drafted');

    const { context: adjusterContext, page: adjuster } = await signedIn('member', 'kil', 'Eva Ek');
    await adjuster.goto(meetingUrl);
    await openForm(adjuster, 'approve-minutes');
    expect(await send(adjuster)).toBe(200);
    expect(await adjuster.textContent('.notification')).toContain('Protokoll justerat');
    const approved = (await adjuster.textContent('#minutes + p'))!.replace(/\s+/g, ' ');
    expect(approved).toContain('approved');
    expect(approved).toContain('Eva Ek');
    await expectAccessible(adjuster, 'minutes approved');
    await adjusterContext.close();

    await secretary.goto(meetingUrl);
    await openForm(secretary, 'publish-minutes');
    expect(await send(secretary)).toBe(200);
    expect(await secretary.textContent('.notification')).toContain('Protokoll publicerat');
    expect(await secretary.textContent('#minutes + p')).toContain('Publicerad');
    await expectAccessible(secretary, 'minutes published');
    await secretaryContext.close();

    // Anyone reads the published minutes, without signing in.
    const anonymousContext = await browser.newContext({ locale: 'sv-SE' });
    const anonymous = await anonymousContext.newPage();
    expect((await anonymous.goto(`${base}/web/public/meetings/${meetingId}`))?.status()).toBe(200);
    const published = (await anonymous.textContent('main'))!.replace(/\s+/g, ' ');
    expect(published).toContain('Gemensam laddplan');
    expect(published).toContain('Ordföranderådet tog ställning.');
    expect(published).toContain('Eva Ek');
    // The public page links to no question and offers nothing to do.
    expect(await anonymous.$('a[href^="/web/questions/"]')).toBeNull();
    expect(await anonymous.$('.action-list')).toBeNull();
    await expectAccessible(anonymous, 'public minutes');
    await anonymousContext.close();

    const meetingEvents = await store.readStream(meetingStreamId(meetingId));
    expect(meetingEvents.map((event) => event.type)).toEqual([
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
    expect(givers(meetingEvents)).toEqual([
      'secretary:region-varmland',
      'secretary:region-varmland',
      'chair:region-varmland',
      'secretary:region-varmland',
      'secretary:region-varmland',
      'chair:region-varmland',
      'secretary:region-varmland',
      'member:kil',
      'member:kil',
      'secretary:region-varmland',
    ]);
    // The item's position was taken on the question, by the chair who recorded the outcome.
    const questionEvents = await store.readStream(questionStreamId(questionId));
    expect(questionEvents.map((event) => event.type)).toEqual(['QuestionRaised', 'QuestionAccepted', 'DecisionDocumentAttached', 'PositionTaken']);
    // The checkboxes are sent in the register's order.
    expect(questionEvents.at(-1)!.data).toMatchObject({ text: 'Ja till laddplanen.', organisationsToDecide: ['karlstad', 'kil'], decideBy: '2027-06-30' });
    expect(givers(questionEvents).at(-1)).toBe('chair:region-varmland');
  });
});
