import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { openDatabase } from '../database/database';
import { DataDirLocked } from '../database/data-dir-lock';
import { FORUM_IDS } from '../reference-data/forums';
import { ORGANISATIONS } from '../reference-data/organisations';
import { STRUCTURE_ID } from './register.decider';
import { REGISTER_TABLE } from './register.projection';
import { isEmpty, type StructureState } from './register.state';
import { ROLES_OUTSIDE_THE_REGISTER, signInFromRegister } from './sign-in-roles';
import { organisationsOf } from './structure-directory';
import { structureFileDirectory } from './structure-file';

/** A person as the register says who they are on a day: what the app reads for a signed-in person (sign-in-roles.ts). */
export interface RegisteredIdentity {
  /** The person's sign-in subject, if the register has one. */
  userId?: string;
  name: string;
  organisationId: string;
  /** Frågespår's roles, process roles first, `member` last. */
  roles: string[];
  /** The forums they are secretary of. */
  forums: string[];
}

/**
 * What `npm run token` checks its options against (docs/access.md, "Local
 * mode"): the organisations and forums, and — where the register can be read
 * — its people, looked up by sign-in subject or e-mail as the app looks up a
 * signed-in person. `note` says why the register was not read, where it was
 * not.
 */
export interface TokenDirectory {
  organisations: ReadonlyArray<{ id: string; name: string }>;
  forums: readonly string[];
  source: string;
  person?: (subject: { userId: string; email?: string }) => RegisteredIdentity | undefined;
  /** The roles a token carries beside the register's, which the register does not hold (admin, auditor). */
  rolesOutsideTheRegister: readonly string[];
  note?: string;
}

/** The register as it is stored, for a tool: its read model's row; `none` where the database holds none yet. */
type StoredRegister = { kind: 'read'; state: StructureState } | { kind: 'none' } | { kind: 'unavailable'; reason: string };

/**
 * The structure `npm run token` names, as the app would on `today`:
 * - the register, where the database holds one that is not empty (the
 *   `register` read model, as the app reads it for a signed-in person): every
 *   organisation and forum it knows, and its people;
 * - the structure file (STRUCTURE_FILE, or Värmland's built-in one), where
 *   the database holds no register yet, or where it cannot be read: the
 *   embedded database's folder is the running server's alone (data-dir-lock.ts);
 * - the default data, where the register is empty and STRUCTURE_SEED=off (as
 *   the app's lists are then).
 */
export async function tokenDirectory(config: AppConfig, today: string): Promise<TokenDirectory> {
  const file = structureFileDirectory(config);
  const outside = { rolesOutsideTheRegister: ROLES_OUTSIDE_THE_REGISTER };
  const fromFile: TokenDirectory = {
    organisations: file.organisations,
    forums: file.forums,
    source: `the structure file ${file.source} (${file.collaboration})`,
    ...outside,
  };
  const stored = await storedRegister(config);
  if (stored.kind === 'unavailable') return { ...fromFile, note: stored.reason };
  if (stored.kind === 'none' || isEmpty(stored.state)) {
    // What the app will name: the file its first start loads, or — with loading off — the default data.
    if (config.structure.seed === 'on-start') return fromFile;
    return { organisations: ORGANISATIONS, forums: FORUM_IDS, source: 'the default structure (Samverkan Värmland; the register is empty)', ...outside };
  }
  const state = stored.state;
  return {
    ...outside,
    organisations: organisationsOf(state, today),
    forums: Object.keys(state.forums),
    source: 'the structure register',
    person: (subject) => {
      const found = signInFromRegister(state, subject, today);
      if (!found) return undefined;
      const { person, roles, forums } = found;
      return { ...(person.userId ? { userId: person.userId } : {}), name: person.name, organisationId: person.organisationId, roles, forums };
    },
  };
}

async function storedRegister(config: AppConfig): Promise<StoredRegister> {
  // An embedded database not yet made: nothing to read, and nothing is made here.
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pglite'))) return { kind: 'none' };
  let database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    // The embedded database's folder is the running server's alone (DataDirLocked), or the database is not reached.
    return { kind: 'unavailable', reason: `the register was not read (${error instanceof DataDirLocked ? error.message : (error as Error).message})` };
  }
  try {
    const { rows } = await database.pool.query<{ state: StructureState }>(`SELECT state FROM ${REGISTER_TABLE} WHERE structure_id = $1`, [STRUCTURE_ID]);
    return rows[0] ? { kind: 'read', state: rows[0].state } : { kind: 'none' };
  } catch (error) {
    // A database from before the register (its read model not made yet) holds none.
    if ((error as { code?: string }).code === '42P01') return { kind: 'none' };
    return { kind: 'unavailable', reason: `the register was not read: ${(error as Error).message}` };
  } finally {
    await database.close();
  }
}
