/**
 * A structure file (docs/structure.md): a collaboration's organisations,
 * forums and people as JSON, read into the commands that build the register.
 * The built-in file is Värmland's (structures/varmland.structure.json);
 * STRUCTURE_FILE names another. Only the file's shape is checked here; what it
 * says is checked by the register's rules when it is loaded (SeedStructure).
 */
import * as fs from 'node:fs';
import type { AppConfig } from '../config/app-config';
import type { SeedStructure, StructureChange } from './register.commands';
import type { ForumKind, OrganisationKind, PersonRole } from './register.events';
// Imported, not read from disk: the compiler then carries it into dist/ with the code.
import varmland from './structures/varmland.structure.json';

export const BUILT_IN_STRUCTURE_NAME = 'varmland.structure.json';

interface StructureFile {
  collaboration: string;
  notes?: string[];
  organisations: Array<{ id: string; name: string; kind: OrganisationKind; joinedOn: string; leftOn?: string; leftBecause?: string }>;
  forums: Array<{
    id: string;
    kind: ForumKind;
    nameSv: string;
    nameEn: string;
    role: { sv: string; en: string };
    establishedOn: string;
    establishedBy: string;
    renamed?: Array<{ nameSv: string; nameEn: string; renamedOn: string }>;
  }>;
  people?: Array<{
    id: string;
    name: string;
    organisationId: string;
    email?: string;
    userId?: string;
    roles?: Array<{ id: string; role: PersonRole; forumId?: string; organisationId?: string; from: string; to?: string }>;
  }>;
}

export class StructureFileError extends Error {}

/** Reads a structure file into the commands that build it, in order: organisations, forums (and their renamings), people and their roles. */
export function readStructureFile(file: string): { collaboration: string; commands: StructureChange[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StructureFileError(`The structure file ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  return structureCommands(parsed, file);
}

export function structureCommands(parsed: unknown, source: string): { collaboration: string; commands: StructureChange[] } {
  const file = parsed as StructureFile;
  const fail = (what: string): never => {
    throw new StructureFileError(`The structure file ${source}: ${what} (docs/structure.md describes the format)`);
  };
  if (typeof file !== 'object' || file === null) fail('it must be a JSON object');
  if (typeof file.collaboration !== 'string' || !file.collaboration.trim()) fail('"collaboration" must name the collaboration');
  if (!Array.isArray(file.organisations) || file.organisations.length === 0) fail('"organisations" must list at least one organisation');
  if (!Array.isArray(file.forums)) fail('"forums" must be a list');
  if (file.people !== undefined && !Array.isArray(file.people)) fail('"people" must be a list');

  const commands: StructureChange[] = [];
  for (const { id, name, kind, joinedOn, leftOn, leftBecause } of file.organisations) {
    commands.push({ type: 'JoinOrganisation', data: { organisationId: id, name, kind, joinedOn } });
    if (leftOn) commands.push({ type: 'LeaveOrganisation', data: { organisationId: id, leftOn, reason: leftBecause ?? '' } });
  }
  for (const forum of file.forums) {
    const { id, kind, nameSv, nameEn, role, establishedOn, establishedBy } = forum;
    commands.push({ type: 'EstablishForum', data: { forumId: id, kind, nameSv, nameEn, role, establishedOn, establishedBy } });
    for (const { nameSv: newSv, nameEn: newEn, renamedOn } of forum.renamed ?? []) {
      commands.push({ type: 'RenameForum', data: { forumId: id, nameSv: newSv, nameEn: newEn, renamedOn } });
    }
  }
  for (const person of file.people ?? []) {
    const { id, name, organisationId, email, userId } = person;
    commands.push({ type: 'RegisterPerson', data: { personId: id, name, organisationId, ...(email ? { email } : {}), ...(userId ? { userId } : {}) } });
    for (const role of person.roles ?? []) {
      const where = { ...(role.forumId ? { forumId: role.forumId } : {}), ...(role.organisationId ? { organisationId: role.organisationId } : {}) };
      commands.push({ type: 'BeginPersonRole', data: { personId: id, roleId: role.id, role: role.role, ...where, from: role.from } });
      if (role.to) commands.push({ type: 'EndPersonRole', data: { personId: id, roleId: role.id, to: role.to } });
    }
  }
  return { collaboration: file.collaboration, commands };
}

/** The built-in structure, Värmland's, as commands. */
export function builtInStructure(): { collaboration: string; commands: StructureChange[] } {
  return structureCommands(varmland, BUILT_IN_STRUCTURE_NAME);
}

/**
 * The organisations and forums the configured structure file (STRUCTURE_FILE,
 * or the built-in one) names, read without a database: what `npm run token`
 * checks `--org` and `--forum` against.
 */
export function structureFileDirectory(config: AppConfig): {
  source: string;
  collaboration: string;
  organisations: Array<{ id: string; name: string }>;
  forums: string[];
} {
  const file = config.structure.file;
  const { collaboration, commands } = file ? readStructureFile(file) : builtInStructure();
  const organisations = new Map<string, string>();
  const forums = new Set<string>();
  for (const command of commands) {
    if (command.type === 'JoinOrganisation') organisations.set(command.data.organisationId, command.data.name);
    if (command.type === 'EstablishForum') forums.add(command.data.forumId);
  }
  return { source: file ?? BUILT_IN_STRUCTURE_NAME, collaboration, organisations: [...organisations].map(([id, name]) => ({ id, name })), forums: [...forums] };
}

/** The configured structure file (STRUCTURE_FILE, or the built-in one) as the command that loads it. */
export function seedCommand(config: AppConfig): SeedStructure {
  const file = config.structure.file;
  const { commands } = file ? readStructureFile(file) : builtInStructure();
  return { type: 'SeedStructure', data: { source: file ?? BUILT_IN_STRUCTURE_NAME, commands } };
}
