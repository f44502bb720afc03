import { randomUUID } from 'node:crypto';
import { executeWithDecider } from '../../src/command-handling/execute-with-decider';
import { Actor, EventStore } from '../../src/event-store/event-store.port';
import { questionDecider } from '../../src/questions/question.decider';
import { QuestionCommand } from '../../src/questions/question.commands';
import { ORGANISATION_IDS, OrganisationId } from '../../src/reference-data/organisations';
import { FixedClock } from '../../src/shared-kernel/clock';

/**
 * Half a year of Samverkan Värmland, written through the real decider and the
 * one write path into a real event store: seven questions at different stages,
 * decisions from some organisations and not others, a position sent back, and
 * a decision that is overdue on 2025-06-16 (TODAY).
 */
export const TODAY = '2025-06-16';
export const TODAY_INSTANT = '2025-06-16T08:00:00.000Z';

export const actors = {
  workingGroup: { userId: 'karin.berg', displayName: 'Karin Berg', role: 'working-group', organisationId: 'region-varmland' },
  chair: { userId: 'anna.lund', displayName: 'Anna Lund', role: 'chair', organisationId: 'karlstad' },
  secretary: { userId: 'sara.ek', displayName: 'Sara Ek', role: 'secretary', organisationId: 'region-varmland' },
  member: (organisationId: OrganisationId): Actor => ({
    userId: `member.${organisationId}`,
    displayName: `Registrator ${organisationId}`,
    role: 'member',
    organisationId,
  }),
} satisfies Record<string, Actor | ((org: OrganisationId) => Actor)>;

export interface ScenarioIds {
  strandskydd: string;
  besoksnaring: string;
  besoksnaringConsultation: string;
  strandskyddConsultation: string;
  kulturplan: string;
  trafik: string;
  avfall: string;
  kompetens: string;
  arbetsordning: string;
}

