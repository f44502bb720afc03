/**
 * The meeting side of the demo year (demo-year.ts calls it once the questions
 * stand): Värmlandsrådet held, with its agenda proposed from the outstanding
 * log, attendance, outcomes carried into the questions (a dialogue held, an
 * item tabled), minutes approved by the named adjusters themselves, published,
 * and corrected at one item; assignments given, extended, delivered and
 * approved — the approval attaches a decision document to its question — and
 * one under way on a new question; Ordföranderådet held, taking its position
 * on that decision document through the meeting's item; the next
 * Värmlandsrådet with its agenda published before the deadline; and next
 * year's annual wheel, proposed and adopted, which schedules its meetings.
 * All through the command API.
 *
 * The held meetings are entered after the fact, as a secretary entering the
 * past year would: their agendas are set after their deadlines, so their items
 * are marked as entered late. The next meeting shows the ordinary case.
 */
import type { Actor } from '../event-store/event-store.port';
import { ORGANISATION_IDS, type OrganisationId, findOrganisation } from '../reference-data/organisations';

/** What the loader hands over: its command sender (which keeps the last position), a reader, the questions and the calendar. */
export interface DemoSteps {
  post<Answer extends object = { position: string }>(actor: Actor, key: string, path: string, body: object): Promise<Answer>;
  get(actor: Actor, path: string): Promise<unknown>;
  /** `YYYY-MM-DD`, days from the demo's day 0. */
  day(offset: number): string;
  questions: Record<string, string>;
  actors: { workingGroup: Actor; municipalDirector: Actor; chair: Actor; secretary: Actor };
  member(organisationId: OrganisationId): Actor;
  progress(line: string): void;
}

export interface DemoMeetings {
  meetings: Record<string, string>;
  assignments: Record<string, string>;
  wheelYear: number;
}

interface AgendaAnswer {
  position: string;
  items: Array<{ itemId: string; title: string; kind: string; logic: string; questionId?: string; documents: object[]; origin: object }>;
}
interface OutcomeAnswer {
  position: string;
  pending?: Array<{ questionId: string }>;
}

/** Attendance of a held meeting: the chair's organisation with its chair, most parties present, some digitally, a few absent. */
function attendanceOf(chairName: string, absent: OrganisationId[], digital: OrganisationId[]) {
  return ORGANISATION_IDS.map((organisationId) =>
    absent.includes(organisationId)
      ? { organisationId, status: 'absent' }
      : {
          organisationId,
          status: 'attended',
          name: organisationId === 'region-varmland' ? chairName : `Ledamot, ${findOrganisation(organisationId).name}`,
          capacity: organisationId === 'region-varmland' ? 'ordförande' : 'ordinarie ledamot',
          digital: digital.includes(organisationId),
        },
  );
}

