/**
 * The structure as folded from the register's events: every organisation with
 * its periods of membership, every forum with its names and role texts over
 * time, every person with their roles over time. It keeps history instead of
 * overwriting it, so the structure on any date can be read from it
 * (structure-as-of.ts). Plain JSON only.
 */
import type { ForumKind, ForumRoleText, OrganisationKind, PersonRole, RegisterEvent } from './register.events';

export interface Membership {
  from: string;
  /** The day it ended (not a member from then on); absent while it lasts. */
  to?: string;
}

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
  memberships: Membership[];
}

/** One of a forum's names and role texts, from a date on (the first is the one it was established with). */
export interface ForumVersion {
  from: string;
  nameSv: string;
  nameEn: string;
  role: ForumRoleText;
}

export interface ForumRecord {
  id: string;
  kind: ForumKind;
  establishedOn: string;
  establishedBy: string;
  versions: ForumVersion[];
  /** How and when it ended: merged into another forum, or discontinued. */
  ended?: { on: string; how: 'merged' | 'discontinued'; intoForumId?: string };
}

export interface RoleRecord {
  roleId: string;
  role: PersonRole;
  forumId?: string;
  organisationId?: string;
  from: string;
  to?: string;
}

export interface PersonRecord {
  id: string;
  name: string;
  organisationId: string;
  email?: string;
  userId?: string;
  roles: RoleRecord[];
}

export interface StructureState {
  organisations: Record<string, OrganisationRecord>;
  forums: Record<string, ForumRecord>;
  people: Record<string, PersonRecord>;
}

export function initialState(): StructureState {
  return { organisations: {}, forums: {}, people: {} };
}

export function evolve(state: StructureState, event: RegisterEvent): StructureState {
  switch (event.type) {
    case 'OrganisationJoined': {
      const { organisationId, name, kind, joinedOn } = event.data;
      const earlier = state.organisations[organisationId]?.memberships ?? [];
      return {
        ...state,
        organisations: { ...state.organisations, [organisationId]: { id: organisationId, name, kind, memberships: [...earlier, { from: joinedOn }] } },
      };
    }
    case 'OrganisationLeft': {
      const organisation = state.organisations[event.data.organisationId];
      if (!organisation) return state;
      const memberships = organisation.memberships.map((membership, index) =>
        index === organisation.memberships.length - 1 ? { ...membership, to: event.data.leftOn } : membership,
      );
      return { ...state, organisations: { ...state.organisations, [organisation.id]: { ...organisation, memberships } } };
    }
    case 'ForumEstablished': {
      const { forumId, kind, nameSv, nameEn, role, establishedOn, establishedBy } = event.data;
      const forum: ForumRecord = { id: forumId, kind, establishedOn, establishedBy, versions: [{ from: establishedOn, nameSv, nameEn, role: { ...role } }] };
      return { ...state, forums: { ...state.forums, [forumId]: forum } };
    }
    case 'ForumRenamed':
      return withForumVersion(state, event.data.forumId, event.data.renamedOn, { nameSv: event.data.nameSv, nameEn: event.data.nameEn });
    case 'ForumRoleChanged':
      return withForumVersion(state, event.data.forumId, event.data.changedOn, { role: { ...event.data.role } });
    case 'ForumMerged':
      return withForum(state, event.data.forumId, (forum) => ({
        ...forum,
        ended: { on: event.data.mergedOn, how: 'merged', intoForumId: event.data.intoForumId },
      }));
    case 'ForumDiscontinued':
      return withForum(state, event.data.forumId, (forum) => ({ ...forum, ended: { on: event.data.discontinuedOn, how: 'discontinued' } }));
    case 'PersonRegistered': {
      const { personId, name, organisationId, email, userId } = event.data;
      const person: PersonRecord = { id: personId, name, organisationId, ...(email ? { email } : {}), ...(userId ? { userId } : {}), roles: [] };
      return { ...state, people: { ...state.people, [personId]: person } };
    }
    case 'PersonRoleBegan': {
      const { personId, roleId, role, forumId, organisationId, from } = event.data;
      return withPerson(state, personId, (person) => ({
        ...person,
        roles: [...person.roles, { roleId, role, ...(forumId ? { forumId } : {}), ...(organisationId ? { organisationId } : {}), from }],
      }));
    }
    case 'PersonRoleEnded':
      return withPerson(state, event.data.personId, (person) => ({
        ...person,
        roles: person.roles.map((role) => (role.roleId === event.data.roleId ? { ...role, to: event.data.to } : role)),
      }));
  }
}

function withForum(state: StructureState, forumId: string, change: (forum: ForumRecord) => ForumRecord): StructureState {
  const forum = state.forums[forumId];
  return forum ? { ...state, forums: { ...state.forums, [forumId]: change(forum) } } : state;
}

function withForumVersion(state: StructureState, forumId: string, from: string, change: Partial<ForumVersion>): StructureState {
  return withForum(state, forumId, (forum) => {
    const current = forum.versions[forum.versions.length - 1];
    return { ...forum, versions: [...forum.versions, { ...current, ...change, from }] };
  });
}

function withPerson(state: StructureState, personId: string, change: (person: PersonRecord) => PersonRecord): StructureState {
  const person = state.people[personId];
  return person ? { ...state, people: { ...state.people, [personId]: change(person) } } : state;
}

/** Whether a period [from, to) covers the date. */
export function covers(period: { from: string; to?: string }, date: string): boolean {
  return period.from <= date && (period.to === undefined || date < period.to);
}

/** Whether the organisation was a member (part) on the date. */
export function isMemberOn(state: StructureState, organisationId: string, date: string): boolean {
  return (state.organisations[organisationId]?.memberships ?? []).some((membership) => covers(membership, date));
}

/** Whether the forum existed on the date: established, and not yet merged or discontinued. */
export function isForumOpenOn(forum: ForumRecord, date: string): boolean {
  return covers({ from: forum.establishedOn, to: forum.ended?.on }, date);
}

/** The forum's name and role text on the date (the first version before it was established). */
export function forumVersionOn(forum: ForumRecord, date: string): ForumVersion {
  return [...forum.versions].reverse().find((version) => version.from <= date) ?? forum.versions[0];
}

/** The register holds no organisation: the rules that read it are not applied (docs/structure.md). */
export function isEmpty(state: StructureState): boolean {
  return Object.keys(state.organisations).length === 0;
}

/** The forums that have been merged or discontinued, by id, with the day and how each ended. */
export function endedForumsOf(state: StructureState): Record<string, NonNullable<ForumRecord['ended']>> {
  return Object.fromEntries(Object.values(state.forums).flatMap((forum) => (forum.ended ? [[forum.id, { ...forum.ended }]] : [])));
}
