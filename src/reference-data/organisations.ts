/**
 * The 17 parties (parter) of Samverkan Värmland: the region and the county's 16
 * municipalities. Fixed reference data, not event-sourced: membership is set by the
 * collaboration agreement, and a change to it is a code change with a review.
 */

export type OrganisationKind = 'region' | 'municipality';

// `as const` keeps the ids as literal types, so OrganisationId is a closed union.
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

/** Id of a member organisation (part), e.g. `karlstad` or `region-varmland`. */
export type OrganisationId = (typeof organisationList)[number]['id'];

export interface Organisation {
  readonly id: OrganisationId;
  /** Official Swedish name, e.g. "Karlstads kommun". */
  readonly name: string;
  readonly kind: OrganisationKind;
}

export const ORGANISATIONS: readonly Organisation[] = organisationList;

export const ORGANISATION_IDS: readonly OrganisationId[] = ORGANISATIONS.map((organisation) => organisation.id);

export function isOrganisationId(value: unknown): value is OrganisationId {
  return typeof value === 'string' && (ORGANISATION_IDS as readonly string[]).includes(value);
}

export function findOrganisation(id: OrganisationId): Organisation {
  const organisation = ORGANISATIONS.find((candidate) => candidate.id === id);
  // Unreachable for a well-typed id; guards against an unchecked string cast to OrganisationId.
  if (!organisation) throw new Error(`Unknown organisation id: ${id}`);
  return organisation;
}
