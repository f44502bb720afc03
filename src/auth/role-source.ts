import type { Principal } from './token-verifier';

/**
 * Where a verified person's roles and organisation come from besides the
 * token (ROLES_FROM, docs/access.md): the structure register provides one.
 * The guard asks it after the token is verified; it answers the principal to
 * act as, or refuses with AccessDenied.
 */
export interface RoleSource {
  principalFor(verified: Principal): Promise<Principal>;
}

export const ROLE_SOURCE = Symbol('ROLE_SOURCE');
