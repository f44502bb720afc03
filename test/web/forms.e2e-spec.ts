import { roleMay } from '../../src/auth/access-policy';
import { ROLE_IDS } from '../../src/auth/roles';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { QUESTION_FORMS } from '../../src/web/questions/question-forms';
import { questionStreamId } from '../../src/questions/contract';
import { TestApp, startTestApp } from '../support/test-app';
import { ProjectionsService } from '../../src/projections/projections.service';
import { APP_CONFIG } from '../../src/config/app-config';
import { browser, hiddenField, signIn } from './web-support';

type Agent = ReturnType<typeof browser>;

/** The question id a form's redirect names. */
function questionIdIn(location: string): string {
  const match = /^\/web\/questions\/([0-9a-f-]{36})\?recorded=\w+/.exec(location);
  if (!match) throw new Error(`not a question's page: ${location}`);
  return match[1];
}

/** A form's hidden tokens, as a browser sends them back. */
function tokensOf(page: string): Record<string, string> {
  const tokens: Record<string, string> = { _csrf: hiddenField(page, '_csrf'), _formKey: hiddenField(page, '_formKey') };
  if (page.includes('name="_revision"')) tokens._revision = hiddenField(page, '_revision');
  return tokens;
}

/**
 * The question's commands as forms (docs/web.md "Forms"), through HTTP as a
 * browser sends them: CSRF, errors beside their fields in Swedish, a stale
 * revision answered with what changed, a double submit recorded once, and
 * only the forms the access policy allows offered (and forged posts refused).
 */
