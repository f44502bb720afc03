/**
 * The import and export template (mall): one row per step of a question, with
 * Swedish column names, as the working group's spreadsheet of the outstanding
 * log can be brought to. docs/import.md describes it for people; this file is
 * what reads and writes it. Pure: no framework, no I/O.
 */
import { FORUMS, type ForumId } from '../reference-data/forums';
import { ORGANISATIONS, type OrganisationId } from '../reference-data/organisations';
import type { DecisionBody, DecisionOutcome, QuestionLogic } from '../questions/contract';

/** The columns, in the template's order. A file may leave out columns it does not use, and order them freely. */
export const COLUMNS = [
  'fråga',
  'steg',
  'datum',
  'titel',
  'beskrivning',
  'väckt av',
  'sakområde',
  'forum',
  'logik',
  'ansvarig förnamn',
  'ansvarig efternamn',
  'ansvarig organisation',
  'text',
  'referens',
  'organisationer',
  'beslut senast',
  'organisation',
  'beslutsorgan',
  'organets namn',
  'utfall',
  'skäl',
  'remiss',
  'svar senast',
  'beslutsdatum',
  'återkopplat till',
] as const;

export type Column = (typeof COLUMNS)[number];

/** The steps (steg) a row can record, each one question command: every command a question takes. */
export const STEPS = [
  'väckt',
  'beredd',
  'avvisad',
  'flyttad',
  'dialog',
  'bordlagd',
  'inspel',
  'remiss',
  'remissvar',
  'remiss avslutad',
  'beslutsunderlag',
  'ställningstagande',
  'återförvisad',
  'beslut',
  'beslut rättat',
  'återkoppling',
  'avslutad',
  'återkallad',
  'återöppnad',
] as const;
export type Step = (typeof STEPS)[number];

/** The columns each step requires (besides fråga, steg and datum, which every row has) and those it may have. */
export const STEP_COLUMNS: Record<Step, { required: readonly Column[]; optional: readonly Column[] }> = {
  väckt: { required: ['titel', 'beskrivning', 'väckt av', 'sakområde'], optional: [] },
  beredd: { required: ['forum', 'logik', 'ansvarig förnamn', 'ansvarig efternamn', 'ansvarig organisation'], optional: [] },
  avvisad: { required: ['skäl'], optional: [] },
  flyttad: { required: ['forum', 'skäl'], optional: [] },
  dialog: { required: ['forum', 'text'], optional: ['referens'] },
  bordlagd: { required: ['forum', 'text', 'referens'], optional: [] },
  inspel: { required: ['organisation', 'text'], optional: [] },
  remiss: { required: ['remiss', 'titel', 'organisationer', 'svar senast'], optional: [] },
  remissvar: { required: ['remiss', 'organisation', 'text'], optional: [] },
  'remiss avslutad': { required: ['remiss'], optional: [] },
  beslutsunderlag: { required: ['referens', 'titel', 'text'], optional: [] },
  ställningstagande: { required: ['text', 'organisationer', 'beslut senast'], optional: ['referens'] },
  återförvisad: { required: ['skäl'], optional: [] },
  beslut: { required: ['organisation', 'beslutsorgan', 'utfall', 'referens'], optional: ['text', 'beslutsdatum', 'organets namn'] },
  'beslut rättat': { required: ['organisation', 'beslutsorgan', 'utfall', 'referens', 'skäl'], optional: ['text', 'beslutsdatum', 'organets namn'] },
  återkoppling: { required: ['organisation', 'återkopplat till'], optional: ['text'] },
  avslutad: { required: ['skäl'], optional: [] },
  återkallad: { required: ['skäl'], optional: [] },
  återöppnad: { required: ['skäl'], optional: [] },
};

export const LOGIC_VALUES: Record<string, QuestionLogic> = {
  process: 'process',
  processlogik: 'process',
  beslut: 'decision',
  beslutslogik: 'decision',
};

