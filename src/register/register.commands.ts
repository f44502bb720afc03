/**
 * Commands on the structure register. `decide` turns each into events or
 * refuses it. Each command's type is also its action in the access matrix.
 */
import type { ForumKind, ForumRoleText, OrganisationKind, PersonRole } from './register.events';

/** Ansluta en organisation */
export interface JoinOrganisation {
  type: 'JoinOrganisation';
  data: { organisationId: string; name: string; kind: OrganisationKind; joinedOn: string };
}

/** Registrera utträde */
export interface LeaveOrganisation {
  type: 'LeaveOrganisation';
  data: { organisationId: string; leftOn: string; reason: string };
}

/** Inrätta ett forum */
export interface EstablishForum {
  type: 'EstablishForum';
  data: { forumId: string; kind: ForumKind; nameSv: string; nameEn: string; role: ForumRoleText; establishedOn: string; establishedBy: string };
}

/** Byta namn på ett forum */
export interface RenameForum {
  type: 'RenameForum';
  data: { forumId: string; nameSv: string; nameEn: string; renamedOn: string };
}

/** Ändra forumets roll */
export interface ChangeForumRole {
  type: 'ChangeForumRole';
  data: { forumId: string; role: ForumRoleText; changedOn: string };
}

/** Slå samman ett forum med ett annat */
export interface MergeForum {
  type: 'MergeForum';
  data: { forumId: string; intoForumId: string; mergedOn: string; reason: string };
}

/** Avveckla ett forum */
export interface DiscontinueForum {
  type: 'DiscontinueForum';
  data: { forumId: string; discontinuedOn: string; reason: string };
}

/** Registrera en person, and optionally the roles the person takes up at once */
export interface RegisterPerson {
  type: 'RegisterPerson';
  data: {
    personId: string;
    name: string;
    organisationId: string;
    email?: string;
    userId?: string;
    /** Each decided as a BeginPersonRole of its own, on the register with the person (and the roles before it) in it. */
    roles?: Array<Omit<BeginPersonRole['data'], 'personId'>>;
  };
}

/** Ge en person ett uppdrag (ordförande, vice ordförande, ledamot, sekreterare, registrator) */
export interface BeginPersonRole {
  type: 'BeginPersonRole';
  data: { personId: string; roleId: string; role: PersonRole; forumId?: string; organisationId?: string; from: string };
}

/** Avsluta en persons uppdrag */
export interface EndPersonRole {
  type: 'EndPersonRole';
  data: { personId: string; roleId: string; to: string };
}

/**
 * Läsa in strukturen: the whole structure from a structure file
 * (structure-file.ts), into an empty register only. It is the file's commands,
 * each decided by the same rules as when sent one by one, stored as one append.
 */
export interface SeedStructure {
  type: 'SeedStructure';
  data: { source: string; commands: StructureChange[] };
}

/** Every command that changes the structure one step at a time. */
export type StructureChange =
  | JoinOrganisation
  | LeaveOrganisation
  | EstablishForum
  | RenameForum
  | ChangeForumRole
  | MergeForum
  | DiscontinueForum
  | RegisterPerson
  | BeginPersonRole
  | EndPersonRole;

export type RegisterCommand = StructureChange | SeedStructure;

export type RegisterCommandType = RegisterCommand['type'];
