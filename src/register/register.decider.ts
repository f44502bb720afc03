/**
 * The rules of the structure register: `decide` turns a command into events or
 * refuses it with the rule it breaks. Pure: time and actor arrive in the
 * context. The whole structure is one aggregate (stream `register-structure`)
 * because its rules span its parts — a role names a person and a forum, a
 * merger two forums, a registrar a member organisation — and it changes a few
 * times a year, so one stream costs no contention (docs/structure.md).
 */
import { isCalendarDate } from '../shared-kernel/calendar';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import type { RegisterCommand, StructureChange } from './register.commands';
import { FORUM_KINDS, FORUM_ROLES, ORGANISATION_KINDS, PERSON_ROLES, REGISTER_EVENT_SCHEMA_VERSIONS, type RegisterEvent } from './register.events';
import { evolve, initialState, isEmpty, isForumOpenOn, isMemberOn, type ForumRecord, type PersonRecord, type StructureState } from './register.state';

export { evolve, initialState } from './register.state';
export type { StructureState } from './register.state';

/** Every rule `decide` can refuse a command with; stable ids. */
export type RegisterRule =
  | 'required-field-blank'
  | 'invalid-date'
  | 'invalid-id'
  | 'invalid-email'
  | 'reason-required'
  | 'unknown-organisation-kind'
  | 'organisation-already-member'
  | 'organisation-not-a-member'
  | 'unknown-organisation'
  | 'unknown-forum-kind'
  | 'forum-already-exists'
  | 'unknown-forum'
  | 'forum-ended'
  | 'forum-not-open'
  | 'merge-into-itself'
  | 'date-before-last-change'
  | 'person-already-registered'
  | 'unknown-person'
  | 'unknown-role'
  | 'forum-required-for-role'
  | 'organisation-required-for-registrar'
  | 'role-already-held'
  | 'unknown-role-id'
  | 'role-already-ended'
  | 'register-not-empty';

type Data<C extends RegisterCommand['type']> = Extract<RegisterCommand, { type: C }>['data'];

export function decide(command: RegisterCommand, state: StructureState): RegisterEvent[] {
  if (command.type === 'RegisterPerson' && command.data.roles?.length) return registerWithRoles(command.data, state);
  if (command.type !== 'SeedStructure') return [change(command, state)];
  if (!isEmpty(state) || Object.keys(state.forums).length > 0) {
    refuse('register-not-empty', 'The register already holds a structure; a structure file is loaded into an empty register only');
  }
  // Each step is decided on the structure the steps before it made, by the same rules as when sent alone.
  const events: RegisterEvent[] = [];
  let folded = state;
  command.data.commands.forEach((step, index) => {
    try {
      const event = change(step, folded);
      events.push(event);
      folded = evolve(folded, event);
    } catch (error) {
      if (error instanceof DomainRuleViolation)
        throw new DomainRuleViolation(error.rule, `${command.data.source}, step ${index + 1} (${step.type}): ${error.message}`);
      throw error;
    }
  });
  return events;
}

/** A person with roles: PersonRegistered, then a PersonRoleBegan per role, each by the rules it has when sent alone; one refused, none is stored. */
function registerWithRoles(data: Data<'RegisterPerson'>, state: StructureState): RegisterEvent[] {
  const { roles = [], ...person } = data;
  const registered = change({ type: 'RegisterPerson', data: person }, state);
  const events: RegisterEvent[] = [registered];
  let folded = evolve(state, registered);
  roles.forEach((role, index) => {
    try {
      const began = beginRole({ ...role, personId: person.personId }, folded);
      events.push(began);
      folded = evolve(folded, began);
    } catch (error) {
      if (error instanceof DomainRuleViolation) throw new DomainRuleViolation(error.rule, `roles[${index}] (${String(role.role)}): ${error.message}`);
      throw error;
    }
  });
  return events;
}

