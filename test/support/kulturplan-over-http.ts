import { EVENT_STORE } from '../../src/event-store/event-store.port';
import type { FixedClock } from '../../src/shared-kernel/clock';
import { waitForLogHead } from './events';
import type { TestApp } from './test-app';

/** What the story left: the question's id and the revision each command's instant wrote. */
export interface KulturplanStory {
  id: string;
  revisionAt: Record<string, number>;
}

/**
 * One question's life over HTTP, each command at its own instant of `clock`,
 * for the tests that read it as it stood at points of its past (time travel,
 * the auditors' follow-up as of a date): Karlstad and Kil are consulted, answer
 * (Karlstad) or not (Kil), are named in the position, Karlstad decides and
 * corrects its decision, Kil decides late, and the question is closed. Waits
 * until the log's head has passed the last command.
 */
export async function tellKulturplanStory(t: TestApp, clock: FixedClock): Promise<KulturplanStory> {
  const chair = await t.token('chair', 'region-varmland', 'anna.chair');
  const revisionAt: Record<string, number> = {};
  const at = async (instant: string, path: string, body: object, token = chair) => {
    clock.set(instant);
    const response = await t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    revisionAt[instant] = response.body.revision;
    return response.body;
  };
  const id = (
    await at('2025-01-10T09:00:00.000Z', '/questions', {
      title: 'Regional kulturplan 2026–2029',
      description: 'Kulturplanen tas fram i dialog med länets kommuner.',
      raisedBy: { kind: 'organisation', id: 'karlstad' },
      topicArea: 'Kultur',
    })
  ).questionId;
  await at('2025-01-20T09:00:00.000Z', `/questions/${id}/accept`, {
    forum: 'council',
    logic: 'decision',
    responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' },
  });
  const consultation = await at('2025-02-05T09:00:00.000Z', `/questions/${id}/consultations`, {
    subject: 'Remiss: utkast till kulturplan',
    parties: ['karlstad', 'kil'],
    answerBy: '2025-02-28',
  });
  await at(
    '2025-02-20T09:00:00.000Z',
    `/questions/${id}/consultations/${consultation.consultationId}/answers`,
    { organisationId: 'karlstad', answer: 'Tillstyrker.' },
    await t.token('member', 'karlstad'),
  );
  await at('2025-03-05T09:00:00.000Z', `/questions/${id}/consultations/${consultation.consultationId}/close`, {});
  await at(
    '2025-03-10T09:00:00.000Z',
    `/questions/${id}/decision-documents`,
    { reference: 'VRAU 2025/7', title: 'Beslutsunderlag kulturplan', proposedPosition: 'Ställ er bakom planen.' },
    await t.token('working-group', 'region-varmland'),
  );
  await at('2025-03-14T09:00:00.000Z', `/questions/${id}/position`, {
    text: 'Ordföranderådet rekommenderar parterna att anta kulturplanen.',
    organisationsToDecide: ['karlstad', 'kil'],
    decideBy: '2025-04-30',
    meetingReference: 'Ordföranderådet 2025-03-14 § 5',
  });
  const decision = { body: 'municipal-executive-board', decidedOn: '2025-04-01', outcome: 'adopted', reference: 'KS 2025-04-01 § 40' };
  await at('2025-04-02T09:00:00.000Z', `/questions/${id}/decisions`, { organisationId: 'karlstad', ...decision }, await t.token('member', 'karlstad'));
  await at(
    '2025-04-15T09:00:00.000Z',
    `/questions/${id}/decisions/karlstad/corrections`,
    { ...decision, reference: 'KS 2025-04-01 § 41', reason: 'Fel paragraf' },
    await t.token('member', 'karlstad'),
  );
  await at(
    '2025-05-10T09:00:00.000Z',
    `/questions/${id}/decisions`,
    { organisationId: 'kil', ...decision, decidedOn: '2025-05-08', reference: 'KS 2025-05-08 § 12' },
    await t.token('member', 'kil'),
  );
  const closed = await at('2025-06-01T09:00:00.000Z', `/questions/${id}/close`, { reason: 'Alla parter har beslutat' });
  await waitForLogHead(t.app.get(EVENT_STORE), closed.position);
  return { id, revisionAt };
}
