/**
 * ROLES_FROM=register (docs/access.md, "Roles from the register"): who a
 * signed-in person is, read from the register instead of the token's claims.
 * The person is found by the token's subject (a person's `userId`) or, failing
 * that, by the token's e-mail (a person's contact e-mail, compared without
 * regard to case); their roles in the structure on the day become Frågespår's
 * roles. Pure: the caller brings the structure and the day.
 */
import { covers, isForumOpenOn, type PersonRecord, type StructureState } from './register.state';

/** The roles the register does not hold: the service's administrator and the auditors are no part of the collaboration's structure. */
export const ROLES_OUTSIDE_THE_REGISTER: readonly string[] = ['admin', 'auditor'];

export interface RegisterSignIn {
  person: PersonRecord;
  /** Frågespår's roles, in the order the first is the acting role when none is asked for. */
  roles: string[];
  /** The forums the person is secretary of on the day (the forum scope of access.md). */
  forums: string[];
}

export function findSignedInPerson(state: StructureState, subject: { userId: string; email?: string }): PersonRecord | undefined {
  const people = Object.values(state.people);
  const bySubject = people.find((person) => person.userId === subject.userId);
  if (bySubject) return bySubject;
  const email = subject.email?.trim().toLowerCase();
  return email ? people.find((person) => person.email?.toLowerCase() === email) : undefined;
}

/**
 * A person's roles on the day: chair or vice chair of an open forum → `chair`;
 * member of the working group → `working-group`; secretary of a forum →
 * `secretary`, serving those forums; a registrar, or a member of another
 * forum → `member`. Every person in the register is at least a `member` of
 * their own organisation, which lets them read and act for it.
 */
export function signInFromRegister(state: StructureState, subject: { userId: string; email?: string }, date: string): RegisterSignIn | undefined {
  const person = findSignedInPerson(state, subject);
  if (!person) return undefined;
  const roles = new Set<string>();
  const forums = new Set<string>();
  for (const role of person.roles.filter((held) => covers(held, date))) {
    const forum = role.forumId ? state.forums[role.forumId] : undefined;
    if (role.forumId && (!forum || !isForumOpenOn(forum, date))) continue;
    if (role.role === 'chair' || role.role === 'vice-chair') roles.add('chair');
    else if (role.role === 'secretary' && role.forumId) {
      roles.add('secretary');
      forums.add(role.forumId);
    } else if (role.role === 'member' && forum?.kind === 'working-group') roles.add('working-group');
  }
  // The process roles first: a chair who is also a member of an organisation acts as chair unless asked otherwise.
  const ordered = ['working-group', 'chair', 'secretary'].filter((role) => roles.has(role));
  return { person, roles: [...ordered, 'member'], forums: [...forums] };
}
