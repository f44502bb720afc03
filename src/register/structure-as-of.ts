/**
 * The structure as it stood on a date, read from the folded register: the
 * member organisations, the forums under the names and roles they had then,
 * who held which role, each organisation's registrar. Pure; what GET /register
 * answers and what the rules that read the register ask.
 */
import { FORUM_KINDS, ORGANISATION_KINDS, PERSON_ROLES, type ForumKind, type OrganisationKind, type PersonRole } from './register.events';
import { CHAIRS_COUNCIL } from '../reference-data/forums';
import { covers, forumVersionOn, isForumOpenOn, isMemberOn, type StructureState } from './register.state';

export interface RoleHolder {
  personId: string;
  name: string;
  organisationId: string;
  role: PersonRole;
  from: string;
}

export interface StructureAsOf {
  asOf: string;
  organisations: Array<{ id: string; name: string; kind: OrganisationKind; memberSince: string; registrars: RoleHolder[] }>;
  forums: Array<{
    id: string;
    kind: ForumKind;
    nameSv: string;
    nameEn: string;
    role: { sv: string; en: string };
    establishedOn: string;
    establishedBy: string;
    /** Earlier Swedish names, oldest first. */
    formerNamesSv: string[];
    people: RoleHolder[];
  }>;
  /** Forums that had ended by the date: merged (into which) or discontinued. */
  endedForums: Array<{ id: string; nameSv: string; endedOn: string; how: 'merged' | 'discontinued'; intoForumId?: string }>;
}

export function structureAsOf(state: StructureState, date: string): StructureAsOf {
  const holders = (match: (role: { role: PersonRole; forumId?: string; organisationId?: string }) => boolean): RoleHolder[] =>
    Object.values(state.people)
      .flatMap((person) =>
        person.roles
          .filter((role) => covers(role, date) && match(role))
          .map((role) => ({ personId: person.id, name: person.name, organisationId: person.organisationId, role: role.role, from: role.from })),
      )
      .sort(
        (a, b) => PERSON_ROLES.indexOf(a.role) - PERSON_ROLES.indexOf(b.role) || a.name.localeCompare(b.name, 'sv') || a.personId.localeCompare(b.personId),
      );
  // In an order of their own, not the stored one (a jsonb column keeps no key order): by kind, then name; forums by kind, then age.
  const organisations = Object.values(state.organisations)
    .sort((a, b) => ORGANISATION_KINDS.indexOf(a.kind) - ORGANISATION_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, 'sv'))
    .filter((organisation) => isMemberOn(state, organisation.id, date))
    .map((organisation) => ({
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      memberSince: organisation.memberships.find((membership) => covers(membership, date))!.from,
      registrars: holders((role) => role.role === 'registrar' && role.organisationId === organisation.id),
    }));
  const known = Object.values(state.forums)
    .filter((forum) => forum.establishedOn <= date)
    .sort((a, b) => FORUM_KINDS.indexOf(a.kind) - FORUM_KINDS.indexOf(b.kind) || a.establishedOn.localeCompare(b.establishedOn) || a.id.localeCompare(b.id));
  const forums = known
    .filter((forum) => isForumOpenOn(forum, date))
    .map((forum) => {
      const version = forumVersionOn(forum, date);
      const names = forum.versions.filter((candidate) => candidate.from <= date).map((candidate) => candidate.nameSv);
      return {
        id: forum.id,
        kind: forum.kind,
        nameSv: version.nameSv,
        nameEn: version.nameEn,
        role: { ...version.role },
        establishedOn: forum.establishedOn,
        establishedBy: forum.establishedBy,
        formerNamesSv: [...new Set(names.slice(0, -1))].filter((name) => name !== version.nameSv),
        people: holders((role) => role.forumId === forum.id),
      };
    });
  const endedForums = known
    .filter((forum) => forum.ended && forum.ended.on <= date)
    .map((forum) => ({
      id: forum.id,
      nameSv: forumVersionOn(forum, date).nameSv,
      endedOn: forum.ended!.on,
      how: forum.ended!.how,
      ...(forum.ended!.intoForumId ? { intoForumId: forum.ended!.intoForumId } : {}),
    }));
  return { asOf: date, organisations, forums, endedForums };
}

/** The sign-in subjects (user ids) of the working group's members on the date: members of a forum of kind working-group. */
export function workingGroupMembersOn(state: StructureState, date: string): string[] {
  const groups = new Set(
    Object.values(state.forums)
      .filter((forum) => forum.kind === 'working-group')
      .map((forum) => forum.id),
  );
  return Object.values(state.people)
    .filter((person) => person.userId && person.roles.some((role) => role.role === 'member' && role.forumId && groups.has(role.forumId) && covers(role, date)))
    .map((person) => person.userId!);
}

/** Whether anyone was ever registered as a working-group member: until then the register cannot tell who is one. */
export function knowsWorkingGroupMembers(state: StructureState): boolean {
  const groups = new Set(
    Object.values(state.forums)
      .filter((forum) => forum.kind === 'working-group')
      .map((forum) => forum.id),
  );
  return Object.values(state.people).some((person) => person.roles.some((role) => role.role === 'member' && role.forumId && groups.has(role.forumId)));
}

/** The forum's Swedish name on the date, if the register knows the forum. */
export function forumNameOn(state: StructureState, forumId: string, date: string): string | undefined {
  const forum = state.forums[forumId];
  return forum ? forumVersionOn(forum, date).nameSv : undefined;
}

/** The forum's names on the date, Swedish and English, if the register knows the forum. */
export function forumNamesOn(state: StructureState, forumId: string, date: string): { sv: string; en: string } | undefined {
  const forum = state.forums[forumId];
  if (!forum) return undefined;
  const version = forumVersionOn(forum, date);
  return { sv: version.nameSv, en: version.nameEn };
}

/**
 * The forum that stands for the chairs' council (CHAIRS_COUNCIL) on the date:
 * the one with that id if the register knows it, else its forum of kind
 * `chairs-council` open on the date (the oldest, if several), else the one
 * that ended last. Undefined where it has none.
 */
export function chairsCouncilOn(state: StructureState, date: string): string | undefined {
  if (Object.hasOwn(state.forums, CHAIRS_COUNCIL)) return CHAIRS_COUNCIL;
  const councils = Object.values(state.forums)
    .filter((forum) => forum.kind === 'chairs-council')
    .sort((a, b) => a.establishedOn.localeCompare(b.establishedOn) || a.id.localeCompare(b.id));
  return (
    councils.find((forum) => forum.establishedOn <= date && isForumOpenOn(forum, date))?.id ??
    councils.filter((forum) => forum.ended).sort((a, b) => b.ended!.on.localeCompare(a.ended!.on))[0]?.id ??
    councils[0]?.id
  );
}
