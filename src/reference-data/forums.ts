/**
 * The forums (forum, arenor) of Samverkan Värmland. Each has a different role in a
 * question's process (see /work/shared/domain.md): the council is for early, broad
 * dialogue; the chairs' council takes positions; the working group prepares decision
 * documents; topic forums hold dialogue in areas that law or regulations govern.
 */

export interface ForumRole {
  readonly sv: string;
  readonly en: string;
}

const forumList = [
  {
    id: 'council',
    nameSv: 'Värmlandsrådet',
    nameEn: 'Värmland Council',
    role: {
      sv: 'Bred arena tidigt i processen: idéer, samråd och rådslag, dialog och inspel; bred information till förtroendevalda i alla 17 parter. Tar inte ställning.',
      en: 'Broad forum early in a process: ideas, consultation and dialogue, input from parties; broad information to elected members of all 17 parties. Does not take positions.',
    },
  },
  {
    id: 'chairs-council',
    nameSv: 'Ordföranderådet',
    nameEn: "Chairs' Council",
    formerNameSv: 'Värmlandsrådets arbetsutskott (VRAU)',
    role: {
      sv: 'Få ledamöter, sent i processen: gör ställningstagandet som tas hem för beslut i varje medlemsorganisation; ger uppdrag till arbetsgruppen.',
      en: 'Few members, late in a process: takes the position that each member organisation then decides on at home; commissions the working group.',
    },
  },
  {
    id: 'working-group',
    nameSv: 'Värmlandsrådets arbetsgrupp',
    nameEn: 'Working Group',
    role: {
      sv: 'Regiondirektör och kommundirektörer: organiserar processerna, tar fram beslutsunderlag och föreslår årshjulet; får uppdrag preciserade i sak och i tid.',
      en: 'Region director and municipal directors: organises the processes, prepares decision documents and proposes the annual wheel; gets assignments specified in content and in time.',
    },
  },
  {
    id: 'preparation-group',
    nameSv: 'Beredningsgruppen',
    nameEn: 'Preparation Group',
    role: {
      sv: 'Tjänstepersoner som för fram frågor beredda av arbetsgruppen till beredningsmötet, så att ordförande och vice ordförande kan fastställa agendan.',
      en: 'Officials who bring questions prepared by the working group to the preparation meeting, so that the chair and vice chair can set the agenda.',
    },
  },
  {
    id: 'health-care-forum',
    nameSv: 'Hälso- och sjukvårdsforum',
    nameEn: 'Health Care Forum',
    role: {
      sv: 'Sakområdesforum: dialog mellan förtroendevalda om hälso- och sjukvården; kan vara remissinstans.',
      en: 'Topic forum: dialogue between elected members on health care; may act as a consultation body.',
    },
  },
  {
    id: 'culture-education-forum',
    nameSv: 'Kultur- och bildningsforum',
    nameEn: 'Culture and Education Forum',
    role: {
      sv: 'Sakområdesforum: dialog mellan förtroendevalda om kultur och bildning, bland annat den regionala kulturplanen; kan vara remissinstans.',
      en: 'Topic forum: dialogue between elected members on culture and education, including the regional culture plan; may act as a consultation body.',
    },
  },
  {
    id: 'transport-regional-development-forum',
    nameSv: 'Kollektivtrafik- och regionalt utvecklingsforum',
    nameEn: 'Public Transport and Regional Development Forum',
    role: {
      sv: 'Sakområdesforum: dialog mellan förtroendevalda om kollektivtrafik (trafikförsörjningsprogrammet) och regional utveckling; kan vara remissinstans.',
      en: 'Topic forum: dialogue between elected members on public transport (the transport supply programme) and regional development; may act as a consultation body.',
    },
  },
] as const satisfies readonly { id: string; nameSv: string; nameEn: string; formerNameSv?: string; role: ForumRole }[];

/** Id of a forum, e.g. `council` or `chairs-council`: an open string; which forums there are is the register's to say. */
export type ForumId = string;

export interface Forum {
  readonly id: ForumId;
  readonly nameSv: string;
  readonly nameEn: string;
  /** The name the forum had before, where it was renamed (VRAU → Ordföranderådet). */
  readonly formerNameSv?: string;
  readonly role: ForumRole;
}

export const FORUMS: readonly Forum[] = forumList;

/**
 * The chairs' council, as the rules name it where no forum is stored: the
 * forum that takes a position (the next step's owner, a position's meeting,
 * agenda proposals). The default data's id; in another collaboration, whose
 * register knows no forum by this id, it stands for the register's forum of
 * kind `chairs-council` (`chairsCouncilOn` of the register).
 */
export const CHAIRS_COUNCIL: ForumId = 'chairs-council';

export const FORUM_IDS: readonly ForumId[] = FORUMS.map((forum) => forum.id);

export function isForumId(value: unknown): value is ForumId {
  return typeof value === 'string' && (FORUM_IDS as readonly string[]).includes(value);
}