/** Beslutsorgan as people write them; the English ids are taken too. */
export const BODY_VALUES: Record<string, DecisionBody> = {
  kf: 'municipal-council',
  kommunfullmäktige: 'municipal-council',
  ks: 'municipal-executive-board',
  kommunstyrelsen: 'municipal-executive-board',
  nämnd: 'committee',
  rf: 'regional-council',
  regionfullmäktige: 'regional-council',
  rs: 'regional-board',
  regionstyrelsen: 'regional-board',
  'regional nämnd': 'regional-committee',
  'municipal-council': 'municipal-council',
  'municipal-executive-board': 'municipal-executive-board',
  committee: 'committee',
  'regional-council': 'regional-council',
  'regional-board': 'regional-board',
  'regional-committee': 'regional-committee',
};

export const OUTCOME_VALUES: Record<string, DecisionOutcome> = {
  bifallit: 'adopted',
  'bifallit med ändringar': 'adopted-with-changes',
  avslagit: 'rejected',
  avstår: 'will-not-decide',
  adopted: 'adopted',
  'adopted-with-changes': 'adopted-with-changes',
  rejected: 'rejected',
  'will-not-decide': 'will-not-decide',
};

/** What the export writes for a value: the first Swedish word of each table above. */
export const LOGIC_LABEL: Record<QuestionLogic, string> = { process: 'process', decision: 'beslut' };
export const BODY_LABEL: Record<DecisionBody, string> = {
  'municipal-council': 'KF',
  'municipal-executive-board': 'KS',
  committee: 'nämnd',
  'regional-council': 'RF',
  'regional-board': 'RS',
  'regional-committee': 'regional nämnd',
};
export const OUTCOME_LABEL: Record<DecisionOutcome, string> = {
  adopted: 'bifallit',
  'adopted-with-changes': 'bifallit med ändringar',
  rejected: 'avslagit',
  'will-not-decide': 'avstår',
};

const normalise = (text: string) => text.trim().toLocaleLowerCase('sv-SE');

/**
 * The organisations and forums a file's ids and names are looked up in: the
 * structure register's (docs/structure.md), so another collaboration's file
 * imports with no code change, or — while the register is empty — the
 * default data's (Värmland's 17 and its forums).
 */
export interface ImportDirectory {
  organisations: ReadonlyArray<{ id: OrganisationId; name: string }>;
  /** Each forum with every Swedish name it has had. */
  forums: ReadonlyArray<{ id: ForumId; names: readonly string[] }>;
  /** Where the ids were looked up, for a refusal's sentence. */
  source: string;
}

export const DEFAULT_IMPORT_DIRECTORY: ImportDirectory = {
  organisations: ORGANISATIONS,
  forums: FORUMS.map((forum) => ({ id: forum.id, names: [forum.nameSv, ...(forum.formerNameSv ? [forum.formerNameSv] : [])] })),
  source: 'the default structure (Samverkan Värmland)',
};

/** An organisation by id (`karlstad`) or name (`Karlstads kommun`). */
export function organisationNamed(text: string, directory: ImportDirectory = DEFAULT_IMPORT_DIRECTORY): OrganisationId | undefined {
  const wanted = normalise(text);
  return directory.organisations.find((organisation) => organisation.id === wanted || normalise(organisation.name) === wanted)?.id;
}

/** A forum by id (`council`) or Swedish name (`Värmlandsrådet`, also a former name). */
export function forumNamed(text: string, directory: ImportDirectory = DEFAULT_IMPORT_DIRECTORY): ForumId | undefined {
  const wanted = normalise(text);
  return directory.forums.find((forum) => forum.id === wanted || forum.names.some((name) => normalise(name) === wanted))?.id;
}

/** A value of one of the tables above, read case-insensitively. */
export function valueOf<T>(table: Record<string, T>, text: string): T | undefined {
  const key = normalise(text);
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