export async function writeScenario(store: EventStore, clock: FixedClock): Promise<ScenarioIds> {
  const run = async (at: string, actor: Actor, command: QuestionCommand) => {
    clock.set(at);
    const commandId = randomUUID();
    await executeWithDecider(store, clock, questionDecider, command.data.questionId, command, { commandId, correlationId: commandId, actor });
  };
  const ids: ScenarioIds = {
    strandskydd: randomUUID(),
    besoksnaring: randomUUID(),
    besoksnaringConsultation: randomUUID(),
    strandskyddConsultation: randomUUID(),
    kulturplan: randomUUID(),
    trafik: randomUUID(),
    avfall: randomUUID(),
    kompetens: randomUUID(),
    arbetsordning: randomUUID(),
  };
  const { workingGroup: wg, chair, secretary, member } = actors;

  // 1. Utvidgat strandskydd: position in force, 3 of 5 decided, decide-by passed (overdue).
  const s = ids.strandskydd;
  await run('2025-01-10T09:00:00Z', member('arvika'), {
    type: 'RaiseQuestion',
    data: {
      questionId: s,
      title: 'Utvidgat strandskydd',
      description: 'Länsstyrelsens förslag om utvidgat strandskydd berör alla kommuner med sjöar och vattendrag.',
      raisedBy: { kind: 'organisation', id: 'arvika' },
      topicArea: 'Samhällsplanering',
      documents: [],
    },
  });
  await run('2025-01-20T09:00:00Z', wg, {
    type: 'AcceptQuestion',
    data: { questionId: s, forum: 'council', logic: 'process', responsible: { name: 'Karin Berg', organisationId: 'region-varmland' } },
  });
  await run('2025-02-14T15:00:00Z', secretary, {
    type: 'RecordDialogue',
    data: { questionId: s, forum: 'council', heldOn: '2025-02-14', summary: 'Bred dialog om konsekvenserna för landsbygdsutveckling.' },
  });
  await run('2025-02-20T09:00:00Z', member('kil'), {
    type: 'SubmitInput',
    data: { questionId: s, organisationId: 'kil', content: 'Kil vill se lokala undantag.' },
  });
  await run('2025-03-01T09:00:00Z', wg, {
    type: 'OpenConsultation',
    data: {
      questionId: s,
      consultationId: ids.strandskyddConsultation,
      subject: 'Remiss: utvidgat strandskydd',
      parties: ['karlstad', 'kil', 'torsby'],
      answerBy: '2025-04-30',
    },
  });
  await run('2025-04-10T09:00:00Z', member('karlstad'), {
    type: 'AnswerConsultation',
    data: { questionId: s, consultationId: ids.strandskyddConsultation, organisationId: 'karlstad', answer: 'Karlstad tillstyrker.' },
  });
  await run('2025-04-28T09:00:00Z', member('kil'), {
    type: 'AnswerConsultation',
    data: { questionId: s, consultationId: ids.strandskyddConsultation, organisationId: 'kil', answer: 'Kil tillstyrker med ändringar.' },
  });
  await run('2025-05-02T09:00:00Z', wg, { type: 'CloseConsultation', data: { questionId: s, consultationId: ids.strandskyddConsultation } });
  await run('2025-05-02T10:00:00Z', wg, {
    type: 'MoveQuestionToForum',
    data: { questionId: s, forum: 'chairs-council', reason: 'Redo för ställningstagande' },
  });
  await run('2025-05-03T09:00:00Z', wg, {
    type: 'AttachDecisionDocument',
    data: { questionId: s, reference: 'VRAU 2025/12', title: 'Beslutsunderlag utvidgat strandskydd', proposedPosition: 'Ett gemensamt yttrande.' },
  });
  await run('2025-05-12T09:00:00Z', chair, {
    type: 'TakePosition',
    data: {
      questionId: s,
      text: 'Ordföranderådet ställer sig bakom ett gemensamt yttrande.',
      organisationsToDecide: ['region-varmland', 'arvika', 'karlstad', 'kil', 'torsby'],
      decideBy: '2025-06-01',
      meetingReference: 'Ordföranderådet 2025-05-09 § 4',
    },
  });
  await run('2025-05-21T09:00:00Z', member('karlstad'), {
    type: 'RecordMemberDecision',
    data: {
      questionId: s,
      organisationId: 'karlstad',
      body: 'municipal-executive-board',
      decidedOn: '2025-05-20',
      outcome: 'adopted',
      reference: 'KS 2025-05-20 § 88',
    },
  });
  await run('2025-05-27T09:00:00Z', member('kil'), {
    type: 'RecordMemberDecision',
    data: {
      questionId: s,
      organisationId: 'kil',
      body: 'committee',
      bodyName: 'Samhällsbyggnadsnämnden',
      decidedOn: '2025-05-26',
      outcome: 'adopted-with-changes',
      reference: 'SBN 2025-05-26 § 12',
    },
  });
  await run('2025-05-30T09:00:00Z', member('region-varmland'), {
    type: 'RecordMemberDecision',
    data: {
      questionId: s,
      organisationId: 'region-varmland',
      body: 'regional-board',
      decidedOn: '2025-05-28',
      outcome: 'adopted',
      reference: 'RS 2025-05-28 § 101',
    },
  });
  await run('2025-06-11T09:00:00Z', member('karlstad'), {
    type: 'RecordFeedbackAtHome',
    data: { questionId: s, organisationId: 'karlstad', reportedTo: 'Kommunstyrelsen', reportedOn: '2025-06-10' },
  });

  // 2. Det offentligas roll i besöksnäringen: dialogue, consultation open (due 2025-07-15), one answer in.
  const b = ids.besoksnaring;
  await run('2025-02-03T09:00:00Z', secretary, {
    type: 'RaiseQuestion',
    data: {
      questionId: b,
      title: 'Det offentligas roll i besöksnäringen',
      description: 'Hur region och kommuner tillsammans stödjer besöksnäringen.',
      raisedBy: { kind: 'forum', id: 'council' },
      topicArea: 'Regional utveckling',
      documents: [],
    },
  });
  await run('2025-02-10T09:00:00Z', wg, {
    type: 'AcceptQuestion',
    data: { questionId: b, forum: 'council', logic: 'process', responsible: { name: 'Per Olsson', organisationId: 'sunne' } },
  });
  await run('2025-03-20T15:00:00Z', secretary, {
    type: 'RecordDialogue',
    data: { questionId: b, forum: 'council', heldOn: '2025-03-20', summary: 'Workshop om besöksnäringens behov.' },
  });
  await run('2025-05-15T09:00:00Z', wg, {
    type: 'OpenConsultation',
    data: {
      questionId: b,
      consultationId: ids.besoksnaringConsultation,
      subject: 'Remiss: besöksnäringsstrategi',
      parties: ['hagfors', 'sunne', 'torsby', 'arjang'],
      answerBy: '2025-07-15',
    },
  });
  await run('2025-06-02T09:00:00Z', member('sunne'), {
    type: 'AnswerConsultation',
    data: { questionId: b, consultationId: ids.besoksnaringConsultation, organisationId: 'sunne', answer: 'Sunne ser positivt på förslaget.' },
  });

  // 3. Regional kulturplan: decision document ready, waiting for the chairs' council.
  const k = ids.kulturplan;
  await run('2025-01-15T09:00:00Z', secretary, {
    type: 'RaiseQuestion',
    data: {
      questionId: k,
      title: 'Regional kulturplan 2026–2029',
      description: 'Kulturplanen tas fram i dialog med kommunerna inom kultursamverkansmodellen.',
      raisedBy: { kind: 'forum', id: 'culture-education-forum' },
      topicArea: 'Kultur och bildning',
      documents: [],
    },
  });
  await run('2025-01-22T09:00:00Z', wg, {
    type: 'AcceptQuestion',
    data: { questionId: k, forum: 'culture-education-forum', logic: 'decision', responsible: { name: 'Lena Holm', organisationId: 'region-varmland' } },
  });
  await run('2025-04-03T15:00:00Z', secretary, {
    type: 'RecordDialogue',
    data: { questionId: k, forum: 'culture-education-forum', heldOn: '2025-04-03', summary: 'Dialog om kulturplanens prioriteringar.' },
  });
  await run('2025-06-05T09:00:00Z', wg, {
    type: 'AttachDecisionDocument',
    data: { questionId: k, reference: 'RV 2025/331', title: 'Förslag till regional kulturplan', proposedPosition: 'Parterna ställer sig bakom kulturplanen.' },
  });

  // 4. Regionalt trafikförsörjningsprogram: a position sent back, a new one to all 17, four decided (due 2025-09-30).
  const t = ids.trafik;
  await run('2025-01-08T09:00:00Z', secretary, {
    type: 'RaiseQuestion',
    data: {
      questionId: t,
      title: 'Regionalt trafikförsörjningsprogram',
      description: 'Revidering av det regionala trafikförsörjningsprogrammet (RTFP).',
      raisedBy: { kind: 'forum', id: 'transport-regional-development-forum' },
      topicArea: 'Kollektivtrafik',
      documents: [],
    },
  });
  await run('2025-01-09T09:00:00Z', wg, {
    type: 'AcceptQuestion',
    data: { questionId: t, forum: 'chairs-council', logic: 'decision', responsible: { name: 'Johan Ek', organisationId: 'region-varmland' } },
  });
  await run('2025-01-30T09:00:00Z', wg, {
    type: 'AttachDecisionDocument',
    data: { questionId: t, reference: 'RV 2025/40', title: 'Förslag RTFP', proposedPosition: 'Parterna ställer sig bakom programmet.' },
  });
  await run('2025-02-07T09:00:00Z', chair, {
    type: 'TakePosition',
    data: { questionId: t, text: 'Remitteras till Karlstad och Hammarö.', organisationsToDecide: ['karlstad', 'hammaro'], decideBy: '2025-03-31' },
  });
  await run('2025-02-20T09:00:00Z', member('karlstad'), {
    type: 'RecordMemberDecision',
    data: {
      questionId: t,
      organisationId: 'karlstad',
      body: 'municipal-council',
      decidedOn: '2025-02-19',
      outcome: 'rejected',
      reference: 'KF 2025-02-19 § 9',
    },
  });
  await run('2025-03-07T09:00:00Z', chair, { type: 'SendBackToDialogue', data: { questionId: t, reason: 'Alla parter behöver ta ställning' } });
  await run('2025-04-02T09:00:00Z', wg, {
    type: 'AttachDecisionDocument',
    data: { questionId: t, reference: 'RV 2025/77', title: 'Reviderat förslag RTFP', proposedPosition: 'Alla parter ställer sig bakom programmet.' },
  });
  await run('2025-04-11T12:00:00Z', chair, {
    type: 'TakePosition',
    data: {
      questionId: t,
      text: 'Ordföranderådet rekommenderar alla parter att anta programmet.',
      organisationsToDecide: [...ORGANISATION_IDS],
      decideBy: '2025-09-30',
      meetingReference: 'Ordföranderådet 2025-04-11 § 3',
    },
  });
  for (const [organisationId, decidedOn] of [
    ['karlstad', '2025-05-05'],
    ['grums', '2025-05-12'],
    ['region-varmland', '2025-05-20'],
    ['saffle', '2025-06-09'],
  ] as const) {
    await run(`${decidedOn}T12:00:00Z`, member(organisationId), {
      type: 'RecordMemberDecision',
      data: {
        questionId: t,
        organisationId,
        body: organisationId === 'region-varmland' ? 'regional-council' : 'municipal-council',
        decidedOn,
        outcome: 'adopted',
        reference: `${organisationId === 'region-varmland' ? 'RF' : 'KF'} ${decidedOn} § 5`,
      },
    });
  }
  await run('2025-06-10T12:00:00Z', member('grums'), {
    type: 'CorrectMemberDecision',
    data: {
      questionId: t,
      organisationId: 'grums',
      body: 'municipal-council',
      decidedOn: '2025-05-12',
      outcome: 'adopted',
      reference: 'KF 2025-05-12 § 51',
      reason: 'Fel paragraf',
    },
  });

  // 5. Mellankommunal avfallstaxa: declined (strictly inter-municipal).
  const a = ids.avfall;
  await run('2025-02-01T09:00:00Z', member('forshaga'), {
    type: 'RaiseQuestion',
    data: {
      questionId: a,
      title: 'Gemensam avfallstaxa Forshaga–Munkfors',
      description: 'Samordnad taxa mellan två kommuner.',
      raisedBy: { kind: 'organisation', id: 'forshaga' },
      topicArea: 'Miljö',
      documents: [],
    },
  });
  await run('2025-02-05T09:00:00Z', wg, { type: 'DeclineQuestion', data: { questionId: a, reason: 'Rent mellankommunal fråga' } });

  // 6. Kompetensförsörjning: just raised.
  await run('2025-06-12T09:00:00Z', member('kristinehamn'), {
    type: 'RaiseQuestion',
    data: {
      questionId: ids.kompetens,
      title: 'Kompetensförsörjning i Värmland',
      description: 'Gemensamma insatser för kompetensförsörjning, bland annat inför regementets återetablering i Kristinehamn.',
      raisedBy: { kind: 'organisation', id: 'kristinehamn' },
      topicArea: 'Kompetensförsörjning',
      documents: [],
    },
  });

  // 7. Arbetsordning för sakområdesforum: both decided, closed.
  const o = ids.arbetsordning;
  await run('2025-01-05T09:00:00Z', wg, {
    type: 'RaiseQuestion',
    data: {
      questionId: o,
      title: 'Arbetsordning för sakområdesforumen',
      description: 'En gemensam arbetsordning för återrapportering och beredning.',
      raisedBy: { kind: 'forum', id: 'working-group' },
      topicArea: 'Samverkansstrukturen',
      documents: [],
    },
  });
  await run('2025-01-06T09:00:00Z', wg, {
    type: 'AcceptQuestion',
    data: { questionId: o, forum: 'chairs-council', logic: 'decision', responsible: { name: 'Karin Berg', organisationId: 'region-varmland' } },
  });
  await run('2025-01-07T09:00:00Z', wg, {
    type: 'AttachDecisionDocument',
    data: { questionId: o, reference: 'VRAU 2025/2', title: 'Förslag till arbetsordning', proposedPosition: 'Arbetsordningen antas.' },
  });
  await run('2025-01-17T09:00:00Z', chair, {
    type: 'TakePosition',
    data: { questionId: o, text: 'Arbetsordningen antas.', organisationsToDecide: ['region-varmland', 'eda'], decideBy: '2025-03-01' },
  });
  await run('2025-02-03T09:00:00Z', member('eda'), {
    type: 'RecordMemberDecision',
    data: {
      questionId: o,
      organisationId: 'eda',
      body: 'municipal-executive-board',
      decidedOn: '2025-02-02',
      outcome: 'adopted',
      reference: 'KS 2025-02-02 § 7',
    },
  });
  await run('2025-02-04T09:00:00Z', member('region-varmland'), {
    type: 'RecordMemberDecision',
    data: {
      questionId: o,
      organisationId: 'region-varmland',
      body: 'regional-board',
      decidedOn: '2025-02-03',
      outcome: 'adopted',
      reference: 'RS 2025-02-03 § 20',
    },
  });
  await run('2025-02-10T09:00:00Z', wg, { type: 'CloseQuestion', data: { questionId: o, reason: 'Alla parter har beslutat' } });

  clock.set(TODAY_INSTANT);
  return ids;
}
