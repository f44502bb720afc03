import { assignmentStreamId } from '../../src/assignments';
import { APP_CONFIG } from '../../src/config/app-config';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { meetingStreamId } from '../../src/meetings';
import { ProjectionsService } from '../../src/projections/projections.service';
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
 * Read-your-writes without the read models (docs/web.md "Post, redirect,
 * get"): a meeting's and an assignment's page fold their stream from the event
 * store, so their forms wait for no projection. With every projection runner
 * stopped, each post is answered at once (far below the read-your-writes
 * timeout it would otherwise sit out) and the page it leads to shows what it
 * recorded, while the lists the projections keep have not seen it.
 */
describe('Web forms for meetings and assignments with the projections held', () => {
  let t: TestApp;
  let store: EventStore;
  let timeoutMs: number;
  const clock = new FixedClock(new Date('2027-02-01T09:00:00Z'));

  beforeAll(async () => {
    // A long read-your-writes timeout: a form that still waited for a held projection would take all of it.
    t = await startTestApp({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', READ_YOUR_WRITES_TIMEOUT_MS: '5000' } });
    store = t.app.get(EVENT_STORE);
    timeoutMs = t.app.get(APP_CONFIG).projections.readYourWritesTimeoutMs;
    const projections = t.app.get(ProjectionsService);
    await Promise.all(projections.names().map((name) => projections.runner(name)!.stop()));
  }, 120_000);
  afterAll(() => t?.close());

  /** Draws the form, posts it, and follows the 303: the page and how long the post took. */
  async function give(agent: Agent, path: string, values: Record<string, string>) {
    const form = await agent.get(path).expect(200);
    const started = Date.now();
    const posted = await agent
      .post(path)
      .type('form')
      .send({ ...tokensOf(form.text), ...values });
    const postMs = Date.now() - started;
    const summary = posted.text.indexOf('error-summary');
    expect({ path, status: posted.status, page: posted.status === 303 ? '' : posted.text.slice(summary, summary + 1500) }).toEqual({
      path,
      status: 303,
      page: '',
    });
    const page = await agent.get(posted.headers.location).expect(200);
    return { location: posted.headers.location as string, postMs, page: page.text };
  }

  it('a meeting scheduled and cancelled through the forms shows on its page at once; the meetings list has not seen it', async () => {
    const secretary = browser(t);
    await signIn(secretary, 'secretary', 'region-varmland', 'Sara Sekreterare');
    const scheduled = await give(secretary, '/web/meetings/new', {
      forum: 'chairs-council',
      title: 'Ordföranderådet utan vyer',
      startsAt: '2027-03-12T09:00',
      agendaDeadline: '2027-02-26T16:00',
      place: 'Regionens hus, Karlstad',
    });
    expect(scheduled.postMs).toBeLessThan(timeoutMs);
    const meetingId = /^\/web\/meetings\/([0-9a-f-]{36})\?recorded=MeetingScheduled$/.exec(scheduled.location)![1];
    expect(scheduled.page).toContain('Registrerat:</strong> Sammanträde utlyst');
    expect(scheduled.page).toContain('Ordföranderådet utan vyer');

    const cancelled = await give(secretary, `/web/meetings/${meetingId}/act/cancel`, { reason: 'Inga frågor är redo.' });
    expect(cancelled.postMs).toBeLessThan(timeoutMs);
    expect(cancelled.page).toContain('Registrerat:</strong> Sammanträde inställt');
    expect(cancelled.page).toContain('Inga frågor är redo.');

    // The projections were held all along: the list they keep does not have the meeting.
    expect((await secretary.get('/web/meetings').expect(200)).text).not.toContain(meetingId);
    expect((await store.readStream(meetingStreamId(meetingId))).map((event) => event.type)).toEqual(['MeetingScheduled', 'MeetingCancelled']);
  });

  it('an assignment given and accepted through the forms shows on its page at once; the assignments list has not seen it', async () => {
    const token = await t.token('working-group');
    const questionId = (
      await t
        .http()
        .post('/questions')
        .set('Authorization', `Bearer ${token}`)
        .send({ title: 'Kulturplan utan vyer', description: 'Kulturplan 2028–2031.', raisedBy: { kind: 'forum', id: 'council' }, topicArea: 'Kultur' })
        .expect(201)
    ).body.questionId as string;

    const workingGroup = browser(t);
    await signIn(workingGroup, 'working-group', 'region-varmland', 'Anna Arbetsgrupp');
    const given = await give(workingGroup, `/web/assignments/new?questionId=${questionId}`, {
      givenBy: 'working-group',
      title: 'Underlag utan vyer',
      purpose: 'Ordföranderådet ska kunna ta ställning i juni.',
      deliverable: 'decision-document',
      questionId,
      responsibleName: 'Kim Kil',
      responsibleUserId: 'local:kil:kim.kil',
      responsibleOrganisation: 'kil',
      dueDate: '2099-05-31',
    });
    expect(given.postMs).toBeLessThan(timeoutMs);
    const assignmentId = /^\/web\/assignments\/([0-9a-f-]{36})\?recorded=AssignmentGiven$/.exec(given.location)![1];
    expect(given.page).toContain('Registrerat:</strong> Uppdrag givet');
    expect(given.page).toContain('Underlag utan vyer');

    const kim = browser(t);
    await signIn(kim, 'member', 'kil', 'Kim Kil');
    const accepted = await give(kim, `/web/assignments/${assignmentId}/act/accept`, {});
    expect(accepted.postMs).toBeLessThan(timeoutMs);
    expect(accepted.page).toContain('Registrerat:</strong> Uppdrag accepterat');
    // Accepted, Kim is offered what follows it: delivery.
    expect(accepted.page).toContain(`/web/assignments/${assignmentId}/act/deliver"`);

    const list = await t.http().get(`/assignments?question=${questionId}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(list.body.items).toEqual([]);
    expect((await store.readStream(assignmentStreamId(assignmentId))).map((event) => event.type)).toEqual(['AssignmentGiven', 'AssignmentAccepted']);
  });
});
