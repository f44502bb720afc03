/**
 * The demo's structure register: Värmland's structure file loaded (unless the
 * instance already holds a structure, e.g. with STRUCTURE_SEED=on-start), and
 * the demo's people with their roles — the working group's two members, to
 * whom the demo's assignments go, the chair and secretary of Ordföranderådet,
 * and each organisation's registrar, who records its decisions.
 */
import type { Actor } from '../event-store/event-store.port';
import { ORGANISATION_IDS } from '../reference-data/organisations';

type Post = <Answer extends object>(actor: Actor, key: string, path: string, body: object) => Promise<Answer>;

export interface DemoStructureActors {
  administrator: Actor;
  workingGroup: Actor;
  municipalDirector: Actor;
  chair: Actor;
  secretary: Actor;
  registrarOf: (organisationId: (typeof ORGANISATION_IDS)[number]) => Actor;
}

export async function loadDemoStructure(
  post: Post,
  get: (actor: Actor, path: string) => Promise<unknown>,
  actors: DemoStructureActors,
  from: string,
): Promise<void> {
  const { administrator, workingGroup, municipalDirector, chair, secretary, registrarOf } = actors;
  const register = (await get(administrator, '/register')) as { loaded: boolean; forums: Array<{ id: string; people: Array<{ name: string }> }> };
  if (!register.loaded) await post(administrator, 'register:seed', '/register/seed', {});
  // A register that names the demo's chair holds the demo's people already (an earlier run): nothing to send.
  if (register.forums.some((forum) => forum.people.some((holder) => holder.name === chair.displayName))) return;

  // Each person with their roles is one command (one append to the register's one stream), so the people are a command each, not one per role.
  const person = async (actor: Actor, email: string, roles: Array<{ role: string; forumId?: string }>) => {
    await post(workingGroup, `register:person-with-roles:${actor.userId}`, '/register/people', {
      name: actor.displayName,
      organisationId: actor.organisationId,
      email,
      userId: actor.userId,
      roles: roles.map((role) => ({ ...role, from })),
    });
  };
  await person(workingGroup, 'maria.nilsson@regionvarmland.se', [{ role: 'member', forumId: 'working-group' }]);
  await person(municipalDirector, 'lars.oberg@kristinehamn.se', [{ role: 'member', forumId: 'working-group' }]);
  await person(chair, 'eva.lindgren@regionvarmland.se', [{ role: 'chair', forumId: 'chairs-council' }]);
  await person(secretary, 'sofia.berg@regionvarmland.se', [
    { role: 'secretary', forumId: 'chairs-council' },
    { role: 'secretary', forumId: 'council' },
  ]);
  for (const organisationId of ORGANISATION_IDS) {
    await person(registrarOf(organisationId), `registrator@${organisationId}.example`, [{ role: 'registrar' }]);
  }
}
