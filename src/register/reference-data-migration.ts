/**
 * The migration from the fixed reference data to the register
 * (docs/structure.md, "First start"): events stored before the register name
 * organisations and forums by the ids of Värmland's fixed lists. The register
 * is loaded from the configured structure file; an id the stored events name
 * that the file lacks is added from Värmland's built-in file, today's
 * reference data, so those events keep naming something the register knows.
 * Pure: the caller reads the log.
 */
import type { StructureChange } from './register.commands';

/** The organisation and forum ids a structure's steps create. */
export function idsCreatedBy(steps: readonly StructureChange[]): Set<string> {
  const ids = new Set<string>();
  for (const step of steps) {
    if (step.type === 'JoinOrganisation') ids.add(step.data.organisationId);
    if (step.type === 'EstablishForum') ids.add(step.data.forumId);
  }
  return ids;
}

/**
 * Collects into `named` every string in an event's data that is one of the
 * candidate ids. The whole value is compared, never a substring: a title that
 * mentions Kil names nothing, `organisationId: 'kil'` names Kil, wherever in
 * the event it sits (a position's list, a responsible person, a forum).
 */
export function collectNamedIds(value: unknown, candidates: ReadonlySet<string>, named: Set<string>): void {
  if (typeof value === 'string') {
    if (candidates.has(value)) named.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectNamedIds(item, candidates, named);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectNamedIds(item, candidates, named);
  }
}

/**
 * The reference data's steps for the ids the stored events name and the file
 * lacks: each organisation's joining, each forum's establishment and its
 * renamings, in the reference data's order, after the file's own steps.
 */
export function referenceStepsFor(named: ReadonlySet<string>, fileSteps: readonly StructureChange[], reference: readonly StructureChange[]): StructureChange[] {
  const inFile = idsCreatedBy(fileSteps);
  const wanted = (id: string) => named.has(id) && !inFile.has(id);
  return reference.filter((step) => {
    switch (step.type) {
      case 'JoinOrganisation':
      case 'LeaveOrganisation':
        return wanted(step.data.organisationId);
      case 'EstablishForum':
      case 'RenameForum':
      case 'ChangeForumRole':
        return wanted(step.data.forumId);
      default:
        // The reference data names no people, and a merger would tie two forums' fates together.
        return false;
    }
  });
}
