import { EVENT_STORE, EventStore, formatPosition } from '../../src/event-store/event-store.port';
import { MEETING_OUTCOMES_REACTION } from '../../src/meetings/meeting-outcome.reaction';
import { ReactionsService } from '../../src/reactions/reactions.service';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * A meeting item's outcome racing its question's withdrawal (issue 21.2):
 * the outcome is carried into the question by a reaction from the stored log,
 * so no round may end half — an outcome stored while the client was told it
 * failed, or stored and neither carried into the question nor recorded as
 * refused. Each round: a dialogue item's outcome and the question's withdrawal
 * sent at the same time. RACE_ROUNDS sets the number of rounds.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 16);
jest.setTimeout(60_000 + ROUNDS * 10_000);

describe('an item outcome racing the withdrawal of its question', () => {
  const clock = new FixedClock(new Date('2027-01-10T09:00:00Z'));
  let t: TestApp;
  let store: EventStore;
  let chair: string;
  let secretary: string;

  const post = (path: string, as: string, body: object = {}) => t.http().post(path).set('Authorization', `Bearer ${as}`).send(body);
  const ok = async (path: string, as: string, body: object = {}) => {
    const response = await post(path, as, body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_POLL_MS: '0', REACTION_WAIT_MS: '20000' } });
    store = t.app.get(EVENT_STORE);
    chair = await t.token('chair', 'region-varmland', 'ordf');
    secretary = await t.token('secretary', 'region-varmland', 'sekr', ['council']);
  });
  afterAll(() => t?.close());

  it(`ends no round of ${ROUNDS} half: each outcome is refused with nothing stored, carried into the question, or recorded as not carried`, async () => {
    const questions: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { questionId } = await ok('/questions', chair, {
        title: `Fråga ${round}`,
        description: 'Underlag',
        raisedBy: { kind: 'forum', id: 'council' },
        topicArea: 'Regional utveckling',
      });
      await ok(`/questions/${questionId}/accept`, chair, {
        forum: 'council',
        logic: 'process',
        responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
      });
      questions.push(questionId);
    }
    const { meetingId } = await ok('/meetings', chair, {
      forum: 'council',
      startsAt: '2027-02-11T09:00:00+01:00',
      agendaDeadline: '2027-01-28T16:00:00+01:00',
      place: 'Karlstad',
    });
    await ok(`/meetings/${meetingId}/agenda`, chair, {
      items: questions.map((questionId, round) => ({ title: `Dialog ${round}`, kind: 'dialogue', logic: 'process', questionId })),
    });
    await ok(`/meetings/${meetingId}/agenda/publish`, secretary);
    const agenda: Array<{ itemId: string; questionId: string }> = (await t.http().get(`/meetings/${meetingId}`).set('Authorization', `Bearer ${chair}`)).body
      .agenda;
    clock.set('2027-02-11T11:00:00Z');

    const answers: Array<{ status: number; body: { notCarried?: Array<{ rule: string }>; questions?: unknown[]; pending?: unknown[] } }> = [];
    for (const item of agenda) {
      const [outcome] = await Promise.all([
        post(`/meetings/${meetingId}/items/${item.itemId}/outcome`, secretary, { status: 'concluded', summary: 'Dialog förd' }),
        post(`/questions/${item.questionId}/withdraw`, chair, { reason: 'Frågan drogs tillbaka under mötet' }),
      ]);
      answers.push(outcome);
    }

    const head = await store.headPosition();
    expect(await t.app.get(ReactionsService).waitFor(MEETING_OUTCOMES_REACTION, formatPosition(head!))).toBe(true);
    const meetingEvents = await store.readStream(`meeting-${meetingId}`);
    const tally = { refusedWithNothingStored: 0, carried: 0, recordedAsNotCarried: 0, half: 0 };
    for (const [round, item] of agenda.entries()) {
      const outcome = meetingEvents.find((event) => event.type === 'ItemOutcomeRecorded' && (event.data as { itemId: string }).itemId === item.itemId);
      const answer = answers[round];
      if (!outcome) {
        // Refused before anything was appended: the client was told so.
        expect(answer.status).toBeGreaterThanOrEqual(400);
        tally.refusedWithNothingStored++;
        continue;
      }
      const carried = (await store.readStream(`question-${item.questionId}`)).filter((event) => event.metadata.causationId === outcome.id);
      const notCarried = meetingEvents.filter(
        (event) => event.type === 'MeetingOutcomeNotCarried' && (event.data as { outcomeEventId: string }).outcomeEventId === outcome.id,
      );
      const whole = answer.status < 300 && carried.length + notCarried.length === 1;
      if (!whole) {
        tally.half++;
        continue;
      }
      if (carried.length === 1) {
        expect(carried[0].type).toBe('DialogueRecorded');
        expect(answer.body.questions ?? answer.body.pending).toHaveLength(1);
        tally.carried++;
      } else {
        expect(notCarried[0].data).toMatchObject({ itemId: item.itemId, questionId: item.questionId, rule: 'question-not-open' });
        expect(notCarried[0].metadata.causationId).toBe(outcome.id);
        expect(answer.body.notCarried ?? answer.body.pending).toHaveLength(1);
        tally.recordedAsNotCarried++;
      }
    }
    console.log(`outcome vs withdrawal, ${ROUNDS} rounds:`, tally);
    expect(tally.half).toBe(0);

    // The secretary sees each refusal on the meeting, with the question's rule.
    const meeting = (await t.http().get(`/meetings/${meetingId}`).set('Authorization', `Bearer ${secretary}`)).body;
    expect(meeting.notCarried).toHaveLength(tally.recordedAsNotCarried);
  });
});
