import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Assignments over HTTP on the real application: the chairs' council gives the
 * working group an assignment tied to a question, it is delivered and approved,
 * and the question gets the decision document through its own command path;
 * overdue and due soon follow the injected clock, in /assignments and /log.
 */
jest.setTimeout(60_000);

describe('assignments (uppdrag) over HTTP', () => {
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  let t: TestApp;
  let store: EventStore;
  let token: Record<'chair' | 'workingGroup' | 'anna' | 'kil' | 'auditor', string>;
  let questionId: string;
  let position = '';

  const send = async (method: 'post' | 'get', path: string, as: string, body?: object) => {
    const request = t.http()[method](path).set('Authorization', `Bearer ${as}`);
    const response = method === 'post' ? await request.send(body ?? {}) : await request;
    if (response.body?.position) position = response.body.position;
    return response;
  };
  const ok = async (path: string, as: string, body?: object) => {
    const response = await send('post', path, as, body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const read = (path: string, as: string) => send('get', `${path}${path.includes('?') ? '&' : '?'}afterPosition=${position}`, as);
  const assignment = (overrides: object = {}) => ({
    givenBy: 'chairs-council',
    title: 'Beslutsunderlag om regional kulturplan',
    purpose: 'Ordföranderådet ska ta ställning i juni',
    deliverable: 'decision-document',
    questionIds: [questionId],
    responsible: { userId: 'anna.andersson', name: 'Anna Andersson', organisationId: 'karlstad', email: 'anna@karlstad.se' },
    dueDate: '2026-03-31',
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', ASSIGNMENT_DUE_SOON_DAYS: '7' } });
    store = t.app.get(EVENT_STORE);
    token = {
      chair: await t.token('chair', 'region-varmland', 'ordf.vrau'),
      workingGroup: await t.token('working-group', 'region-varmland', 'karin.berg'),
      anna: await t.token('member', 'karlstad', 'anna.andersson'),
      kil: await t.token('member', 'kil', 'kim.kil'),
      auditor: await t.token('auditor', 'region-varmland', 'revisor'),
    };
    questionId = (
      await ok('/questions', token.chair, {
        title: 'Regional kulturplan',
        description: 'Ny kulturplan 2027–2030.',
        raisedBy: { kind: 'forum', id: 'chairs-council' },
        topicArea: 'Kultur',
      })
    ).questionId;
    await ok(`/questions/${questionId}/accept`, token.chair, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
  });
  afterAll(() => t?.close());

  it('the chairs’ council gives an assignment tied to a question; the working group delivers a decision document; its approval attaches it to the question', async () => {
    const given = await send('post', '/assignments', token.chair, assignment());
    expect(given.status).toBe(201);
    const id = given.body.assignmentId;
    expect(given.headers.location).toBe(`/assignments/${id}`);

    // Organisation scope: a member of Kil may not accept Karlstad's assignment; Anna (Karlstad) may.
    const before = (await store.readStream(`assignment-${id}`)).length;
    expect((await send('post', `/assignments/${id}/accept`, token.kil)).status).toBe(403);
    expect((await store.readStream(`assignment-${id}`)).length).toBe(before);
    await ok(`/assignments/${id}/accept`, token.anna);
    await ok(`/assignments/${id}/progress`, token.workingGroup, { note: 'Utkast på remiss hos kulturcheferna' });
    const refused = await send('post', `/assignments/${id}/delivery`, token.workingGroup, { reference: 'VRAU 2026/12', title: 'Beslutsunderlag' });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('proposed-position-required');
    await ok(`/assignments/${id}/delivery`, token.workingGroup, {
      reference: 'VRAU 2026/12',
      title: 'Beslutsunderlag regional kulturplan',
      proposedPosition: 'Att ställa sig bakom kulturplanen',
      url: 'https://example.org/vrau-2026-12.pdf',
    });

    // A chair may approve, but not attach a decision document (docs/access.md): refused before anything is appended.
    const byChair = await send('post', `/assignments/${id}/approve`, token.chair);
    expect(byChair.status).toBe(403);
    expect(byChair.body.action).toBe('AttachDecisionDocument');

    const approved = await ok(`/assignments/${id}/approve`, token.workingGroup, { comment: 'Godkänt av arbetsgruppen' });
    expect(approved.events.map((event: { type: string }) => event.type)).toEqual(['AssignmentApproved']);
    expect(approved.questions).toEqual([expect.objectContaining({ questionId, events: [expect.objectContaining({ type: 'DecisionDocumentAttached' })] })]);

    const question = (await send('get', `/questions/${questionId}`, token.chair)).body;
    expect(question.stage).toBe('decision-document');
    expect(question.decisionDocuments).toEqual([
      expect.objectContaining({
        reference: 'VRAU 2026/12',
        title: 'Beslutsunderlag regional kulturplan',
        proposedPosition: 'Att ställa sig bakom kulturplanen',
      }),
    ]);
    const attached = (await store.readStream(`question-${questionId}`)).find((event) => event.type === 'DecisionDocumentAttached')!;
    const approval = (await store.readStream(`assignment-${id}`)).find((event) => event.type === 'AssignmentApproved')!;
    expect(attached.metadata.causationId).toBe(approval.id);
    expect(attached.metadata.correlationId).toBe(approval.metadata.correlationId);
    expect(attached.metadata.actor).toEqual(approval.metadata.actor);

    const folded = (await send('get', `/assignments/${id}`, token.auditor)).body;
    expect(folded).toMatchObject({ status: 'approved', overdue: false, deliveries: [{ review: { outcome: 'approved' } }] });
    const listed = (await read(`/assignments?question=${questionId}&status=approved`, token.auditor)).body;
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it('an overdue assignment is overdue in /assignments, in /assignments/mine and in /log; an extension keeps the earlier date', async () => {
    const late = (
      await ok(
        '/assignments',
        token.workingGroup,
        assignment({ givenBy: 'working-group', deliverable: 'other', title: 'Sammanställ remissvaren', dueDate: '2026-03-10' }),
      )
    ).assignmentId;
    const soon = (await ok('/assignments', token.chair, assignment({ deliverable: 'other', title: 'Förbered dialog', dueDate: '2026-03-18', questionIds: [] })))
      .assignmentId;
    await ok(`/assignments/${late}/accept`, token.anna);
    clock.set('2026-03-12T09:00:00Z');

    const overdue = (await read('/assignments?overdue=true', token.chair)).body;
    expect(overdue.today).toBe('2026-03-12');
    expect(overdue.items.map((item: { id: string }) => item.id)).toEqual([late]);
    expect(overdue.items[0]).toMatchObject({ overdue: true, dueSoon: false, daysLeft: -2, status: 'in-progress' });
    const dueSoon = (await read('/assignments?dueSoon=true', token.chair)).body;
    expect(dueSoon.items.map((item: { id: string }) => item.id)).toEqual([soon]);
    expect((await read('/assignments?forum=working-group', token.chair)).body.items.map((item: { id: string }) => item.id)).toEqual([late]);
    expect((await read('/assignments?organisation=kil', token.chair)).body.total).toBe(0);

    const mine = (await read('/assignments/mine?overdue=true', token.anna)).body;
    expect(mine.items.map((item: { id: string }) => item.id)).toEqual([late]);
    expect((await read('/assignments/mine', token.kil)).body.total).toBe(0);

    const log = (await read('/log', token.chair)).body;
    const entry = log.items.find((item: { id: string }) => item.id === questionId);
    expect(entry.overdue).toBe(true);
    expect(entry.openItems).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'assignment', assignmentId: late, overdue: true, dueDate: '2026-03-10' })]),
    );

    const timeline = (await read(`/questions/${questionId}/timeline`, token.chair)).body;
    expect(timeline.assignments.map((item: { id: string }) => item.id).sort()).toEqual(expect.arrayContaining([late]));

    await ok(`/assignments/${late}/extension`, token.chair, { newDueDate: '2026-04-15', reason: 'Remissvaren dröjer' });
    const extended = (await send('get', `/assignments/${late}`, token.chair)).body;
    expect(extended).toMatchObject({ dueDate: '2026-04-15', overdue: false });
    expect(extended.dueDateHistory.map((entry: { dueDate: string; reason: string | null }) => [entry.dueDate, entry.reason])).toEqual([
      ['2026-03-10', null],
      ['2026-04-15', 'Remissvaren dröjer'],
    ]);
    expect((await read('/assignments?overdue=true', token.chair)).body.total).toBe(0);
  });

  it('refusals: the auditor writes nothing; unknown assignment is 404; extending without a reason is 400', async () => {
    expect((await send('post', '/assignments', token.auditor, assignment())).status).toBe(403);
    expect((await send('post', '/assignments/00000000-0000-4000-8000-000000000000/accept', token.workingGroup)).status).toBe(404);
    const id = (await ok('/assignments', token.chair, assignment({ deliverable: 'other' }))).assignmentId;
    const noReason = await send('post', `/assignments/${id}/extension`, token.chair, { newDueDate: '2026-05-01' });
    expect(noReason.status).toBe(400);
    await ok(`/assignments/${id}/cancel`, token.chair, { reason: 'Frågan löses på annat sätt' });
    const late = await send('post', `/assignments/${id}/accept`, token.anna);
    expect(late.status).toBe(422);
    expect(late.body.rule).toBe('assignment-closed');
  });
});
