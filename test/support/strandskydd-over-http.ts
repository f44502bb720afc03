import type { TestApp } from './test-app';

/** The tokens the read-side tests read with: the process's own roles and three member organisations'. */
export type ReadSideTokens = Record<'chair' | 'workingGroup' | 'secretary' | 'auditor' | 'karlstad' | 'kil' | 'arvika', string>;

/** What the story left: the question, the position of the last command (to read it with), the tokens. */
export interface StrandskyddStory {
  id: string;
  position: string;
  token: ReadSideTokens;
}

/**
 * One question written through the command API, as the read side's HTTP tests
 * read it (the log, the follow-up, the question list and the timeline, each in
 * its own folder): Utvidgat strandskydd is raised by Arvika, accepted, discussed,
 * sent to Karlstad, Kil and Torsby for consultation (Karlstad answers), moved to
 * the chairs' council, given a decision document and a position naming the three,
 * and decided by Karlstad.
 */
export async function tellStrandskyddStory(t: TestApp): Promise<StrandskyddStory> {
  const token: ReadSideTokens = {
    chair: await t.token('chair', 'region-varmland', 'anna.lund'),
    workingGroup: await t.token('working-group', 'region-varmland', 'karin.berg'),
    secretary: await t.token('secretary', 'region-varmland', 'sara.ek'),
    auditor: await t.token('auditor', 'region-varmland', 'revisor'),
    karlstad: await t.token('member', 'karlstad', 'kalle.karlstad'),
    kil: await t.token('member', 'kil', 'kim.kil'),
    arvika: await t.token('member', 'arvika', 'asa.arvika'),
  };
  let position = '';
  const post = async (path: string, body: object, as: string) => {
    const response = await t.http().post(path).set('Authorization', `Bearer ${as}`).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    position = response.body.position;
    return response.body;
  };
  const id = (
    await post(
      '/questions',
      {
        title: 'Utvidgat strandskydd',
        description: 'Länsstyrelsens förslag om utvidgat strandskydd berör alla kommuner.',
        raisedBy: { kind: 'organisation', id: 'arvika' },
        topicArea: 'Samhällsplanering',
      },
      token.arvika,
    )
  ).questionId;
  await post(
    `/questions/${id}/accept`,
    { forum: 'council', logic: 'process', responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' } },
    token.workingGroup,
  );
  await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-02-14', summary: 'Bred dialog i Värmlandsrådet.' }, token.secretary);
  const { consultationId } = await post(
    `/questions/${id}/consultations`,
    { subject: 'Remiss: utvidgat strandskydd', parties: ['karlstad', 'kil', 'torsby'], answerBy: '2025-06-30' },
    token.workingGroup,
  );
  await post(`/questions/${id}/consultations/${consultationId}/answers`, { organisationId: 'karlstad', answer: 'Tillstyrker.' }, token.karlstad);
  await post(`/questions/${id}/move`, { forum: 'chairs-council', reason: 'Redo för ställningstagande' }, token.workingGroup);
  await post(
    `/questions/${id}/decision-documents`,
    { reference: 'VRAU 2025/12', title: 'Beslutsunderlag utvidgat strandskydd', proposedPosition: 'Ett gemensamt yttrande.' },
    token.workingGroup,
  );
  await post(
    `/questions/${id}/position`,
    {
      text: 'Ordföranderådet ställer sig bakom ett gemensamt yttrande.',
      organisationsToDecide: ['karlstad', 'kil', 'torsby'],
      decideBy: '2025-06-10',
      meetingReference: 'Ordföranderådet 2025-05-09 § 4',
    },
    token.chair,
  );
  await post(
    `/questions/${id}/decisions`,
    { organisationId: 'karlstad', body: 'municipal-executive-board', decidedOn: '2025-06-03', outcome: 'adopted', reference: 'KS 2025-06-03 § 45' },
    token.karlstad,
  );
  return { id, position, token };
}