function change(command: StructureChange, state: StructureState): RegisterEvent {
  switch (command.type) {
    case 'JoinOrganisation': {
      const { organisationId, name, kind, joinedOn } = command.data;
      requireId(organisationId, 'organisationId');
      requireText(name, 'name');
      if (!ORGANISATION_KINDS.includes(kind))
        refuse('unknown-organisation-kind', `kind must be one of ${ORGANISATION_KINDS.join(', ')}, got "${String(kind)}"`);
      requireDate(joinedOn, 'joinedOn');
      const existing = state.organisations[organisationId];
      const last = existing?.memberships[existing.memberships.length - 1];
      if (last && last.to === undefined) refuse('organisation-already-member', `${organisationId} has been a member since ${last.from}`);
      if (last?.to && joinedOn < last.to)
        refuse('date-before-last-change', `${organisationId} left on ${last.to}; it can rejoin on that day or later, not ${joinedOn}`);
      return { type: 'OrganisationJoined', data: { organisationId, name: name.trim(), kind, joinedOn } };
    }
    case 'LeaveOrganisation': {
      const { organisationId, leftOn } = command.data;
      const organisation = state.organisations[organisationId];
      if (!organisation) refuse('unknown-organisation', `No organisation ${organisationId} is in the register`);
      requireDate(leftOn, 'leftOn');
      requireReason(command.data.reason, 'register that an organisation left');
      const last = organisation.memberships[organisation.memberships.length - 1];
      if (last.to !== undefined) refuse('organisation-not-a-member', `${organisationId} left on ${last.to} and has not rejoined`);
      if (leftOn <= last.from) refuse('date-before-last-change', `${organisationId} joined on ${last.from}; it can leave after that day, not on ${leftOn}`);
      return { type: 'OrganisationLeft', data: { organisationId, leftOn } };
    }
    case 'EstablishForum':
      return establish(command.data, state);
    case 'RenameForum': {
      const { forumId, nameSv, nameEn, renamedOn } = command.data;
      const forum = openForum(state, forumId, renamedOn, 'renamedOn');
      requireText(nameSv, 'nameSv');
      requireText(nameEn, 'nameEn');
      const previousNameSv = forum.versions[forum.versions.length - 1].nameSv;
      return { type: 'ForumRenamed', data: { forumId, nameSv: nameSv.trim(), nameEn: nameEn.trim(), previousNameSv, renamedOn } };
    }
    case 'ChangeForumRole': {
      const { forumId, role, changedOn } = command.data;
      openForum(state, forumId, changedOn, 'changedOn');
      requireText(role?.sv, 'role.sv');
      requireText(role?.en, 'role.en');
      return { type: 'ForumRoleChanged', data: { forumId, role: { sv: role.sv.trim(), en: role.en.trim() }, changedOn } };
    }
    case 'MergeForum': {
      const { forumId, intoForumId, mergedOn } = command.data;
      openForum(state, forumId, mergedOn, 'mergedOn');
      if (intoForumId === forumId) refuse('merge-into-itself', `${forumId} cannot be merged into itself`);
      const into = knownForum(state, intoForumId);
      if (!isForumOpenOn(into, mergedOn)) refuse('forum-not-open', `${intoForumId} is not open on ${mergedOn}, so nothing can be merged into it`);
      requireReason(command.data.reason, 'merge a forum');
      return { type: 'ForumMerged', data: { forumId, intoForumId, mergedOn } };
    }
    case 'DiscontinueForum': {
      const { forumId, discontinuedOn } = command.data;
      openForum(state, forumId, discontinuedOn, 'discontinuedOn');
      requireReason(command.data.reason, 'discontinue a forum');
      return { type: 'ForumDiscontinued', data: { forumId, discontinuedOn } };
    }
    case 'RegisterPerson': {
      const { personId, name, organisationId, email, userId } = command.data;
      requireId(personId, 'personId');
      if (state.people[personId]) refuse('person-already-registered', `Person ${personId} is already in the register`);
      requireText(name, 'name');
      if (!state.organisations[organisationId]) refuse('unknown-organisation', `organisationId ${String(organisationId)} is not in the register`);
      if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) refuse('invalid-email', `email must be an e-mail address, got "${email}"`);
      if (userId !== undefined) requireText(userId, 'userId');
      return {
        type: 'PersonRegistered',
        data: { personId, name: name.trim(), organisationId, ...(email ? { email } : {}), ...(userId ? { userId: userId.trim() } : {}) },
      };
    }
    case 'BeginPersonRole':
      return beginRole(command.data, state);
    case 'EndPersonRole': {
      const { personId, roleId, to } = command.data;
      const person = knownPerson(state, personId);
      const held = person.roles.find((role) => role.roleId === roleId);
      if (!held) refuse('unknown-role-id', `${person.name} holds no role ${roleId}`);
      if (held.to !== undefined) refuse('role-already-ended', `${person.name}'s role ${roleId} ended on ${held.to}`);
      requireDate(to, 'to');
      if (to <= held.from) refuse('date-before-last-change', `The role began on ${held.from}; it can end after that day, not on ${to}`);
      return { type: 'PersonRoleEnded', data: { personId, roleId, to } };
    }
  }
}

function establish(data: Data<'EstablishForum'>, state: StructureState): RegisterEvent {
  const { forumId, kind, nameSv, nameEn, role, establishedOn, establishedBy } = data;
  requireId(forumId, 'forumId');
  if (state.forums[forumId]) refuse('forum-already-exists', `Forum ${forumId} is already in the register`);
  if (!FORUM_KINDS.includes(kind)) refuse('unknown-forum-kind', `kind must be one of ${FORUM_KINDS.join(', ')}, got "${String(kind)}"`);
  requireText(nameSv, 'nameSv');
  requireText(nameEn, 'nameEn');
  requireText(role?.sv, 'role.sv');
  requireText(role?.en, 'role.en');
  requireDate(establishedOn, 'establishedOn');
  requireText(establishedBy, 'establishedBy');
  return {
    type: 'ForumEstablished',
    data: {
      forumId,
      kind,
      nameSv: nameSv.trim(),
      nameEn: nameEn.trim(),
      role: { sv: role.sv.trim(), en: role.en.trim() },
      establishedOn,
      establishedBy: establishedBy.trim(),
    },
  };
}

