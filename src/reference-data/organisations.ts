/**
 * The 17 parties (parter) of Samverkan Värmland: the region and the county's 16
 * municipalities. Default data only: the structure register
 * (docs/structure.md) says which organisations take part, from its seed file
 * (Värmland's by default, another county's with STRUCTURE_FILE). These lists
 * answer while the register is empty, and name the ids events stored before
 * the register used; they gate no input.
 */

import type { Language } from '../shared-kernel/language';
import { isForumId } from './forums';

/** `other`: an organisation of another collaboration that is neither (the register's kinds). */
export type OrganisationKind = 'region' | 'municipality' | 'other';

const organisationList = [
  { id: 'region-varmland', name: 'Region Värmland', kind: 'region' },
  { id: 'arvika', name: 'Arvika kommun', kind: 'municipality' },
  { id: 'eda', name: 'Eda kommun', kind: 'municipality' },
  { id: 'filipstad', name: 'Filipstads kommun', kind: 'municipality' },
  { id: 'forshaga', name: 'Forshaga kommun', kind: 'municipality' },
  { id: 'grums', name: 'Grums kommun', kind: 'municipality' },
  { id: 'hagfors', name: 'Hagfors kommun', kind: 'municipality' },
  { id: 'hammaro', name: 'Hammarö kommun', kind: 'municipality' },
  { id: 'karlstad', name: 'Karlstads kommun', kind: 'municipality' },
  { id: 'kil', name: 'Kils kommun', kind: 'municipality' },
  { id: 'kristinehamn', name: 'Kristinehamns kommun', kind: 'municipality' },
  { id: 'munkfors', name: 'Munkfors kommun', kind: 'municipality' },
  { id: 'storfors', name: 'Storfors kommun', kind: 'municipality' },
  { id: 'sunne', name: 'Sunne kommun', kind: 'municipality' },
  { id: 'saffle', name: 'Säffle kommun', kind: 'municipality' },
  { id: 'torsby', name: 'Torsby kommun', kind: 'municipality' },
  { id: 'arjang', name: 'Årjängs kommun', kind: 'municipality' },
] as const satisfies readonly { id: string; name: string; kind: OrganisationKind }[];

/**
 * Id of a member organisation (part), e.g. `karlstad` or `region-varmland`: an
 * open string (lower-case letters, digits and hyphens, `ID_PATTERN`); whether it
 * names a member is the register's to say, on a date.
 */
export type OrganisationId = string;

/** What an id of an organisation or a forum looks like (the register's `invalid-id` rule). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export interface Organisation {
  readonly id: OrganisationId;
  /** Official Swedish name, e.g. "Karlstads kommun". */
  readonly name: string;
  readonly kind: OrganisationKind;
}

export const ORGANISATIONS: readonly Organisation[] = organisationList;

export const ORGANISATION_IDS: readonly OrganisationId[] = ORGANISATIONS.map((organisation) => organisation.id);

/** One of Värmland's 17 (the default data): not whether an id names a member, which the register says. */
export function isOrganisationId(value: unknown): value is OrganisationId {
  return typeof value === 'string' && (ORGANISATION_IDS as readonly string[]).includes(value);
}

/**
 * One of the default data's organisations; any other id (another
 * collaboration's, which the register names: StructureDirectory) is named by
 * its id, of kind `other`.
 */
export function findOrganisation(id: OrganisationId): Organisation {
  return ORGANISATIONS.find((candidate) => candidate.id === id) ?? { id, name: id, kind: 'other' };
}

/**
 * The organisations and forums a command may name, as its decider asks: those
 * the structure register knows (on any date; docs/structure.md), which the
 * command handler hands in as facts, or — while the register is empty and no
 * facts come — the default data's (Värmland's 17 and its forums). Whether an
 * organisation is a member on a given date is the register's own check.
 */
export interface KnownIds {
  organisationKind(id: string): OrganisationKind | undefined;
  isForum(id: string): boolean;
  /** Where the ids were looked up, for a refusal's sentence. */
  readonly source: string;
}

export function knownIds(structure?: { organisations?: Readonly<Record<string, { kind: OrganisationKind }>>; forums?: readonly string[] }): KnownIds {
  const organisations = structure?.organisations;
  const forums = structure?.forums;
  return {
    organisationKind: (id) =>
      organisations ? (Object.hasOwn(organisations, id) ? organisations[id].kind : undefined) : ORGANISATIONS.find((o) => o.id === id)?.kind,
    isForum: (id) => (forums ? forums.includes(id) : isForumId(id)),
    source: organisations ? 'the structure register (GET /organisations, GET /forums)' : 'the default structure (GET /organisations, GET /forums)',
  };
}

const ORGANISATION_NAMES = new Map<string, string>(ORGANISATIONS.map((o) => [o.id, o.name]));

/**
 * The names an organisation or forum is shown by: the structure register's
 * (today's for a forum; RegisterReader.names), so another collaboration's are
 * named, not shown as ids. Undefined where the register does not know the id,
 * or while it is empty: then the default data's name, or the id.
 */
export interface StructureNames {
  organisation(id: string): string | undefined;
  forum(id: string, language: Language): string | undefined;
  /** The forum that stands for the chairs' council today (CHAIRS_COUNCIL, forums.ts), where the register has one. */
  chairsCouncil?(): string | undefined;
}

/** An organisation as the read endpoints name it: its id and name (the register's, else this list's, else the id). */
export function organisationRef(id: string, names?: StructureNames): { id: string; name: string } {
  return { id, name: names?.organisation(id) ?? ORGANISATION_NAMES.get(id) ?? id };
}
