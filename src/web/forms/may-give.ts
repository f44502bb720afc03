import { AccessDenied, Action, authorize } from '../../auth/access-policy';
import { ROLES, isRole } from '../../auth/roles';
import type { Actor } from '../../event-store/event-store.port';
import { ORGANISATION_IDS, OrganisationId } from '../../reference-data/organisations';

/**
 * Whether the signed-in actor may give this command (for this organisation,
 * when the command is done for one), decided by `authorize` over the same
 * ACCESS_POLICY the command handler enforces: a page offers a form exactly
 * when submitting it would not be refused for access.
 */
export function mayGive(actor: Actor | undefined, action: Action, organisationId?: string): boolean {
  if (!actor) return false;
  try {
    authorize(actor, action, organisationId);
    return true;
  } catch (error) {
    if (error instanceof AccessDenied) return false;
    throw error;
  }
}

/**
 * The organisations the actor may act for in an organisation-scoped command,
 * out of `candidates` (default all 17): its own only for an own-organisation
 * role (a member), every candidate for the rest, none for a role that may not
 * give the command.
 */
export function organisationsFor(actor: Actor | undefined, action: Action, candidates: readonly OrganisationId[] = ORGANISATION_IDS): OrganisationId[] {
  if (!actor || !isRole(actor.role)) return [];
  if (ROLES[actor.role].scope === 'own-organisation') return candidates.filter((id) => id === actor.organisationId && mayGive(actor, action, id));
  return candidates.filter((id) => mayGive(actor, action, id));
}
