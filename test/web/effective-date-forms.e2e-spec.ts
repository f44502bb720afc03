import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { questionStreamId } from '../../src/questions/contract';
import { FixedClock } from '../../src/shared-kernel/clock';
import { QUESTION_FORMS, RAISE_FORM } from '../../src/web/questions/question-forms';
import { TestApp, startTestApp } from '../support/test-app';
import { browser, hiddenField, signIn } from './web-support';

type Agent = ReturnType<typeof browser>;

// The embedded database on a busy machine starts slowly.
jest.setTimeout(120_000);

function tokensOf(page: string): Record<string, string> {
  const tokens: Record<string, string> = { _csrf: hiddenField(page, '_csrf'), _formKey: hiddenField(page, '_formKey') };
  if (page.includes('name="_revision"')) tokens._revision = hiddenField(page, '_revision');
  return tokens;
}

/**
 * "Datum då det skedde" on the question's forms: the day the thing happened
 * (effectiveOn) is stored beside the day it was recorded; left empty it is
 * today; the rule's refusal (in the future, before the question was raised,
 * before its latest event) is shown beside the field with what was typed kept,
 * and nothing is appended.
 */
describe('The effective date on the question forms', () => {
  const clock = new FixedClock(new Date('2025-09-01T08:00:00.000Z'));
  let t: TestApp;
  let store: EventStore;
  let agent: Agent;
  let questionId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    store = t.app.get(EVENT_STORE);
    agent = browser(t);
    await signIn(agent, 'working-group', 'region-varmland');
  }, 300_000);
  afterAll(() => t?.close());

  const stored = async () => (await store.readStream(questionStreamId(questionId))).map((event) => [event.type, event.metadata.effectiveOn]);

  const post = async (slug: string, values: Record<string, string>, status: number) => {
    const form = await agent.get(`/web/questions/${questionId}/act/${slug}`).expect(200);
    return agent
      .post(`/web/questions/${questionId}/act/${slug}`)
      .type('form')
      .send({ ...tokensOf(form.text), ...values })
      .expect(status);
  };

  const dialogue = (effectiveOn: string) => ({ forum: 'council', heldOn: '2025-03-14', summary: 'Rådslag om laddinfrastrukturen.', effectiveOn });

  it('every question form offers the date, optional, through the shared field builder', () => {
    expect(QUESTION_FORMS.length).toBeGreaterThan(10);
    for (const form of [RAISE_FORM, ...QUESTION_FORMS]) {
      const fields = form.fields({ actor: { userId: 'u', displayName: 'U', role: 'working-group', organisationId: 'region-varmland' }, language: 'sv' });
      expect({ form: form.slug, field: fields.at(-1) }).toEqual({
        form: form.slug,
        field: expect.objectContaining({ name: 'effectiveOn', kind: 'date', label: 'Datum då det skedde', optional: true }),
      });
    }
  });

  it('raises and accepts a question on the days they happened, recorded today', async () => {
    const form = await agent.get('/web/questions/new').expect(200);
    expect(form.text).toContain('<label for="effectiveOn"');
    expect(form.text).toContain('Datum då det skedde');
    const raised = await agent
      .post('/web/questions/new')
      .type('form')
      .send({
        ...tokensOf(form.text),
        title: 'Laddinfrastruktur längs stråken',
        description: 'Gemensam planering av laddplatser.',
        topicArea: 'Infrastruktur',
        raisedBy: 'karlstad',
        effectiveOn: '2025-02-03',
      })
      .expect(303);
    questionId = /\/web\/questions\/([0-9a-f-]{36})/.exec(raised.headers.location)![1];
    await post(
      'accept',
      {
        forum: 'council',
        logic: 'process',
        responsibleGivenName: 'Karin',
        responsibleFamilyName: 'Berg',
        responsibleOrganisation: 'region-varmland',
        effectiveOn: '2025-02-10',
      },
      303,
    );
    const events = await store.readStream(questionStreamId(questionId));
    expect(events.map((event) => [event.type, event.metadata.effectiveOn, event.metadata.occurredAt])).toEqual([
      ['QuestionRaised', '2025-02-03', '2025-09-01T08:00:00.000Z'],
      ['QuestionAccepted', '2025-02-10', '2025-09-01T08:00:00.000Z'],
    ]);
  });

  it.each([
    ['2025-09-02', 'Datumet ligger i framtiden'],
    ['2025-01-20', 'Datumet ligger före dagen då frågan väcktes'],
    ['2025-02-05', 'Datumet ligger före frågans senaste händelse'],
  ])('refuses %s beside the field, keeps what was typed, appends nothing', async (day, sentence) => {
    const before = await stored();
    const page = await post('dialogue', dialogue(day), 422);
    expect(page.text).toMatch(new RegExp(`id="effectiveOn-error">[^<]*${sentence}`));
    expect(page.text).toContain(`value="${day}"`);
    expect(page.text).toContain('Rådslag om laddinfrastrukturen.');
    expect(await stored()).toEqual(before);
  });

  it('refuses a date that does not exist beside the field (400)', async () => {
    const page = await post('dialogue', dialogue('2025-02-30'), 400);
    expect(page.text).toContain('id="effectiveOn-error"');
    expect(await stored()).toHaveLength(2);
  });

  it('records on the day named, and today when the field is left empty', async () => {
    await post('dialogue', dialogue('2025-03-14'), 303);
    await post('input', { organisationId: 'karlstad', content: 'Karlstad vill ha gemensam upphandling.', effectiveOn: '' }, 303);
    expect((await stored()).slice(2)).toEqual([
      ['DialogueRecorded', '2025-03-14'],
      ['InputSubmitted', '2025-09-01'],
    ]);
    const { body } = await t
      .http()
      .get(`/questions/${questionId}?inEffectOn=2025-03-01`)
      .set('Authorization', `Bearer ${await t.token('chair', 'region-varmland')}`)
      .expect(200);
    expect(body.stage).toBe('accepted');
  });

  it('the history page shows both times, labelled: the day it happened beside when it was recorded', async () => {
    const auditor = browser(t);
    await signIn(auditor, 'auditor', 'region-varmland');
    const page = await auditor.get(`/web/questions/${questionId}/history`).expect(200);
    expect(page.text).toContain('<th scope="col">Inträffade</th>');
    expect(page.text).toContain('<th scope="col">Registrerad</th>');
    expect(page.text).toMatch(/<td>2025-02-03<\/td>\s*<td>2025-09-01 10:00<\/td>\s*<td>Fråga väckt<\/td>/);
  });
});
