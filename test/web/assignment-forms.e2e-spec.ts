import { assignmentStreamId } from '../../src/assignments';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { questionStreamId } from '../../src/questions/contract';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, hiddenField, signIn } from './web-support';

type Agent = ReturnType<typeof browser>;

function tokensOf(page: string): Record<string, string> {
  const tokens: Record<string, string> = { _csrf: hiddenField(page, '_csrf'), _formKey: hiddenField(page, '_formKey') };
  if (page.includes('name="_revision"')) tokens._revision = hiddenField(page, '_revision');
  return tokens;
}

/**
 * The working group gives an assignment for a question's decision document
 * from the question's page; the responsible official in Kil accepts and
 * delivers it; the working group returns it once, extends it with a reason,
 * and approves the second delivery, which attaches the decision document to
 * the question. All through the forms, with what the access policy allows on
 * each page.
 */
describe('Web forms for an assignment: given from a question, delivered, approved', () => {
  let t: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
  }, 120_000);
  afterAll(() => t?.close());

  async function give(agent: Agent, path: string, values: Record<string, string | string[]>, expected = 303) {
    const form = await agent.get(path).expect(200);
    const response = await agent
      .post(path)
      .type('form')
      .send({ ...tokensOf(form.text), ...values });
    const summary = response.text.indexOf('error-summary');
    expect({ path, status: response.status, page: response.status === expected ? '' : response.text.slice(summary, summary + 1500) }).toEqual({
      path,
      status: expected,
      page: '',
    });
    return { form: form.text, response };
  }

  it('gives, delivers, returns, extends and approves; the approval attaches the decision document to the question', async () => {
    const token = await t.token('working-group');
    const api = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
    const questionId = (
      await api('/questions', {
        title: 'Regional kulturplan',
        description: 'Kulturplan 2028–2031.',
        raisedBy: { kind: 'forum', id: 'council' },
        topicArea: 'Kultur',
      }).expect(201)
    ).body.questionId as string;
    await api(`/questions/${questionId}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    }).expect(200);

    const workingGroup = browser(t);
    await signIn(workingGroup, 'working-group', 'region-varmland', 'Anna Arbetsgrupp');
    const questionPage = await workingGroup.get(`/web/questions/${questionId}`).expect(200);
    expect(questionPage.text).toContain(`/web/assignments/new?questionId=${questionId}`);
    const given = await give(workingGroup, `/web/assignments/new?questionId=${questionId}`, {
      givenBy: 'working-group',
      title: 'Beslutsunderlag om kulturplanen',
      purpose: 'Ordföranderådet ska kunna ta ställning i juni.',
      deliverable: 'decision-document',
      questionId,
      responsibleName: 'Kim Kil',
      responsibleUserId: 'local:kil:kim.kil',
      responsibleOrganisation: 'kil',
      dueDate: '2099-05-31',
    });
    expect(given.form).toMatch(new RegExp(`id="questionId"\\s+name="questionId"\\s+value="${questionId}"`));
    const assignmentId = /^\/web\/assignments\/([0-9a-f-]{36})\?recorded=AssignmentGiven$/.exec(given.response.headers.location)![1];
    const base = `/web/assignments/${assignmentId}`;

    // Kim, in Kil, is offered acceptance; a member of Eda is not, and is refused the forms for Kil's assignment.
    const eda = browser(t);
    await signIn(eda, 'member', 'eda', 'Erik Eda');
    expect((await eda.get(base).expect(200)).text).not.toContain('/act/');
    const forged = await eda.get(`${base}/act/cancel`);
    expect(forged.status).toBe(403);

    const kim = browser(t);
    await signIn(kim, 'member', 'kil', 'Kim Kil');
    const toAccept = await kim.get(base).expect(200);
    expect(toAccept.text).toContain(`${base}/act/accept"`);
    expect(toAccept.text).not.toContain(`${base}/act/approve"`);
    await give(kim, `${base}/act/accept`, {});
    await give(kim, `${base}/act/progress`, { note: 'Utkast klart, remiss till kulturcheferna.' });
    // A decision document needs its proposed position: refused beside the field.
    const refused = await give(kim, `${base}/act/deliver`, { reference: 'VRAU 2028/2', title: 'Underlag kulturplan' }, 422);
    expect(refused.response.text).toContain('id="proposedPosition-error"');
    await give(kim, `${base}/act/deliver`, { reference: 'VRAU 2028/2', title: 'Underlag kulturplan', proposedPosition: 'Ställ er bakom planen.' });

    await give(workingGroup, `${base}/act/return`, { comments: 'Lägg till finansieringen.' });
    await give(workingGroup, `${base}/act/extend`, { newDueDate: '2099-06-15', reason: 'Finansieringen behöver en vecka till.' });
    await give(kim, `${base}/act/deliver`, {
      reference: 'VRAU 2028/2 rev',
      title: 'Underlag kulturplan, med finansiering',
      proposedPosition: 'Ställ er bakom planen och dess finansiering.',
    });
    await give(workingGroup, `${base}/act/approve`, { comment: '' });
    const done = await workingGroup.get(`${base}?recorded=AssignmentApproved`).expect(200);
    expect(done.text).toContain('Godkänt');
    expect(done.text).toContain('2099-06-15');

    expect((await store.readStream(assignmentStreamId(assignmentId))).map((event) => event.type)).toEqual([
      'AssignmentGiven',
      'AssignmentAccepted',
      'AssignmentProgressNoted',
      'AssignmentDelivered',
      'AssignmentReturned',
      'AssignmentDueDateExtended',
      'AssignmentDelivered',
      'AssignmentApproved',
    ]);
    const questionEvents = await store.readStream(questionStreamId(questionId));
    expect(questionEvents.map((event) => event.type)).toEqual(['QuestionRaised', 'QuestionAccepted', 'DecisionDocumentAttached']);
    expect(questionEvents.at(-1)!.data).toMatchObject({ reference: 'VRAU 2028/2 rev', proposedPosition: 'Ställ er bakom planen och dess finansiering.' });
  });
});
