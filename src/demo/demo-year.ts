/**
 * A year of Samverkan Värmland, drawn from the seed documents (the chairs'
 * council's programme of 11 October 2024, the evaluation of the topic forums,
 * the 2021 evaluation's recommendations, the study visit from Örebro): eleven
 * questions at every stage, with dialogues, consultations, positions, decisions
 * from some of the 17 organisations and not from others, feedback at home, and
 * things overdue. Loaded through the command API, as people would enter it.
 *
 * Dates are relative to the day the demo was first loaded (the day its first
 * question was raised), so a second run sends the very same requests, with the
 * same Idempotency-Keys, and the API answers them from its idempotency store
 * instead of recording anything twice.
 */
import { type Actor, comparePositions, parsePosition } from '../event-store/event-store.port';
import { ORGANISATIONS, ORGANISATION_IDS, type OrganisationId, findOrganisation } from '../reference-data/organisations';
import { calendarDateOf } from '../shared-kernel/calendar';
import { loadDemoMeetings, sideBySide } from './demo-meetings';
import { loadDemoStructure } from './demo-structure';

/** How the loader reaches the API: a running instance (load-demo.ts) or a test app. */
export interface DemoTransport {
  /** POSTs a command as the actor, with the Idempotency-Key; resolves to the response body or throws. */
  post<Answer extends object = QuestionAnswer>(actor: Actor, idempotencyKey: string, path: string, body: object): Promise<Answer>;
  get(actor: Actor, path: string): Promise<unknown>;
}

/** What a question command answers (the fields the loader reads). */
export interface QuestionAnswer {
  questionId: string;
  position: string;
  consultationId?: string;
}

export interface DemoResult {
  /** The day the demo's dates are counted from. */
  anchor: string;
  questions: Record<string, string>;
  /** The global position of the last command: read with `afterPosition` to see it all. */
  lastPosition: string;
  commands: number;
  /** The meetings held and coming, the assignments, and the year of the adopted annual wheel (demo-meetings.ts). */
  meetings: Record<string, string>;
  assignments: Record<string, string>;
  wheelYear: number;
}

/** Bumped if the scenario changes, so that a changed request does not reuse an old key. */
const RUN = 'demo-year-v1';

export const DEMO_ACTORS = {
  workingGroup: { userId: 'demo.arbetsgrupp', displayName: 'Maria Nilsson', role: 'working-group', organisationId: 'region-varmland' },
  municipalDirector: { userId: 'demo.kommundirektor', displayName: 'Lars Öberg', role: 'working-group', organisationId: 'kristinehamn' },
  chair: { userId: 'demo.ordforande', displayName: 'Eva Lindgren', role: 'chair', organisationId: 'region-varmland' },
  secretary: { userId: 'demo.sekreterare', displayName: 'Sofia Berg', role: 'secretary', organisationId: 'region-varmland' },
  administrator: { userId: 'demo.admin', displayName: 'Per Holm', role: 'admin', organisationId: 'region-varmland' },
} satisfies Record<string, Actor>;

/** The person who records what an organisation did: its own registrar (role member). */
export function registrarOf(organisationId: OrganisationId): Actor {
  return { userId: `demo.${organisationId}`, displayName: `Registrator, ${findOrganisation(organisationId).name}`, role: 'member', organisationId };
}

const MUNICIPALITIES = ORGANISATIONS.filter((o) => o.kind === 'municipality').map((o) => o.id);