export async function loadDemoMeetings(steps: DemoSteps): Promise<DemoMeetings> {
  const { post, day, questions, member } = steps;
  const { workingGroup: wg, municipalDirector, chair, secretary } = steps.actors;
  const meetings: Record<string, string> = {};
  const assignments: Record<string, string> = {};
  const at = (offset: number, time: string) => `${day(offset)}T${time}Z`;
  /**
   * The agenda the log proposes, read once the read models have seen the meeting's scheduling — sent after every
   * write the proposal depends on, in its own track. Its position (not the furthest one of all tracks, which depends
   * on timing) keeps the request the same on every run, so a second run is answered from the idempotency store.
   */
  const propose = (key: string, scheduled: { meetingId: string; position: string }) =>
    post<AgendaAnswer>(secretary, key, `/meetings/${scheduled.meetingId}/agenda/proposal?afterPosition=${scheduled.position}`, {});
  const asAgenda = (items: AgendaAnswer['items']) =>
    items.map(({ itemId, title, kind, logic, questionId, documents, origin }) => ({
      itemId,
      title,
      kind,
      logic,
      ...(questionId ? { questionId } : {}),
      documents,
      origin,
    }));
  /** Waits until the question's own step (taken by a reaction) is there, if the answer said it was still pending. */
  const settle = async (answer: OutcomeAnswer, questionId: string, stage: string) => {
    if (!answer.pending?.length) return;
    for (let attempt = 0; attempt < 100; attempt++) {
      const question = (await steps.get(chair, `/questions/${questionId}`)) as { stage: string };
      if (question.stage === stage) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  // Three tracks, independent of each other, sent side by side: Värmlandsrådet (held, then the next one); the
  // assignments, then Ordföranderådet, which takes its position on the decision document they deliver; the annual wheel.
  const council = async () => {
    // 12. Värmlandsrådet two weeks ago: the dialogue on the visitor economy held, the list of levels tabled (bordlagd).
    {
      const m = (step: string) => `meeting-council:${step}`;
      steps.progress('  Värmlandsrådet, held two weeks ago');
      const scheduled = await post<{ meetingId: string; position: string }>(secretary, m('schedule'), '/meetings', {
        forum: 'council',
        startsAt: at(-14, '08:30:00'),
        endsAt: at(-14, '11:30:00'),
        place: 'Karlstad CCC',
        agendaDeadline: at(-28, '15:00:00'),
      });
      const { meetingId } = scheduled;
      meetings.council = meetingId;
      const proposal = await propose(m('propose'), scheduled);
      await post(chair, m('agenda'), `/meetings/${meetingId}/agenda`, {
        items: [
          ...asAgenda(proposal.items),
          { title: 'Aktuellt från parterna', kind: 'information', logic: 'process', documents: [], origin: { kind: 'manual' } },
        ],
      });
      await post(secretary, m('agenda-publish'), `/meetings/${meetingId}/agenda/publish`, {});
      await post(secretary, m('attendance'), `/meetings/${meetingId}/attendance`, {
        attendance: attendanceOf(chair.displayName, ['eda', 'munkfors'], ['torsby', 'filipstad', 'arjang']),
      });
      const agenda = (await steps.get(secretary, `/meetings/${meetingId}`)) as { agenda: Array<{ itemId: string; questionId?: string; kind: string }> };
      for (const item of agenda.agenda) {
        const outcome =
          item.questionId === questions.nivaer
            ? { status: 'continued', summary: 'Bordlades: arbetsgruppen kompletterar listan med tjänstepersonsnätverken inför nästa möte.' }
            : item.questionId === questions.besoksnaring
              ? {
                  status: 'concluded',
                  summary:
                    'Dialog om besöksnäringens behov av kollektivtrafik och gemensam marknadsföring. Parterna vill att remissvaren sammanställs innan ställning tas.',
                }
              : { status: 'concluded', summary: 'Parterna informerade om aktuella frågor; noterades.' };
        await post(secretary, m(`outcome-${item.itemId}`), `/meetings/${meetingId}/items/${item.itemId}/outcome`, outcome);
      }
      await post(secretary, m('minutes'), `/meetings/${meetingId}/minutes`, {
        adjusters: [
          { userId: member('kil').userId, name: member('kil').displayName, organisationId: 'kil' },
          { userId: member('torsby').userId, name: member('torsby').displayName, organisationId: 'torsby' },
        ],
        notes: 'Mötet hölls i Karlstad CCC med digitalt deltagande.\n\nNästa möte hålls om fem veckor; frågor anmäls till presidiet senast två veckor före.',
      });
      await post(member('kil'), m('approve-kil'), `/meetings/${meetingId}/minutes/approve`, {});
      await post(member('torsby'), m('approve-torsby'), `/meetings/${meetingId}/minutes/approve`, {});
      await post(secretary, m('minutes-publish'), `/meetings/${meetingId}/minutes/publish`, {});
      const visitorItem = agenda.agenda.find((item) => item.questionId === questions.besoksnaring);
      await post(secretary, m('correction'), `/meetings/${meetingId}/minutes/corrections`, {
        ...(visitorItem ? { itemId: visitorItem.itemId } : {}),
        correction: 'Även Filipstads kommun ställde sig bakom att remissvaren sammanställs innan ställning tas.',
        reason: 'Filipstads inlägg saknades i den justerade texten.',
      });
    }

    // 15. The next Värmlandsrådet, in five weeks: its agenda proposed from the log and the tabled item, published before the deadline.
    {
      const m = (step: string) => `meeting-council-next:${step}`;
      const scheduled = await post<{ meetingId: string; position: string }>(secretary, m('schedule'), '/meetings', {
        forum: 'council',
        startsAt: at(35, '08:30:00'),
        endsAt: at(35, '11:30:00'),
        place: 'Karlstad CCC',
        digitalLink: 'https://meet.example.org/varmlandsradet',
        agendaDeadline: at(21, '15:00:00'),
      });
      const { meetingId } = scheduled;
      meetings.councilNext = meetingId;
      const proposal = await propose(m('propose'), scheduled);
      await post(chair, m('agenda'), `/meetings/${meetingId}/agenda`, { items: asAgenda(proposal.items) });
      await post(secretary, m('agenda-publish'), `/meetings/${meetingId}/agenda/publish`, {});
    }
  };

  const chairsCouncil = async () => {
    // 13. Assignments (uppdrag): a decision document on civil defence, extended once, delivered and approved (it reaches its
    //     question, ready for the chairs' council); a new question on broadband, whose decision document is under way.
    {
      const a = (step: string) => `assignment-civil-defence:${step}`;
      steps.progress('  Assignments: decision documents on civil defence and on broadband');
      const responsible = { userId: municipalDirector.userId, name: municipalDirector.displayName, organisationId: municipalDirector.organisationId };
      const { assignmentId } = await post<{ assignmentId: string }>(chair, a('give'), '/assignments', {
        givenBy: 'chairs-council',
        title: 'Beslutsunderlag: civilt försvar och samhällets beredskap',
        description: 'Ta fram ett beslutsunderlag om hur parterna stärker det civila försvaret och hjälper varandra vid extraordinära händelser.',
        purpose: 'Ordföranderådet ska kunna ta ställning under våren.',
        deliverable: 'decision-document',
        questionIds: [questions['civilt-forsvar']],
        responsible,
        dueDate: day(7),
      });
      assignments.civilDefence = assignmentId;
      await post(municipalDirector, a('accept'), `/assignments/${assignmentId}/accept`, {});
      await post(municipalDirector, a('progress'), `/assignments/${assignmentId}/progress`, {
        note: 'Underlaget stäms av med länsstyrelsens regionala risk- och sårbarhetsanalys.',
      });
      await post(chair, a('extend'), `/assignments/${assignmentId}/extension`, {
        newDueDate: day(21),
        reason: 'Länsstyrelsens analys publiceras först nästa vecka.',
      });
      await post(municipalDirector, a('deliver'), `/assignments/${assignmentId}/delivery`, {
        reference: 'VR AG 2025/11',
        title: 'Beslutsunderlag: civilt försvar och samhällets beredskap',
        proposedPosition: 'Parterna samordnar sin beredskapsplanering och stöttar varandra vid extraordinära händelser enligt en gemensam överenskommelse.',
      });
      const approved = await post<OutcomeAnswer & { notAttached?: object[] }>(wg, a('approve'), `/assignments/${assignmentId}/approve`, {
        comment: 'Underlaget är tydligt; det går till Ordföranderådet.',
      });
      await settle(approved, questions['civilt-forsvar'], 'decision-document');

      // A question of the chairs' council the working group is preparing: its decision document is due within days.
      const broadband = await post<{ questionId: string }>(member('hagfors'), 'bredband:raise', '/questions', {
        title: 'Gemensam strategi för bredband på landsbygden',
        description:
          'Utbyggnaden av bredband på landsbygden går långsamt i flera kommuner. Frågan gäller en gemensam strategi för region och kommuner: ansökningar om stöd, samförläggning och prioriterade områden.',
        raisedBy: { kind: 'organisation', id: 'hagfors' },
        topicArea: 'Digital infrastruktur',
      });
      questions.bredband = broadband.questionId;
      await post(wg, 'bredband:accept', `/questions/${broadband.questionId}/accept`, {
        forum: 'chairs-council',
        logic: 'decision',
        responsible: { givenName: 'Maria', familyName: 'Nilsson', organisationId: 'region-varmland' },
      });
      const { assignmentId: broadbandAssignment } = await post<{ assignmentId: string }>(chair, 'assignment-bredband:give', '/assignments', {
        givenBy: 'chairs-council',
        title: 'Beslutsunderlag: gemensam strategi för bredband på landsbygden',
        purpose: 'Ordföranderådet vill ta ställning till en gemensam strategi vid nästa sammanträde.',
        deliverable: 'decision-document',
        questionIds: [broadband.questionId],
        responsible: { userId: wg.userId, name: wg.displayName, organisationId: wg.organisationId },
        dueDate: day(5),
      });
      assignments.broadband = broadbandAssignment;
      await post(wg, 'assignment-bredband:accept', `/assignments/${broadbandAssignment}/accept`, {});
    }

    // 14. Ordföranderådet a week ago: the decision document on civil defence becomes the chairs' council's position.
    //     (Entered after the assignment's approval, which is dated today: the demo's order of entry, not the meetings'.)
    {
      const m = (step: string) => `meeting-chairs:${step}`;
      steps.progress('  Ordföranderådet, held a week ago');
      const scheduled = await post<{ meetingId: string; position: string }>(secretary, m('schedule'), '/meetings', {
        forum: 'chairs-council',
        startsAt: at(-7, '08:00:00'),
        endsAt: at(-7, '10:00:00'),
        place: 'Regionens hus, Karlstad',
        agendaDeadline: at(-21, '15:00:00'),
      });
      const { meetingId } = scheduled;
      meetings.chairsCouncil = meetingId;
      const proposal = await propose(m('propose'), scheduled);
      await post(chair, m('agenda'), `/meetings/${meetingId}/agenda`, { items: asAgenda(proposal.items) });
      await post(secretary, m('agenda-publish'), `/meetings/${meetingId}/agenda/publish`, {});
      await post(secretary, m('attendance'), `/meetings/${meetingId}/attendance`, { attendance: attendanceOf(chair.displayName, ['grums'], ['arjang']) });
      const agenda = (await steps.get(secretary, `/meetings/${meetingId}`)) as { agenda: Array<{ itemId: string; questionId?: string; kind: string }> };
      for (const item of agenda.agenda) {
        const position = item.kind === 'position' && item.questionId === questions['civilt-forsvar'];
        const answer = await post<OutcomeAnswer>(
          position ? chair : secretary,
          m(`outcome-${item.itemId}`),
          `/meetings/${meetingId}/items/${item.itemId}/outcome`,
          position
            ? {
                status: 'concluded',
                summary: 'Ordföranderådet ställde sig bakom förslaget.',
                position: {
                  text: 'Ordföranderådet rekommenderar parterna att samordna sin beredskapsplanering och stötta varandra vid extraordinära händelser enligt den gemensamma överenskommelsen.',
                  organisationsToDecide: [...ORGANISATION_IDS],
                  decideBy: day(75),
                },
              }
            : { status: 'continued', summary: 'Hanns inte med; tas upp vid nästa sammanträde.' },
        );
        if (position) await settle(answer, questions['civilt-forsvar'], 'position-taken');
      }
      await post(secretary, m('minutes'), `/meetings/${meetingId}/minutes`, {
        adjusters: [
          { userId: member('karlstad').userId, name: member('karlstad').displayName, organisationId: 'karlstad' },
          { userId: member('arvika').userId, name: member('arvika').displayName, organisationId: 'arvika' },
        ],
        notes: 'Ordföranderådets ställningstagande skickas till parterna för beslut.',
      });
      await post(member('karlstad'), m('approve-karlstad'), `/meetings/${meetingId}/minutes/approve`, {});
      await post(member('arvika'), m('approve-arvika'), `/meetings/${meetingId}/minutes/approve`, {});
      await post(secretary, m('minutes-publish'), `/meetings/${meetingId}/minutes/publish`, {});
    }
  };

  // 16. Next year's annual wheel (årshjul), proposed by the working group and adopted by the chairs' council: it schedules its meetings.
  const wheelYear = Number(day(0).slice(0, 4)) + 1;
  const wheel = async () => {
    steps.progress(`  The annual wheel ${wheelYear}`);
    const y = wheelYear;
    const planned = [
      ['chairs-council', `${y}-02-11T09:00:00+01:00`, `${y}-01-28T16:00:00+01:00`, 'Regionens hus, Karlstad'],
      ['council', `${y}-03-12T09:30:00+01:00`, `${y}-02-26T16:00:00+01:00`, 'Karlstad CCC'],
      ['chairs-council', `${y}-06-10T09:00:00+02:00`, `${y}-05-27T16:00:00+02:00`, 'Regionens hus, Karlstad'],
      ['council', `${y}-09-17T09:30:00+02:00`, `${y}-09-03T16:00:00+02:00`, 'Arvika'],
      ['chairs-council', `${y}-11-12T09:00:00+01:00`, `${y}-10-29T16:00:00+01:00`, 'Regionens hus, Karlstad'],
    ] as const;
    await post(wg, `wheel-${y}:propose`, `/annual-wheel/${y}/proposal`, {
      meetings: planned.map(([forum, startsAt, agendaDeadline, place]) => ({ forum, startsAt, agendaDeadline, place })),
      themes: [
        { month: 3, title: 'Nya Perspektiv', description: 'Årlig konferens för förtroendevalda och tjänstepersoner i Värmland.' },
        { month: 6, title: 'Revision av årshjulet' },
        { month: 11, title: 'Förslag till nästa års årshjul' },
      ],
    });
    await post(chair, `wheel-${y}:adopt`, `/annual-wheel/${y}/adopt`, {});
  };

  await sideBySide([council, chairsCouncil, wheel]);

  return { meetings, assignments, wheelYear };
}

/** Runs the sections side by side; if one fails, waits for the others to end (so nothing is sent after the caller gives up), then fails. */
export async function sideBySide(sections: Array<() => Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(sections.map((section) => section()));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
