import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { FORUMS } from '../reference-data/forums';
import { ORGANISATIONS } from '../reference-data/organisations';
import type { StructureNames } from '../reference-data/organisations';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { FORUM_KINDS, ORGANISATION_KINDS, type OrganisationKind } from './register.events';
import { REGISTER_TABLE } from './register.projection';
import { forumVersionOn, isEmpty, isMemberOn, type StructureState } from './register.state';
import { chairsCouncilOn, forumNamesOn } from './structure-as-of';

export interface DirectoryOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface DirectoryForum {
  id: string;
  nameSv: string;
  nameEn: string;
  /** The Swedish name before its latest renaming, if it was renamed. */
  formerNameSv?: string;
  role: { sv: string; en: string };
}

/** The structure as a page reads it (StructureDirectory.forPages). */
export interface DirectoryListing {
  organisations: DirectoryOrganisation[];
  forums: DirectoryForum[];
  forumNaming?: ForumNaming;
  names?: StructureNames;
}

/**
 * The organisations and forums the collaboration has, for lists, names and
 * paths (docs/structure.md): every one the structure register knows, under
 * its name today — so another county's file gives its own, with no code
 * change — and, while the register is empty, the default data's (Värmland's
 * 17 and its forums). Read from the `register` read model (one row); the rules
 * that refuse an id read the register's stream instead (RegisterReader).
 */
@Injectable()
export class StructureDirectory {
  constructor(@Inject(READ_SQL) private readonly sql: ReadSql) {}

  /** Every organisation the register knows, members on `today` first, then by kind and name. */
  async organisations(today: string): Promise<DirectoryOrganisation[]> {
    return organisationsOf(await structureFromReadModel(this.sql), today);
  }

  async organisation(id: string): Promise<DirectoryOrganisation | undefined> {
    const state = await structureFromReadModel(this.sql);
    if (isEmpty(state)) return ORGANISATIONS.find((organisation) => organisation.id === id);
    const record = Object.hasOwn(state.organisations, id) ? state.organisations[id] : undefined;
    return record && { id: record.id, name: record.name, kind: record.kind };
  }

  /** Every forum the register knows (the ended ones last), under its name on `today`. */
  async forums(today: string): Promise<DirectoryForum[]> {
    return forumsOf(await structureFromReadModel(this.sql), today);
  }

  /**
   * What a page lists and names, from one read of the read model: the
   * organisations and forums (as `organisations` and `forums` give them), the
   * forums' names on any date (as `RegisterReader.forumNaming`) and today
   * (as `RegisterReader.listing`). Without a register, the default data's
   * lists, and no naming or names.
   */
  async forPages(today: string): Promise<DirectoryListing> {
    const state = await structureFromReadModel(this.sql);
    const forumNaming = forumNamingOf(state, today);
    const names = namesOf(state, today);
    return {
      organisations: organisationsOf(state, today),
      forums: forumsOf(state, today),
      ...(forumNaming ? { forumNaming } : {}),
      ...(names ? { names } : {}),
    };
  }
}

export function organisationsOf(state: StructureState, today: string): DirectoryOrganisation[] {
  if (isEmpty(state)) return [...ORGANISATIONS];
  return Object.values(state.organisations)
    .sort(
      (a, b) =>
        Number(isMemberOn(state, b.id, today)) - Number(isMemberOn(state, a.id, today)) ||
        ORGANISATION_KINDS.indexOf(a.kind) - ORGANISATION_KINDS.indexOf(b.kind) ||
        a.name.localeCompare(b.name, 'sv'),
    )
    .map(({ id, name, kind }) => ({ id, name, kind }));
}

export function forumsOf(state: StructureState, today: string): DirectoryForum[] {
  if (isEmpty(state)) return FORUMS.map((forum) => ({ ...forum, role: { ...forum.role } }));
  return Object.values(state.forums)
    .sort(
      (a, b) =>
        Number(a.ended !== undefined) - Number(b.ended !== undefined) ||
        FORUM_KINDS.indexOf(a.kind) - FORUM_KINDS.indexOf(b.kind) ||
        a.establishedOn.localeCompare(b.establishedOn) ||
        a.id.localeCompare(b.id),
    )
    .map((forum) => {
      const version = forumVersionOn(forum, today);
      const earlier = forum.versions.filter((candidate) => candidate.from <= today && candidate.nameSv !== version.nameSv);
      return {
        id: forum.id,
        nameSv: version.nameSv,
        nameEn: version.nameEn,
        ...(earlier.length > 0 ? { formerNameSv: earlier[earlier.length - 1].nameSv } : {}),
        role: { ...version.role },
      };
    });
}

/** The structure as the `register` read model holds it (one row): for views (names on a date), not for rules. */
export async function structureFromReadModel(sql: ReadSql): Promise<StructureState> {
  const [row] = await sql.query<Array<{ state: StructureState }>>(`SELECT state FROM ${REGISTER_TABLE} WHERE structure_id = $1`, [STRUCTURE_ID]);
  return row?.state ?? registerDecider.initialState();
}

/** Names of organisations and forums as views show them; undefined for an id the register does not know. */
export type { StructureNames };

export function namesOf(state: StructureState, today: string): StructureNames | undefined {
  if (isEmpty(state)) return undefined;
  return {
    organisation: (id) => (Object.hasOwn(state.organisations, id) ? state.organisations[id].name : undefined),
    forum: (id, language) => forumNamesOn(state, id, today)?.[language],
    chairsCouncil: () => chairsCouncilOn(state, today),
  };
}

/** The forums' names on any date, and the day that is today: what a timeline or a dossier names forums by. */
export interface ForumNaming {
  namesOn: (forumId: string, date: string) => { sv: string; en: string } | undefined;
  /** The forum that stands for the chairs' council on the date (CHAIRS_COUNCIL), where the register has one. */
  chairsCouncilOn?: (date: string) => string | undefined;
  today: string;
  organisationName: (organisationId: string) => string | undefined;
}

/** The naming a structure gives; undefined while it is empty (the reference data's names are used). */
export function forumNamingOf(structure: StructureState, today: string): ForumNaming | undefined {
  if (isEmpty(structure)) return undefined;
  return {
    namesOn: (forumId, date) => forumNamesOn(structure, forumId, date),
    chairsCouncilOn: (date) => chairsCouncilOn(structure, date),
    today,
    organisationName: (organisationId) => (Object.hasOwn(structure.organisations, organisationId) ? structure.organisations[organisationId].name : undefined),
  };
}
