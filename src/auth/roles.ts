/**
 * The roles a person can hold in Frågespår, as carried in the token's `roles`
 * claim. What each role may do is in access-policy.ts (and docs/access.md).
 */
import type { Language } from '../shared-kernel/language';

/**
 * `any-organisation`: acts for the collaboration as a whole, so may record
 * things on behalf of any of the 17 parties (e.g. a secretary recording a
 * decision reported by e-mail). `own-organisation`: acts for the token's `org`
 * only.
 */
export type RoleScope = 'any-organisation' | 'own-organisation';

export interface RoleDefinition {
  /** Swedish name, as used in Samverkan Värmland. */
  label: string;
  description: string;
  scope: RoleScope;
}

export const ROLES = {
  admin: {
    label: 'Administratör',
    description: 'Runs the service: may do every command and query, including projection maintenance.',
    scope: 'any-organisation',
  },
  'working-group': {
    label: 'Arbetsgrupp',
    description: 'Värmlandsrådets arbetsgrupp (region director and municipal directors): organises the processes and prepares decision documents.',
    scope: 'any-organisation',
  },
  chair: {
    label: 'Ordförande',
    description: 'Chair of a forum, e.g. Ordföranderådet: sets agendas and takes positions.',
    scope: 'any-organisation',
  },
  secretary: {
    label: 'Sekreterare',
    description: 'Records meetings, dialogues and what the parties report (decisions, answers, input, feedback) on their behalf.',
    scope: 'any-organisation',
  },
  member: {
    label: 'Medlem (part)',
    description: "Represents one member organisation (part): acts for the token's organisation only.",
    scope: 'own-organisation',
  },
  auditor: {
    label: 'Revisor',
    description: 'Reads everything, history included; writes nothing.',
    scope: 'any-organisation',
  },
} as const satisfies Record<string, RoleDefinition>;

export type Role = keyof typeof ROLES;

export const ROLE_IDS = Object.keys(ROLES) as Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ROLES, value);
}

/** English names of the roles; the Swedish ones are ROLES[role].label. */
const ROLE_NAMES_EN: Record<Role, string> = {
  admin: 'Administrator',
  'working-group': 'Working group',
  chair: 'Chair',
  secretary: 'Secretary',
  member: 'Member (party)',
  auditor: 'Auditor',
};

/** A role's name in the reader's language; a string that is no role is shown as it is. */
export function roleName(role: string, language: Language): string {
  if (!isRole(role)) return role;
  return language === 'en' ? ROLE_NAMES_EN[role] : ROLES[role].label;
}