function beginRole(data: Data<'BeginPersonRole'>, state: StructureState): RegisterEvent {
  const { personId, roleId, role, from } = data;
  const person = knownPerson(state, personId);
  requireId(roleId, 'roleId');
  if (!PERSON_ROLES.includes(role)) refuse('unknown-role', `role must be one of ${PERSON_ROLES.join(', ')}, got "${String(role)}"`);
  requireDate(from, 'from');
  if (FORUM_ROLES.includes(role)) {
    if (!data.forumId) refuse('forum-required-for-role', `A ${role} is ${role} of a forum: forumId is required`);
    const forum = knownForum(state, data.forumId);
    if (!isForumOpenOn(forum, from)) refuse('forum-not-open', `${forum.id} is not open on ${from}`);
    if (held(person, role, { forumId: forum.id })) refuse('role-already-held', `${person.name} is already ${role} of ${forum.id}`);
    return { type: 'PersonRoleBegan', data: { personId, roleId, role, forumId: forum.id, from } };
  }
  // The registrar (registrator) receives formal matters for a member organisation, normally the person's own.
  const organisationId = data.organisationId ?? person.organisationId;
  if (!state.organisations[organisationId]) refuse('unknown-organisation', `organisationId ${organisationId} is not in the register`);
  if (!isMemberOn(state, organisationId, from))
    refuse('organisation-not-a-member', `${organisationId} is not a member on ${from}, so it has no registrar then`);
  if (held(person, role, { organisationId })) refuse('role-already-held', `${person.name} is already registrar of ${organisationId}`);
  return { type: 'PersonRoleBegan', data: { personId, roleId, role, organisationId, from } };
}

function held(person: PersonRecord, role: string, where: { forumId?: string; organisationId?: string }): boolean {
  return person.roles.some(
    (candidate) =>
      candidate.role === role &&
      candidate.to === undefined &&
      (where.forumId === undefined || candidate.forumId === where.forumId) &&
      (where.organisationId === undefined || candidate.organisationId === where.organisationId),
  );
}

function knownForum(state: StructureState, forumId: string): ForumRecord {
  const forum = state.forums[forumId];
  if (!forum) refuse('unknown-forum', `No forum ${String(forumId)} is in the register`);
  return forum;
}

/** A forum that is still open, changed on a date no earlier than its last change. */
function openForum(state: StructureState, forumId: string, on: string, field: string): ForumRecord {
  const forum = knownForum(state, forumId);
  if (forum.ended) refuse('forum-ended', `${forumId} was ${forum.ended.how} on ${forum.ended.on}; it changes no more`);
  requireDate(on, field);
  const last = forum.versions[forum.versions.length - 1].from;
  if (on < last) refuse('date-before-last-change', `${forumId} last changed on ${last}; ${field} ${on} is earlier`);
  return forum;
}

function knownPerson(state: StructureState, personId: string): PersonRecord {
  const person = state.people[personId];
  if (!person) refuse('unknown-person', `No person ${String(personId)} is in the register`);
  return person;
}

function requireId(value: string | undefined, field: string): void {
  requireText(value, field);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(value!)) refuse('invalid-id', `${field} must be lower-case letters, digits and hyphens, got "${value}"`);
}

function requireText(value: string | undefined, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse('required-field-blank', `${field} must not be blank`);
}

function requireReason(reason: string | undefined, what: string): void {
  if (typeof reason !== 'string' || reason.trim() === '') refuse('reason-required', `A reason is required to ${what}`);
}

function requireDate(value: string, field: string): void {
  if (typeof value !== 'string' || !isCalendarDate(value)) refuse('invalid-date', `${field} must be a date written YYYY-MM-DD, got "${String(value)}"`);
}

function refuse(rule: RegisterRule, message: string): never {
  throw new DomainRuleViolation(rule, message);
}

/** The structure's one aggregate; its stream is `register-structure` (why one: the top of this file). */
export const STRUCTURE_ID = 'structure';

/** The register's decider as the shared write path sees it; its rules read neither the time nor the actor, which the write path hands in. */
export const registerDecider = {
  aggregateName: 'Register',
  streamPrefix: 'register',
  initialState,
  evolve: (state: StructureState, event: RegisterEvent, _context?: unknown): StructureState => evolve(state, event),
  decide: (command: RegisterCommand, state: StructureState, _context?: unknown): RegisterEvent[] => decide(command, state),
  schemaVersionOf: (type: RegisterEvent['type']): number => REGISTER_EVENT_SCHEMA_VERSIONS[type],
};
