/**
 * Events of the structure register (strukturregistret): the member
 * organisations, the forums and the people with their roles over time. The
 * stored contract: never change the meaning of a stored field; add a schema
 * version and an upcaster instead. Catalogued in docs/structure.md and
 * docs/events.md. Who recorded it, when and why travel in the metadata; the
 * dates in the data are when the change took effect (calendar dates
 * 'YYYY-MM-DD'), which the structure's time travel reads.
 */

/** What kind of member an organisation is; another collaboration may have others (a county council, an association). */
export type OrganisationKind = 'region' | 'municipality' | 'other';
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['region', 'municipality', 'other'];

/**
 * What part a forum plays in a question's process (docs/structure.md): a broad
 * council, the council that takes positions, the working group that prepares,
 * the preparation group, or a topic forum.
 */
export type ForumKind = 'council' | 'chairs-council' | 'working-group' | 'preparation-group' | 'topic-forum';
export const FORUM_KINDS: readonly ForumKind[] = ['council', 'chairs-council', 'working-group', 'preparation-group', 'topic-forum'];

/** A role a person holds: in a forum (chair, vice chair, member, secretary) or for an organisation (its registrar). */
export type PersonRole = 'chair' | 'vice-chair' | 'member' | 'secretary' | 'registrar';
export const PERSON_ROLES: readonly PersonRole[] = ['chair', 'vice-chair', 'member', 'secretary', 'registrar'];
/** Roles held in a forum; the registrar is the organisation's. */
export const FORUM_ROLES: readonly PersonRole[] = ['chair', 'vice-chair', 'member', 'secretary'];

export interface ForumRoleText {
  sv: string;
  en: string;
}

/** Organisation ansluten (part i samverkan) */
export interface OrganisationJoined {
  type: 'OrganisationJoined';
  data: { organisationId: string; name: string; kind: OrganisationKind; joinedOn: string };
}

/** Organisation utträdd */
export interface OrganisationLeft {
  type: 'OrganisationLeft';
  data: { organisationId: string; leftOn: string };
}

/** Forum inrättat, by whom (e.g. Värmlandsrådet, or the collaboration agreement). */
export interface ForumEstablished {
  type: 'ForumEstablished';
  data: { forumId: string; kind: ForumKind; nameSv: string; nameEn: string; role: ForumRoleText; establishedOn: string; establishedBy: string };
}

/** Forum bytt namn; the earlier name stays in its history. */
export interface ForumRenamed {
  type: 'ForumRenamed';
  data: { forumId: string; nameSv: string; nameEn: string; previousNameSv: string; renamedOn: string };
}

/** Forumets roll ändrad */
export interface ForumRoleChanged {
  type: 'ForumRoleChanged';
  data: { forumId: string; role: ForumRoleText; changedOn: string };
}

/** Forum sammanslaget med ett annat: it ends, the other carries on its work. */
export interface ForumMerged {
  type: 'ForumMerged';
  data: { forumId: string; intoForumId: string; mergedOn: string };
}

/** Forum avvecklat */
export interface ForumDiscontinued {
  type: 'ForumDiscontinued';
  data: { forumId: string; discontinuedOn: string };
}

/** Person registrerad: name, organisation, contact, and the sign-in subject that maps a token to them. */
export interface PersonRegistered {
  type: 'PersonRegistered';
  data: { personId: string; name: string; organisationId: string; email?: string; userId?: string };
}

/** Uppdrag påbörjat: a person takes up a role in a forum, or as an organisation's registrar. */
export interface PersonRoleBegan {
  type: 'PersonRoleBegan';
  data: { personId: string; roleId: string; role: PersonRole; forumId?: string; organisationId?: string; from: string };
}

/** Uppdrag avslutat: the role is held up to, not including, `to`. */
export interface PersonRoleEnded {
  type: 'PersonRoleEnded';
  data: { personId: string; roleId: string; to: string };
}

export type RegisterEvent =
  | OrganisationJoined
  | OrganisationLeft
  | ForumEstablished
  | ForumRenamed
  | ForumRoleChanged
  | ForumMerged
  | ForumDiscontinued
  | PersonRegistered
  | PersonRoleBegan
  | PersonRoleEnded;

export type RegisterEventType = RegisterEvent['type'];

export const REGISTER_EVENT_SCHEMA_VERSIONS: Record<RegisterEventType, number> = {
  OrganisationJoined: 1,
  OrganisationLeft: 1,
  ForumEstablished: 1,
  ForumRenamed: 1,
  ForumRoleChanged: 1,
  ForumMerged: 1,
  ForumDiscontinued: 1,
  PersonRegistered: 1,
  PersonRoleBegan: 1,
  PersonRoleEnded: 1,
};

export const REGISTER_EVENT_LABELS: Record<RegisterEventType, { sv: string; en: string }> = {
  OrganisationJoined: { sv: 'Organisation ansluten', en: 'Organisation joined' },
  OrganisationLeft: { sv: 'Organisation utträdd', en: 'Organisation left' },
  ForumEstablished: { sv: 'Forum inrättat', en: 'Forum established' },
  ForumRenamed: { sv: 'Forum bytt namn', en: 'Forum renamed' },
  ForumRoleChanged: { sv: 'Forumets roll ändrad', en: "Forum's role changed" },
  ForumMerged: { sv: 'Forum sammanslaget', en: 'Forum merged' },
  ForumDiscontinued: { sv: 'Forum avvecklat', en: 'Forum discontinued' },
  PersonRegistered: { sv: 'Person registrerad', en: 'Person registered' },
  PersonRoleBegan: { sv: 'Uppdrag påbörjat', en: 'Role taken up' },
  PersonRoleEnded: { sv: 'Uppdrag avslutat', en: 'Role ended' },
};

export function isRegisterEventType(type: string): type is RegisterEventType {
  return Object.prototype.hasOwnProperty.call(REGISTER_EVENT_SCHEMA_VERSIONS, type);
}