export async function loadDemoYear(api: DemoTransport, progress: (line: string) => void = () => undefined): Promise<DemoResult> {
  const { workingGroup: wg, municipalDirector, chair, secretary } = DEMO_ACTORS;
  const member = registrarOf;
  let lastPosition = '0.0';
  let commands = 0;

  const post = async <Answer extends object = QuestionAnswer>(actor: Actor, key: string, path: string, body: object): Promise<Answer> => {
    const result = await api.post<Answer & { position: string }>(actor, `${RUN}:${key}`, path, body);
    // Commands run side by side: the last position is the furthest one reached.
    if (comparePositions(parsePosition(result.position)!, parsePosition(lastPosition)!) > 0) lastPosition = result.position;
    commands++;
    return result;
  };
  const raise = async (
    slug: string,
    actor: Actor,
    body: { title: string; description: string; raisedBy: { kind: 'organisation' | 'forum'; id: string }; topicArea: string },
  ) => {
    const { questionId } = await post(actor, `${slug}:raise`, '/questions', body);
    progress(`  ${body.title}`);
    return questionId;
  };

  // The first question fixes the calendar: its raising day is day 0 of the demo, on every run.
  const strandskydd = await raise('strandskydd', member('arvika'), {
    title: 'Utvidgat strandskydd',
    description:
      'Länsstyrelsen föreslår utvidgat strandskydd vid ett stort antal sjöar och vattendrag i Värmland. Förslaget påverkar möjligheterna till landsbygdsutveckling och byggande nära vatten i alla kommuner, och parterna vill ge ett gemensamt svar. Frågan togs upp på Ordföranderådet den 11 oktober 2024.',
    raisedBy: { kind: 'organisation', id: 'arvika' },
    topicArea: 'Samhällsplanering',
  });
  const raisedAt = ((await api.get(chair, `/questions/${strandskydd}`)) as { raisedAt: string }).raisedAt;
  const anchor = calendarDateOf(raisedAt);
  const day = (offset: number) => addDays(anchor, offset);
  const ks = (organisationId: OrganisationId, on: string, paragraph: number) =>
    organisationId === 'region-varmland'
      ? { body: 'regional-board', decidedOn: on, reference: `RS ${on} § ${paragraph}` }
      : { body: 'municipal-executive-board', decidedOn: on, reference: `KS ${on} § ${paragraph}` };

  const questions: Record<string, string> = { strandskydd };

  // The sections are independent of each other once the first question has fixed the calendar: they are sent side by side.
  const sections: Array<() => Promise<void>> = [];

  // The structure register, with the people whose roles the demo's assignments rely on, from a year before day 0 — beside the
  // questions: a position is checked against the register whether its structure file is in yet or not (one append), and the
  // assignments, which need the working group's members, come after all sections.
  sections.push(() => loadDemoStructure(post, api.get, { ...DEMO_ACTORS, registrarOf }, day(-365)));

  // 1. Utvidgat strandskydd — dialogue, consultation, position to all 17; 11 have decided, the rest are overdue.
  sections.push(async () => {
    const id = strandskydd;
    const q = (step: string) => `strandskydd:${step}`;
    await post(wg, q('accept'), `/questions/${id}/accept`, {
      forum: 'council',
      logic: 'process',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await post(secretary, q('dialogue-1'), `/questions/${id}/dialogues`, {
      forum: 'council',
      heldOn: day(-300),
      summary:
        'Bred dialog i Värmlandsrådet om vad förslaget betyder för landsbygdsutveckling och byggande nära vatten. Flera parter vill ha ett gemensamt yttrande.',
    });
    await post(member('kil'), q('input-kil'), `/questions/${id}/inputs`, {
      organisationId: 'kil',
      content: 'Kil vill att kommunernas översiktsplaner och LIS-områden väger tungt när gränserna dras.',
    });
    await post(member('sunne'), q('input-sunne'), `/questions/${id}/inputs`, {
      organisationId: 'sunne',
      content: 'Sunne ser risker för besöksnäringen vid Frykensjöarna om strandskyddet utvidgas utan undantag.',
    });
    const parties: OrganisationId[] = ['arvika', 'eda', 'kil', 'sunne', 'torsby', 'arjang', 'saffle'];
    const { consultationId } = await post(wg, q('consultation'), `/questions/${id}/consultations`, {
      subject: 'Remiss: Länsstyrelsens förslag om utvidgat strandskydd',
      parties,
      answerBy: day(-230),
    });
    for (const party of parties.filter((p) => p !== 'arjang')) {
      await post(member(party), q(`answer-${party}`), `/questions/${id}/consultations/${consultationId}/answers`, {
        organisationId: party,
        answer: `${findOrganisation(party).name} tillstyrker ett gemensamt yttrande men vill att lokala förutsättningar beaktas.`,
      });
    }
    await post(wg, q('consultation-close'), `/questions/${id}/consultations/${consultationId}/close`, {});
    await post(wg, q('move'), `/questions/${id}/move`, {
      forum: 'chairs-council',
      reason: 'Remissvaren är sammanställda; frågan är mogen för ställningstagande.',
    });
    await post(wg, q('document'), `/questions/${id}/decision-documents`, {
      reference: 'SV 2025/14',
      title: 'Gemensamt yttrande över utvidgat strandskydd',
      proposedPosition: 'Samverkan Värmland ställer sig bakom ett gemensamt yttrande som värnar landsbygdsutveckling och lokala undantag.',
    });
    await post(chair, q('position'), `/questions/${id}/position`, {
      text: 'Ordföranderådet ställer sig bakom det gemensamma yttrandet och rekommenderar varje part att besluta om det.',
      organisationsToDecide: [...ORGANISATION_IDS],
      decideBy: day(-30),
      meetingReference: `Ordföranderådet ${day(-120)} § 5`,
    });
    const decided: Array<[OrganisationId, number, string]> = [
      ['region-varmland', -110, 'adopted'],
      ['karlstad', -100, 'adopted'],
      ['kil', -96, 'adopted'],
      ['arvika', -90, 'adopted'],
      ['eda', -85, 'adopted-with-changes'],
      ['sunne', -80, 'adopted'],
      ['torsby', -74, 'adopted'],
      ['hammaro', -70, 'adopted'],
      ['grums', -61, 'adopted'],
      ['forshaga', -52, 'will-not-decide'],
      ['saffle', -40, 'adopted'],
    ];
    for (const [index, [organisationId, offset, outcome]] of decided.entries()) {
      await post(member(organisationId), q(`decision-${organisationId}`), `/questions/${id}/decisions`, {
        organisationId,
        ...ks(organisationId, day(offset), 40 + index),
        outcome,
        ...(outcome === 'adopted-with-changes' ? { note: 'Eda vill att undantag för gränsnära turism skrivs in.' } : {}),
      });
    }
    for (const [organisationId, offset] of [
      ['karlstad', -60],
      ['arvika', -45],
      ['sunne', -20],
    ] as const) {
      await post(member(organisationId), q(`feedback-${organisationId}`), `/questions/${id}/feedback`, {
        organisationId,
        reportedTo: 'Kommunstyrelsen',
        reportedOn: day(offset),
        summary: 'Återrapport om Ordföranderådets ställningstagande och kommunens beslut.',
      });
    }
  });

  // 2. Det offentligas roll i besöksnäringen — dialogue in two forums, a consultation open until three weeks from now.
  sections.push(async () => {
    const id = await raise('besoksnaring', secretary, {
      title: 'Det offentligas roll i besöksnäringen',
      description:
        'Hur region och kommuner tillsammans kan stödja besöksnäringen: destinationsutveckling, infrastruktur och samordning. Programpunkt på Ordföranderådet den 11 oktober 2024.',
      raisedBy: { kind: 'forum', id: 'council' },
      topicArea: 'Regional utveckling',
    });
    questions.besoksnaring = id;
    const q = (step: string) => `besoksnaring:${step}`;
    await post(wg, q('accept'), `/questions/${id}/accept`, {
      forum: 'council',
      logic: 'process',
      responsible: { givenName: 'Per', familyName: 'Olsson', organisationId: 'sunne' },
    });
    await post(secretary, q('dialogue-1'), `/questions/${id}/dialogues`, {
      forum: 'council',
      heldOn: day(-250),
      summary: 'Workshop om besöksnäringens behov och vad det offentliga kan och inte kan göra.',
    });
    await post(member('torsby'), q('input-torsby'), `/questions/${id}/inputs`, {
      organisationId: 'torsby',
      content: 'Torsby lyfter vintersäsongen och behovet av kollektivtrafik till anläggningarna.',
    });
    await post(member('hagfors'), q('input-hagfors'), `/questions/${id}/inputs`, {
      organisationId: 'hagfors',
      content: 'Hagfors vill se gemensam marknadsföring av Klarälvdalen.',
    });
    await post(secretary, q('dialogue-2'), `/questions/${id}/dialogues`, {
      forum: 'transport-regional-development-forum',
      heldOn: day(-90),
      summary: 'Kollektivtrafik- och regionalt utvecklingsforum diskuterade kopplingen till den regionala utvecklingsstrategin.',
    });
    const parties: OrganisationId[] = ['region-varmland', 'torsby', 'hagfors', 'sunne', 'arjang', 'filipstad'];
    const { consultationId } = await post(wg, q('consultation'), `/questions/${id}/consultations`, {
      subject: 'Remiss: förslag till gemensam inriktning för besöksnäringen',
      parties,
      answerBy: day(21),
    });
    for (const party of ['sunne', 'region-varmland'] as const) {
      await post(member(party), q(`answer-${party}`), `/questions/${id}/consultations/${consultationId}/answers`, {
        organisationId: party,
        answer: `${findOrganisation(party).name} ställer sig bakom inriktningen.`,
      });
    }
  });

  // 3. Regional kulturplan — consultation to the 16 municipalities; the answer date has passed and seven have not answered.
  sections.push(async () => {
    const id = await raise('kulturplan', secretary, {
      title: 'Regional kulturplan 2027–2030',
      description:
        'Kultur- och bildningsnämnden upprättar förslag till regional kulturplan inom kultursamverkansmodellen. Planen tas fram i dialog med kommuner, civilsamhälle och kulturskapare i länet.',
      raisedBy: { kind: 'forum', id: 'culture-education-forum' },
      topicArea: 'Kultur och bildning',
    });
    questions.kulturplan = id;
    const q = (step: string) => `kulturplan:${step}`;
    await post(wg, q('accept'), `/questions/${id}/accept`, {
      forum: 'culture-education-forum',
      logic: 'decision',
      responsible: { givenName: 'Lena', familyName: 'Holm', organisationId: 'region-varmland' },
    });
    await post(secretary, q('dialogue'), `/questions/${id}/dialogues`, {
      forum: 'culture-education-forum',
      heldOn: day(-180),
      summary: 'Kultur- och bildningsforum diskuterade planens prioriteringar: läsfrämjande, kulturskolor och kulturarv.',
    });
    const { consultationId } = await post(wg, q('consultation'), `/questions/${id}/consultations`, {
      subject: 'Remiss: förslag till regional kulturplan 2027–2030',
      parties: MUNICIPALITIES,
      answerBy: day(-10),
    });
    for (const party of ['karlstad', 'arvika', 'kristinehamn', 'sunne', 'torsby', 'hagfors', 'saffle', 'eda', 'kil'] as const) {
      await post(member(party), q(`answer-${party}`), `/questions/${id}/consultations/${consultationId}/answers`, {
        organisationId: party,
        answer: `${findOrganisation(party).name} tillstyrker förslaget och vill stärka kulturskolans roll.`,
      });
    }
  });

  // 4. Regionalt trafikförsörjningsprogram — a first position sent back, a second to all 17 due in two months; six decided, one corrected.
  sections.push(async () => {
    const id = await raise('trafikforsorjning', secretary, {
      title: 'Regionalt trafikförsörjningsprogram 2026–2030',
      description:
        'Kollektivtrafiknämnden utarbetar i samråd med länets kommuner förslag till regionalt trafikförsörjningsprogram (RTFP), som beskriver behovet av regional kollektivtrafik och mål för kollektivtrafikförsörjningen.',
      raisedBy: { kind: 'forum', id: 'transport-regional-development-forum' },
      topicArea: 'Kollektivtrafik',
    });
    questions.trafikforsorjning = id;
    const q = (step: string) => `trafikforsorjning:${step}`;
    await post(wg, q('accept'), `/questions/${id}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Johan', familyName: 'Ek', organisationId: 'region-varmland' },
    });
    await post(secretary, q('dialogue'), `/questions/${id}/dialogues`, {
      forum: 'transport-regional-development-forum',
      heldOn: day(-200),
      summary: 'Samråd om stråken Karlstad–Kristinehamn och Karlstad–Arvika och om landsbygdstrafiken.',
    });
    await post(wg, q('document-1'), `/questions/${id}/decision-documents`, {
      reference: 'RV KTN 2025/40',
      title: 'Förslag till trafikförsörjningsprogram, stråken',
      proposedPosition: 'Kommunerna längs stråken ställer sig bakom programmets prioriteringar.',
    });
    await post(chair, q('position-1'), `/questions/${id}/position`, {
      text: 'Ordföranderådet rekommenderar kommunerna längs stråken att ställa sig bakom programmets prioriteringar.',
      organisationsToDecide: ['karlstad', 'hammaro', 'kil', 'forshaga', 'grums'],
      decideBy: day(-90),
      meetingReference: `Ordföranderådet ${day(-150)} § 4`,
    });
    await post(member('karlstad'), q('decision-1-karlstad'), `/questions/${id}/decisions`, {
      organisationId: 'karlstad',
      ...ks('karlstad', day(-140), 12),
      outcome: 'adopted',
    });
    await post(chair, q('send-back'), `/questions/${id}/position/send-back`, {
      reason: 'Programmet berör hela länet: alla 17 parter ska ta ställning, inte bara kommunerna längs stråken.',
    });
    await post(wg, q('document-2'), `/questions/${id}/decision-documents`, {
      reference: 'RV KTN 2025/77',
      title: 'Reviderat förslag till regionalt trafikförsörjningsprogram 2026–2030',
      proposedPosition: 'Alla parter ställer sig bakom trafikförsörjningsprogrammet.',
    });
    await post(chair, q('position-2'), `/questions/${id}/position`, {
      text: 'Ordföranderådet rekommenderar alla parter att ställa sig bakom det regionala trafikförsörjningsprogrammet 2026–2030.',
      organisationsToDecide: [...ORGANISATION_IDS],
      decideBy: day(60),
      meetingReference: `Ordföranderådet ${day(-45)} § 3`,
    });
    const decided: Array<[OrganisationId, number]> = [
      ['region-varmland', -35],
      ['karlstad', -30],
      ['hammaro', -25],
      ['kil', -21],
      ['grums', -14],
      ['saffle', -7],
    ];
    for (const [index, [organisationId, offset]] of decided.entries()) {
      const decision =
        organisationId === 'region-varmland'
          ? { body: 'regional-council', decidedOn: day(offset), reference: `RF ${day(offset)} § 17` }
          : { body: 'municipal-council', decidedOn: day(offset), reference: `KF ${day(offset)} § ${60 + index}` };
      await post(member(organisationId), q(`decision-2-${organisationId}`), `/questions/${id}/decisions`, { organisationId, ...decision, outcome: 'adopted' });
    }
    await post(member('grums'), q('correction-grums'), `/questions/${id}/decisions/grums/corrections`, {
      body: 'municipal-council',
      decidedOn: day(-14),
      outcome: 'adopted',
      reference: `KF ${day(-14)} § 102`,
      reason: 'Fel paragraf angavs i protokollsutdraget.',
    });
    await post(member('karlstad'), q('feedback-karlstad'), `/questions/${id}/feedback`, {
      organisationId: 'karlstad',
      reportedTo: 'Kommunfullmäktige',
      reportedOn: day(-3),
    });
  });

  // 5. Kompetensförsörjning — just raised; the working group is to prepare it.
  sections.push(async () => {
    questions.kompetensforsorjning = await raise('kompetensforsorjning', member('kristinehamn'), {
      title: 'Kompetensförsörjning inför regementets återetablering',
      description:
        'Regementet i Kristinehamn planeras vara färdigbyggt 2029 med omkring 250 rekryter och 250–300 anställda. Frågan gäller gemensamma insatser för kompetensförsörjning, bostäder och pendling i stråket.',
      raisedBy: { kind: 'organisation', id: 'kristinehamn' },
      topicArea: 'Kompetensförsörjning',
    });
  });

  // 6. Arbetsordning för sakområdesforumen — all 17 decided, feedback reported, closed.
  sections.push(async () => {
    const id = await raise('arbetsordning', wg, {
      title: 'Gemensam arbetsordning för sakområdesforumen',
      description:
        'Utvärderingen av sakområdesforumen hösten 2024 efterfrågade en arbetsordning, så att återrapportering och beredning av ärenden sker på samma sätt oavsett organisation, och en deadline för frågor till presidiet.',
      raisedBy: { kind: 'forum', id: 'working-group' },
      topicArea: 'Samverkansstrukturen',
    });
    questions.arbetsordning = id;
    const q = (step: string) => `arbetsordning:${step}`;
    await post(wg, q('accept'), `/questions/${id}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Maria', familyName: 'Nilsson', organisationId: 'region-varmland' },
    });
    await post(municipalDirector, q('document'), `/questions/${id}/decision-documents`, {
      reference: 'VR AG 2025/3',
      title: 'Förslag till arbetsordning för sakområdesforumen',
      proposedPosition: 'Arbetsordningen antas och gäller från årsskiftet.',
    });
    await post(chair, q('position'), `/questions/${id}/position`, {
      text: 'Ordföranderådet föreslår att parterna antar arbetsordningen för sakområdesforumen.',
      organisationsToDecide: [...ORGANISATION_IDS],
      decideBy: day(-100),
      meetingReference: `Ordföranderådet ${day(-200)} § 6`,
    });
    for (const [index, organisationId] of ORGANISATION_IDS.entries()) {
      await post(member(organisationId), q(`decision-${organisationId}`), `/questions/${id}/decisions`, {
        organisationId,
        ...ks(organisationId, day(-190 + index * 5), 20 + index),
        outcome: 'adopted',
      });
    }
    for (const organisationId of ['karlstad', 'kil', 'hammaro', 'eda', 'region-varmland'] as const) {
      await post(member(organisationId), q(`feedback-${organisationId}`), `/questions/${id}/feedback`, {
        organisationId,
        reportedTo: organisationId === 'region-varmland' ? 'Regionstyrelsen' : 'Kommunstyrelsen',
        reportedOn: day(-95),
      });
    }
    await post(chair, q('close'), `/questions/${id}/close`, { reason: 'Alla parter har beslutat; arbetsordningen gäller.' });
  });

  // 7. Vilka frågor hanteras var — in dialogue in Värmlandsrådet (process logic).
  sections.push(async () => {
    const id = await raise('nivaer', secretary, {
      title: 'Lista över vilka frågor som hanteras på vilka nivåer',
      description:
        'Ledamöterna i sakområdesforumen efterfrågar en lista över vilka frågor som hanteras på vilka nivåer: förtroendearenor och tjänstepersonsnätverk, så att frågor inte lyfts i flera arenor samtidigt.',
      raisedBy: { kind: 'forum', id: 'transport-regional-development-forum' },
      topicArea: 'Samverkansstrukturen',
    });
    questions.nivaer = id;
    await post(wg, 'nivaer:accept', `/questions/${id}/accept`, {
      forum: 'council',
      logic: 'process',
      responsible: { givenName: 'Sofia', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await post(secretary, 'nivaer:dialogue', `/questions/${id}/dialogues`, {
      forum: 'council',
      heldOn: day(-20),
      summary: 'Första dialog: arbetsgruppen tar fram ett utkast till lista inför nästa möte.',
    });
  });

  // 8. A strictly inter-municipal question — declined.
  sections.push(async () => {
    const id = await raise('avfallstaxa', member('forshaga'), {
      title: 'Gemensam avfallstaxa för Forshaga och Munkfors',
      description: 'Samordnad avfallstaxa mellan två kommuner.',
      raisedBy: { kind: 'organisation', id: 'forshaga' },
      topicArea: 'Miljö',
    });
    questions.avfallstaxa = id;
    await post(wg, 'avfallstaxa:decline', `/questions/${id}/decline`, {
      reason: 'Frågan är rent mellankommunal; samverkansstrukturen är till för samspelet mellan regional och kommunal nivå.',
    });
  });

  // 9. Civilt försvar — accepted under decision logic; the working group prepares a decision document.
  sections.push(async () => {
    const id = await raise('civilt-forsvar', member('region-varmland'), {
      title: 'Civilt försvar och samhällets beredskap',
      description: 'Hur parterna tillsammans stärker det civila försvaret och hjälper varandra vid extraordinära händelser.',
      raisedBy: { kind: 'organisation', id: 'region-varmland' },
      topicArea: 'Beredskap',
    });
    questions['civilt-forsvar'] = id;
    await post(wg, 'civilt-forsvar:accept', `/questions/${id}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Lars', familyName: 'Öberg', organisationId: 'kristinehamn' },
    });
  });

  // 10. God och nära vård — a decision document ready for the chairs' council.
  sections.push(async () => {
    const id = await raise('nara-vard', secretary, {
      title: 'Politisk referensgrupp för God och nära vård som sakområdesråd',
      description: 'Utvärderingen 2021 rekommenderade att den politiska referensgruppen för God och nära vård etableras som ett sakområdesråd.',
      raisedBy: { kind: 'forum', id: 'health-care-forum' },
      topicArea: 'Hälso- och sjukvård',
    });
    questions['nara-vard'] = id;
    await post(wg, 'nara-vard:accept', `/questions/${id}/accept`, {
      forum: 'health-care-forum',
      logic: 'decision',
      responsible: { givenName: 'Anders', familyName: 'Wik', organisationId: 'region-varmland' },
    });
    await post(secretary, 'nara-vard:dialogue', `/questions/${id}/dialogues`, {
      forum: 'health-care-forum',
      heldOn: day(-60),
      summary: 'Hälso- och sjukvårdsforum vill ha mer dialog och mindre information, och en tydlig väg tillbaka till kommunerna.',
    });
    await post(wg, 'nara-vard:document', `/questions/${id}/decision-documents`, {
      reference: 'RV HSN 2025/118',
      title: 'Förslag: sakområdesråd för God och nära vård',
      proposedPosition: 'Referensgruppen för God och nära vård blir ett sakområdesråd under Värmlandsrådet.',
    });
  });

  // 11. A question withdrawn by those who raised it.
  sections.push(async () => {
    const id = await raise('konferens', secretary, {
      title: 'Årlig tvådagarskonferens för kultur- och bildningsforum',
      description: 'Förslag om en årlig tvådagarskonferens för att fånga upp frågor inom forumets område och bygga relationer.',
      raisedBy: { kind: 'forum', id: 'culture-education-forum' },
      topicArea: 'Kultur och bildning',
    });
    questions.konferens = id;
    await post(wg, 'konferens:accept', `/questions/${id}/accept`, {
      forum: 'culture-education-forum',
      logic: 'process',
      responsible: { givenName: 'Lena', familyName: 'Holm', organisationId: 'region-varmland' },
    });
    await post(wg, 'konferens:withdraw', `/questions/${id}/withdraw`, { reason: 'Hanteras inom forumets ordinarie planering och årshjul.' });
  });

  await sideBySide(sections);

  const { meetings, assignments, wheelYear } = await loadDemoMeetings({
    post,
    get: (actor, path) => api.get(actor, path),
    day,
    questions,
    actors: { workingGroup: wg, municipalDirector, chair, secretary },
    member,
    progress,
  });

  return { anchor, questions, lastPosition, commands, meetings, assignments, wheelYear };
}

/** `YYYY-MM-DD` plus a number of days. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