describe('Web forms for the question commands', () => {
  let t: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
  }, 120_000);
  afterAll(() => t?.close());

  const eventsOf = async (questionId: string) => (await store.readStream(questionStreamId(questionId))).map((event) => event.type);

  async function raise(agent: Agent, title = 'Gemensam laddinfrastruktur'): Promise<string> {
    const form = await agent.get('/web/questions/new').expect(200);
    const response = await agent
      .post('/web/questions/new')
      .type('form')
      .send({ ...tokensOf(form.text), title, description: 'Laddplatser längs de regionala stråken.', topicArea: 'Infrastruktur', raisedBy: 'karlstad' })
      .expect(303);
    return questionIdIn(response.headers.location);
  }

  async function accept(agent: Agent, questionId: string): Promise<void> {
    const form = await agent.get(`/web/questions/${questionId}/act/accept`).expect(200);
    await agent
      .post(`/web/questions/${questionId}/act/accept`)
      .type('form')
      .send({
        ...tokensOf(form.text),
        forum: 'council',
        logic: 'process',
        responsibleGivenName: 'Karin',
        responsibleFamilyName: 'Berg',
        responsibleOrganisation: 'region-varmland',
      })
      .expect(303);
  }

  it('raises a question from its form and shows it on the page the browser is sent to', async () => {
    const agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland');
    const start = await agent.get('/web').expect(200);
    expect(start.text).toContain('href="/web/questions/new"');
    const questionId = await raise(agent, 'Väckt från formuläret');
    const page = await agent.get(`/web/questions/${questionId}?recorded=QuestionRaised`).expect(200);
    expect(page.text).toContain('Väckt från formuläret');
    expect(page.text).toContain('Registrerat:</strong> Fråga väckt');
    // The timeline is read from the event store, as the fold is: it has the event once the command is stored.
    expect(page.text).toMatch(/id="timeline"[\s\S]*Fråga väckt/);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised']);
  });

  it('refuses a form posted without the CSRF token, and appends nothing', async () => {
    const agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland');
    const questionId = await raise(agent);
    const form = await agent.get(`/web/questions/${questionId}/act/decline`).expect(200);
    const { _csrf: _, ...withoutCsrf } = tokensOf(form.text);
    await agent
      .post(`/web/questions/${questionId}/act/decline`)
      .type('form')
      .send({ ...withoutCsrf, reason: 'Rent mellankommunal' })
      .expect(403);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised']);
  });

  it('an API client with a bearer token posts the form without a CSRF token', async () => {
    const agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland');
    const questionId = await raise(agent);
    const token = await t.token('working-group');
    await t
      .http()
      .post(`/web/questions/${questionId}/act/decline`)
      .set('Authorization', `Bearer ${token}`)
      .type('form')
      .send({ reason: 'Rent mellankommunal' })
      .expect(303);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionDeclined']);
  });

  it('shows each wrong field beside it in Swedish, keeps what was typed, and appends nothing (400)', async () => {
    const agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland');
    const questionId = await raise(agent);
    const form = await agent.get(`/web/questions/${questionId}/act/accept`).expect(200);
    const page = await agent
      .post(`/web/questions/${questionId}/act/accept`)
      .type('form')
      // A malformed organisation id is the form's error (isStructureId); a well-formed one the register does not know is the rule's (422).
      .send({
        ...tokensOf(form.text),
        forum: '',
        logic: 'process',
        responsibleGivenName: 'Karin',
        responsibleFamilyName: '',
        responsibleOrganisation: 'Oslo kommun',
      })
      .expect(400);
    expect(page.text).toContain('Det finns ett problem');
    for (const field of ['forum', 'responsibleFamilyName', 'responsibleOrganisation']) {
      expect(page.text).toContain(`href="#${field}"`);
      expect(page.text).toContain(`id="${field}-error"`);
    }
    expect(page.text).toContain('Fyll i ”Ansvarig tjänsteperson: efternamn”.');
    expect(page.text).toContain('Välj ”Forum” bland alternativen.');
    expect(page.text).not.toContain('id="responsibleGivenName-error"');
    expect(page.text).toMatch(/id="responsibleGivenName" name="responsibleGivenName" value="Karin"/);
    expect(page.text).toMatch(/value="process"\s+checked/);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised']);
  });

  it('shows a rule’s refusal in Swedish beside its field (422), or in English when asked', async () => {
    const agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland');
    const questionId = await raise(agent);
    await accept(agent, questionId);
    const form = await agent.get(`/web/questions/${questionId}/act/move`).expect(200);
    // The form offers no move to the forum the question is in; a forged one is refused by the rule.
    expect(form.text).not.toContain('<option value="council"');
    const page = await agent
      .post(`/web/questions/${questionId}/act/move`)
      .type('form')
      .send({ ...tokensOf(form.text), forum: 'council', reason: '' })
      .expect(400);
    expect(page.text).toContain('id="reason-error"');
    const refused = await agent
      .post(`/web/questions/${questionId}/act/move`)
      .type('form')
      .send({ ...tokensOf(form.text), forum: 'council', reason: 'Hör hemma i rådet' })
      .expect(422);
    expect(refused.text).toMatch(/id="forum-error">Frågan är redan i det forumet/);
    expect(refused.text).toContain('Hör hemma i rådet');
    const english = await agent
      .post(`/web/questions/${questionId}/act/move?lang=en`)
      .type('form')
      .send({ ...tokensOf(form.text), forum: 'council', reason: 'Belongs in the council' })
      .expect(422);
    expect(english.text).toContain('The question is already in that forum');
    await agent.get('/web?lang=sv').expect(200);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionAccepted']);
  });

  it('answers a form drawn before someone else changed the question with 409, what changed, and the typed values', async () => {
    const agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland', 'Anna Arbetsgrupp');
    const questionId = await raise(agent);
    await accept(agent, questionId);
    const form = await agent.get(`/web/questions/${questionId}/act/dialogue`).expect(200);
    expect(hiddenField(form.text, '_revision')).toBe('1');

    const secretary = browser(t);
    await signIn(secretary, 'secretary', 'region-varmland', 'Sara Sekreterare');
    const input = await secretary.get(`/web/questions/${questionId}/act/input`).expect(200);
    await secretary
      .post(`/web/questions/${questionId}/act/input`)
      .type('form')
      .send({ ...tokensOf(input.text), organisationId: 'kil', content: 'Kil vill ha laddplatser vid E18.' })
      .expect(303);

    const typed = { forum: 'council', heldOn: '2027-03-12', summary: 'Rådet diskuterade stråken.' };
    const stale = await agent
      .post(`/web/questions/${questionId}/act/dialogue`)
      .type('form')
      .send({ ...tokensOf(form.text), ...typed })
      .expect(409);
    expect(stale.text).toContain('Någon annan har ändrat frågan');
    expect(stale.text).toMatch(/<strong>Inspel lämnat<\/strong>: Sara Sekreterare, Sekreterare, Region Värmland/);
    expect(stale.text).toContain('Rådet diskuterade stråken.');
    expect(stale.text).toContain('value="2027-03-12"');
    expect(hiddenField(stale.text, '_revision')).toBe('2');
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionAccepted', 'InputSubmitted']);

    // Sent again from the redrawn form, knowing what changed: recorded.
    await agent
      .post(`/web/questions/${questionId}/act/dialogue`)
      .type('form')
      .send({ ...tokensOf(stale.text), ...typed })
      .expect(303)
      .expect('Location', `/web/questions/${questionId}?recorded=DialogueRecorded#timeline`);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionAccepted', 'InputSubmitted', 'DialogueRecorded']);
  });

  it('records a double submit once: one after the other, and both at once', async () => {
    const agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland');
    const form = await agent.get('/web/questions/new').expect(200);
    const sent = { ...tokensOf(form.text), title: 'Dubbelklick', description: 'Två klick, en fråga.', topicArea: 'Test', raisedBy: 'kil' };
    const first = await agent.post('/web/questions/new').type('form').send(sent).expect(303);
    const again = await agent.post('/web/questions/new').type('form').send(sent).expect(303);
    expect(again.headers.location).toBe(first.headers.location);
    const questionId = questionIdIn(first.headers.location);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised']);

    await accept(agent, questionId);
    const input = await agent.get(`/web/questions/${questionId}/act/input`).expect(200);
    const post = () =>
      agent
        .post(`/web/questions/${questionId}/act/input`)
        .type('form')
        .send({ ...tokensOf(input.text), organisationId: 'kil', content: 'Ett inspel, två klick.' });
    const both = await Promise.all([post(), post(), post()]);
    expect(both.map((response) => response.status)).toEqual([303, 303, 303]);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionAccepted', 'InputSubmitted']);
  });

  it('offers a member only what the access policy allows it, and refuses a forged post (403, nothing appended)', async () => {
    const workingGroup = browser(t);
    await signIn(workingGroup, 'working-group', 'region-varmland');
    const questionId = await raise(workingGroup);
    await accept(workingGroup, questionId);

    const member = browser(t);
    await signIn(member, 'member', 'kil');
    const page = await member.get(`/web/questions/${questionId}`).expect(200);
    expect(page.text).toContain(`/web/questions/${questionId}/act/input`);
    for (const forbidden of ['accept', 'decline', 'move', 'dialogue', 'consultation', 'decision-document', 'close', 'withdraw']) {
      expect(page.text).not.toContain(`/act/${forbidden}"`);
    }
    await member.get(`/web/questions/${questionId}/act/close`).expect(403);
    const input = await member.get(`/web/questions/${questionId}/act/input`).expect(200);
    // Its own organisation only.
    expect(input.text).toContain('<option value="kil"');
    expect(input.text).not.toContain('<option value="karlstad"');

    await member
      .post(`/web/questions/${questionId}/act/close`)
      .type('form')
      .send({ ...tokensOf(input.text), reason: 'Förfalskad' })
      .expect(403);
    await member
      .post(`/web/questions/${questionId}/act/input`)
      .type('form')
      .send({ ...tokensOf(input.text), organisationId: 'karlstad', content: 'Förfalskat inspel för Karlstad' })
      .expect(403);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionAccepted']);

    const auditor = browser(t);
    await signIn(auditor, 'auditor', 'region-varmland');
    const audited = await auditor.get(`/web/questions/${questionId}`).expect(200);
    expect(audited.text).not.toContain('/act/');
    expect(audited.text).not.toContain('id="actions"');
    expect((await auditor.get('/web').expect(200)).text).not.toContain('/web/questions/new');
    await auditor.get('/web/questions/new').expect(403);
  });

  /** Draws the form, sends it with these values, and expects the redirect to the question. */
  async function give(agent: Agent, questionId: string, slug: string, values: Record<string, string | string[]>, query = ''): Promise<string> {
    const form = await agent.get(`/web/questions/${questionId}/act/${slug}${query}`).expect(200);
    const response = await agent
      .post(`/web/questions/${questionId}/act/${slug}`)
      .type('form')
      .send({ ...tokensOf(form.text), ...values });
    expect({ slug, status: response.status, page: response.status === 303 ? '' : response.text.slice(0, 4000) }).toEqual({ slug, status: 303, page: '' });
    return form.text;
  }

  it('gives every question command through its form', async () => {
    const agent = browser(t);
    await signIn(agent, 'admin', 'region-varmland');
    const questionId = await raise(agent, 'Alla formulär');
    await accept(agent, questionId);
    await give(agent, questionId, 'move', { forum: 'chairs-council', reason: 'Beslut krävs' });
    await give(agent, questionId, 'input', { organisationId: 'eda', content: 'Eda tycker till.' });
    await give(agent, questionId, 'consultation', { subject: 'Remiss om laddplatser', parties: ['kil', 'eda'], answerBy: '2027-04-30' });
    const consultationId = /name="consultationId"\s+value="([0-9a-f-]{36})"/.exec(
      (await agent.get(`/web/questions/${questionId}/act/consultation-close`).expect(200)).text,
    )![1];
    const answer = await give(agent, questionId, 'consultation-answer', { consultationId, organisationId: 'kil', answer: 'Kil svarar ja.' });
    // Only the consultation's parties are offered as answering organisations.
    expect(answer).toContain('<option value="eda"');
    expect(answer).not.toContain('<option value="karlstad"');
    await give(agent, questionId, 'consultation-close', { consultationId });
    await give(agent, questionId, 'decision-document', {
      reference: 'VRAU 2027/9',
      title: 'Underlag',
      proposedPosition: 'Ja till planen.',
      url: 'https://example.org/u.pdf',
    });
    await give(agent, questionId, 'position', { text: 'Ja till planen.', organisationsToDecide: ['kil', 'eda'], decideBy: '2027-06-30' });
    await give(agent, questionId, 'send-back', { reason: 'Mer dialog behövs' });
    await give(agent, questionId, 'position', { text: 'Ja till planen, andra gången.', organisationsToDecide: ['kil', 'eda'], decideBy: '2027-09-30' });
    const decision = { body: 'municipal-council', decidedOn: '2027-08-20', outcome: 'adopted', reference: 'KF 2027-08-20 § 7' };
    await give(agent, questionId, 'decision', { organisationId: 'kil', ...decision });
    // The correction starts from the decision as recorded.
    const correction = await give(
      agent,
      questionId,
      'correction',
      { organisationId: 'kil', ...decision, reference: 'KF 2027-08-20 § 8', reason: 'Fel paragraf' },
      '?organisationId=kil',
    );
    expect(correction).toContain('value="KF 2027-08-20 § 7"');
    await give(agent, questionId, 'decision', {
      organisationId: 'eda',
      ...decision,
      outcome: 'adopted-with-changes',
      body: 'committee',
      bodyName: 'Kulturnämnden',
    });
    await give(agent, questionId, 'feedback', { organisationId: 'kil', reportedTo: 'Kommunstyrelsen', reportedOn: '2027-09-01', summary: '' });
    await give(agent, questionId, 'close', { reason: 'Alla beslut är fattade' });
    await give(agent, questionId, 'reopen', { reason: 'Uppföljning' });
    await give(agent, questionId, 'withdraw', { reason: 'Ersatt av en ny fråga' });
    const page = await agent.get(`/web/questions/${questionId}`).expect(200);
    expect(page.text).toContain('/act/reopen');
    expect(page.text).not.toContain('/act/close"');
    expect(await eventsOf(questionId)).toEqual([
      'QuestionRaised',
      'QuestionAccepted',
      'QuestionMovedToForum',
      'InputSubmitted',
      'ConsultationOpened',
      'ConsultationAnswered',
      'ConsultationClosed',
      'DecisionDocumentAttached',
      'PositionTaken',
      'PositionSentBackToDialogue',
      'PositionTaken',
      'MemberDecisionRecorded',
      'MemberDecisionCorrected',
      'MemberDecisionRecorded',
      'FeedbackReportedAtHome',
      'QuestionClosed',
      'QuestionReopened',
      'QuestionWithdrawn',
    ]);
  });

  it('walks role × form: a role sees a form on the page and may open it exactly when the access policy lets it give the command', async () => {
    const admin = browser(t);
    await signIn(admin, 'admin', 'region-varmland');
    const questionId = await raise(admin, 'Roll gånger formulär');
    await accept(admin, questionId);
    for (const role of ROLE_IDS) {
      const agent = browser(t);
      await signIn(agent, role, 'kil');
      const page = (await agent.get(`/web/questions/${questionId}`).expect(200)).text;
      for (const form of QUESTION_FORMS) {
        const status = (await agent.get(`/web/questions/${questionId}/act/${form.slug}`)).status;
        const offered = page.includes(`/act/${form.slug}"`);
        expect({ role, form: form.slug, status: roleMay(role, form.action) ? 200 : 403, offered: offered && roleMay(role, form.action) }).toEqual({
          role,
          form: form.slug,
          status,
          offered,
        });
      }
    }
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionAccepted']);
  });
  // Last in the file: it stops the question views for good.
  it('the page after a form shows what it recorded with the question views stopped: it reads the event store only, and the form waits for no projection', async () => {
    const agent = browser(t);
    await signIn(agent, 'admin', 'region-varmland');
    const questionId = await raise(agent, 'Sidan läser händelselagret');
    await accept(agent, questionId);
    await t.app.get(ProjectionsService).runner('question-views')!.stop();
    const form = await agent.get(`/web/questions/${questionId}/act/input`).expect(200);
    const started = Date.now();
    const posted = await agent
      .post(`/web/questions/${questionId}/act/input`)
      .type('form')
      .send({ ...tokensOf(form.text), organisationId: 'eda', content: 'Eda tycker till medan vyerna står still.' })
      .expect(303);
    // Far below READ_YOUR_WRITES_TIMEOUT_MS: nothing was waited for.
    expect(Date.now() - started).toBeLessThan(t.app.get(APP_CONFIG).projections.readYourWritesTimeoutMs);
    const page = await agent.get(posted.headers.location).expect(200);
    expect(page.text).toContain('Registrerat:</strong> Inspel lämnat');
    expect(page.text).toMatch(/id="timeline"[\s\S]*Eda tycker till medan vyerna står still/);
    expect(await eventsOf(questionId)).toEqual(['QuestionRaised', 'QuestionAccepted', 'InputSubmitted']);
  });
});
