/**
 * Rows of the template into question commands: the checks of each column
 * (present, a date, a known organisation …) with the column's name, and the
 * stable keys that make importing the same file twice append nothing. Pure.
 */
import { createHash } from 'node:crypto';
import { isCalendarDate } from '../shared-kernel/calendar';
import type { DecisionBody, DecisionOutcome, QuestionCommand, QuestionRaiser } from '../questions';
import type { OrganisationId } from '../reference-data/organisations';
import type { RowRefusal, TableRow } from './import-file';
import {
  BODY_VALUES,
  COLUMNS,
  DEFAULT_IMPORT_DIRECTORY,
  LOGIC_VALUES,
  OUTCOME_VALUES,
  STEPS,
  STEP_COLUMNS,
  forumNamed,
  organisationNamed,
  valueOf,
  type Column,
  type ImportDirectory,
  type Step,
} from './import-template';

/** A row read into the command it records. */
export interface RowCommand {
  row: number;
  /** The question's key in the file (column fråga). */
  questionKey: string;
  step: Step;
  /** The row's stable key: question, step, organisation, and which such row of the question it is. */
  rowKey: string;
  /** Derived from the row key: the same row imported again is the same command, which the store holds once. */
  commandId: string;
  effectiveOn: string;
  command: QuestionCommand;
  /** The consultation's key in the file (column remiss), for a consultation's rows: kept in the events' metadata, so the export writes it again. */
  consultationKey?: string;
}

/** A UUID (version 8) from text: the same text, the same id. */
function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The question a key in the file names: the same key in any file, the same
 * question. A key that is a UUID is the question's id itself, so a question
 * exported from Frågespår (its key is its id) keeps its id when imported.
 */
export function importedQuestionId(questionKey: string): string {
  return UUID.test(questionKey) ? questionKey.toLowerCase() : uuidOf(`fragespar-import-v1:question:${questionKey}`);
}

/** The consultation a key in the file names within its question; a key that is a UUID is the consultation's id itself (what the export writes for one not imported). */
export function importedConsultationId(questionKey: string, consultationKey: string): string {
  return UUID.test(consultationKey) ? consultationKey.toLowerCase() : uuidOf(`fragespar-import-v1:consultation:${questionKey}\u001f${consultationKey}`);
}

export function importedCommandId(rowKey: string): string {
  return uuidOf(`fragespar-import-v1:row:${rowKey}`);
}

class RowError extends Error {
  constructor(
    readonly column: Column,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The commands of the rows, in file order, and the rows refused with their column and rule. */
export function commandsOf(rows: TableRow[], directory: ImportDirectory = DEFAULT_IMPORT_DIRECTORY): { commands: RowCommand[]; refusals: RowRefusal[] } {
  const commands: RowCommand[] = [];
  const refusals: RowRefusal[] = [];
  const occurrences = new Map<string, number>();
  for (const row of rows) {
    try {
      const read = readRow(row, directory);
      const sameKind = [read.questionKey, read.step, read.organisation ?? '']
        .concat(read.consultationKey !== undefined ? [read.consultationKey] : [])
        .join('\u001f');
      const occurrence = (occurrences.get(sameKind) ?? 0) + 1;
      occurrences.set(sameKind, occurrence);
      const rowKey = `${sameKind}\u001f${occurrence}`;
      commands.push({
        row: row.rowNumber,
        questionKey: read.questionKey,
        step: read.step,
        rowKey,
        commandId: importedCommandId(rowKey),
        effectiveOn: read.effectiveOn,
        command: read.command,
        ...(read.consultationKey !== undefined ? { consultationKey: read.consultationKey } : {}),
      });
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      refusals.push({ row: row.rowNumber, column: error.column, rule: error.rule, message: `Row ${row.rowNumber}, ${error.column}: ${error.message}` });
    }
  }
  return { commands, refusals };
}

function readRow(
  row: TableRow,
  directory: ImportDirectory,
): {
  questionKey: string;
  step: Step;
  effectiveOn: string;
  organisation?: OrganisationId;
  consultationKey?: string;
  command: QuestionCommand;
} {
  const cell = (column: Column) => row.cells[column];
  const organisation = (column: Column, text: string) => organisationIn(directory, column, text);
  const forum = (text: string) => forumIn(directory, text);
  const raiser = (text: string) => raiserIn(directory, text);
  const required = (column: Column): string => {
    const value = cell(column);
    if (value === undefined)
      throw new RowError(column, 'required', `is required${column === 'fråga' || column === 'steg' || column === 'datum' ? '' : ` for this step`}`);
    return value;
  };
  const questionKey = required('fråga');
  const stepText = required('steg').toLocaleLowerCase('sv-SE');
  if (!(STEPS as readonly string[]).includes(stepText)) throw new RowError('steg', 'unknown-step', `"${stepText}" is not a step; one of ${STEPS.join(', ')}`);
  const step = stepText as Step;
  const effectiveOn = date('datum', required('datum'));
  const { required: needed, optional } = STEP_COLUMNS[step];
  const used = new Set<Column>(['fråga', 'steg', 'datum', ...needed, ...optional]);
  for (const column of COLUMNS) {
    if (!used.has(column) && cell(column) !== undefined) throw new RowError(column, 'not-used-by-step', `is not used by step ${step}; leave it empty`);
  }
  needed.forEach(required);
  const questionId = importedQuestionId(questionKey);
  const base = { questionKey, step, effectiveOn };
  switch (step) {
    case 'väckt':
      return {
        ...base,
        command: {
          type: 'RaiseQuestion',
          data: {
            questionId,
            title: required('titel'),
            description: required('beskrivning'),
            raisedBy: raiser(required('väckt av')),
            topicArea: required('sakområde'),
            documents: [],
          },
        },
      };
    case 'beredd': {
      const logic = valueOf(LOGIC_VALUES, required('logik'));
      if (!logic) throw new RowError('logik', 'unknown-logic', `"${cell('logik')}" is neither process nor beslut`);
      const responsible = {
        givenName: required('ansvarig förnamn'),
        familyName: required('ansvarig efternamn'),
        organisationId: organisation('ansvarig organisation', required('ansvarig organisation')),
      };
      return { ...base, command: { type: 'AcceptQuestion', data: { questionId, forum: forum(required('forum')), logic, responsible } } };
    }
    case 'dialog': {
      const meetingReference = cell('referens');
      return {
        ...base,
        command: {
          type: 'RecordDialogue',
          data: {
            questionId,
            forum: forum(required('forum')),
            heldOn: effectiveOn,
            summary: required('text'),
            ...(meetingReference !== undefined ? { meetingReference } : {}),
          },
        },
      };
    }
    case 'beslutsunderlag':
      return {
        ...base,
        command: {
          type: 'AttachDecisionDocument',
          data: { questionId, reference: required('referens'), title: required('titel'), proposedPosition: required('text') },
        },
      };
    case 'ställningstagande': {
      const organisationsToDecide = required('organisationer')
        .split(/[,\n]/)
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .map((name) => organisation('organisationer', name));
      const meetingReference = cell('referens');
      return {
        ...base,
        command: {
          type: 'TakePosition',
          data: {
            questionId,
            text: required('text'),
            organisationsToDecide,
            decideBy: date('beslut senast', required('beslut senast')),
            ...(meetingReference !== undefined ? { meetingReference } : {}),
          },
        },
      };
    }
    case 'beslut': {
      const organisationId = organisation('organisation', required('organisation'));
      const body = valueOf(BODY_VALUES, required('beslutsorgan'));
      if (!body) throw new RowError('beslutsorgan', 'unknown-body', `"${cell('beslutsorgan')}" is not a body: KF, KS, nämnd, RF, RS or regional nämnd`);
      const outcome = valueOf(OUTCOME_VALUES, required('utfall'));
      if (!outcome)
        throw new RowError('utfall', 'unknown-outcome', `"${cell('utfall')}" is not an outcome: bifallit, bifallit med ändringar, avslagit or avstår`);
      const note = cell('text');
      const decidedOn = cell('beslutsdatum');
      const bodyName = cell('organets namn');
      return {
        ...base,
        organisation: organisationId,
        command: {
          type: 'RecordMemberDecision',
          data: {
            questionId,
            organisationId,
            body,
            ...(bodyName !== undefined ? { bodyName } : {}),
            // The day the body decided; the row's datum when the file does not say (the day it happened is the day it was decided).
            decidedOn: decidedOn !== undefined ? date('beslutsdatum', decidedOn) : effectiveOn,
            outcome,
            reference: required('referens'),
            ...(note !== undefined ? { note } : {}),
          },
        },
      };
    }
    case 'avslutad':
      return { ...base, command: { type: 'CloseQuestion', data: { questionId, reason: required('skäl') } } };
    case 'återkallad':
      return { ...base, command: { type: 'WithdrawQuestion', data: { questionId, reason: required('skäl') } } };
    case 'avvisad':
      return { ...base, command: { type: 'DeclineQuestion', data: { questionId, reason: required('skäl') } } };
    case 'återöppnad':
      return { ...base, command: { type: 'ReopenQuestion', data: { questionId, reason: required('skäl') } } };
    case 'återförvisad':
      return { ...base, command: { type: 'SendBackToDialogue', data: { questionId, reason: required('skäl') } } };
    case 'flyttad':
      return { ...base, command: { type: 'MoveQuestionToForum', data: { questionId, forum: forum(required('forum')), reason: required('skäl') } } };
    case 'bordlagd':
      return {
        ...base,
        command: {
          type: 'TableQuestion',
          data: { questionId, forum: forum(required('forum')), heldOn: effectiveOn, meetingReference: required('referens'), summary: required('text') },
        },
      };
    case 'inspel': {
      const organisationId = organisation('organisation', required('organisation'));
      return { ...base, organisation: organisationId, command: { type: 'SubmitInput', data: { questionId, organisationId, content: required('text') } } };
    }
    case 'remiss': {
      const consultationKey = required('remiss');
      const parties = required('organisationer')
        .split(/[,\n]/)
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .map((name) => organisation('organisationer', name));
      return {
        ...base,
        consultationKey,
        command: {
          type: 'OpenConsultation',
          data: {
            questionId,
            consultationId: importedConsultationId(questionKey, consultationKey),
            subject: required('titel'),
            parties,
            answerBy: date('svar senast', required('svar senast')),
          },
        },
      };
    }
    case 'remissvar': {
      const consultationKey = required('remiss');
      const organisationId = organisation('organisation', required('organisation'));
      return {
        ...base,
        organisation: organisationId,
        consultationKey,
        command: {
          type: 'AnswerConsultation',
          data: { questionId, consultationId: importedConsultationId(questionKey, consultationKey), organisationId, answer: required('text') },
        },
      };
    }
    case 'remiss avslutad': {
      const consultationKey = required('remiss');
      return {
        ...base,
        consultationKey,
        command: { type: 'CloseConsultation', data: { questionId, consultationId: importedConsultationId(questionKey, consultationKey) } },
      };
    }
    case 'beslut rättat': {
      const organisationId = organisation('organisation', required('organisation'));
      const note = cell('text');
      const decidedOn = cell('beslutsdatum');
      const bodyName = cell('organets namn');
      return {
        ...base,
        organisation: organisationId,
        command: {
          type: 'CorrectMemberDecision',
          data: {
            questionId,
            organisationId,
            body: body(required('beslutsorgan')),
            ...(bodyName !== undefined ? { bodyName } : {}),
            decidedOn: decidedOn !== undefined ? date('beslutsdatum', decidedOn) : effectiveOn,
            outcome: outcome(required('utfall')),
            reference: required('referens'),
            reason: required('skäl'),
            ...(note !== undefined ? { note } : {}),
          },
        },
      };
    }
    case 'återkoppling': {
      const organisationId = organisation('organisation', required('organisation'));
      const summary = cell('text');
      return {
        ...base,
        organisation: organisationId,
        command: {
          type: 'RecordFeedbackAtHome',
          data: {
            questionId,
            organisationId,
            reportedTo: required('återkopplat till'),
            reportedOn: effectiveOn,
            ...(summary !== undefined ? { summary } : {}),
          },
        },
      };
    }
  }
}

function body(text: string): DecisionBody {
  const found = valueOf(BODY_VALUES, text);
  if (!found) throw new RowError('beslutsorgan', 'unknown-body', `"${text}" is not a body: KF, KS, nämnd, RF, RS or regional nämnd`);
  return found;
}

function outcome(text: string): DecisionOutcome {
  const found = valueOf(OUTCOME_VALUES, text);
  if (!found) throw new RowError('utfall', 'unknown-outcome', `"${text}" is not an outcome: bifallit, bifallit med ändringar, avslagit or avstår`);
  return found;
}

function date(column: Column, text: string): string {
  if (!isCalendarDate(text)) throw new RowError(column, 'invalid-date', `"${text}" is not a date written YYYY-MM-DD`);
  return text;
}

function organisationIn(directory: ImportDirectory, column: Column, text: string): OrganisationId {
  const found = organisationNamed(text, directory);
  if (!found) throw new RowError(column, 'unknown-organisation', `"${text}" is no organisation in ${directory.source} (id or name)`);
  return found;
}

function forumIn(directory: ImportDirectory, text: string) {
  const found = forumNamed(text, directory);
  if (!found) throw new RowError('forum', 'unknown-forum', `"${text}" is no forum in ${directory.source} (id or name)`);
  return found;
}

function raiserIn(directory: ImportDirectory, text: string): QuestionRaiser {
  const organisationId = organisationNamed(text, directory);
  if (organisationId) return { kind: 'organisation', id: organisationId };
  const forumId = forumNamed(text, directory);
  if (forumId) return { kind: 'forum', id: forumId };
  throw new RowError('väckt av', 'unknown-raiser', `"${text}" is neither an organisation nor a forum in ${directory.source} (id or name)`);
}

/** The column a refusal of the decider is about, from the field it names or else its rule. */
export function columnOfRefusal(rule: string, field: string | undefined, message: string): Column {
  const named = field ?? /^(\S+?)(?::| must)/.exec(message)?.[1];
  const byField: Record<string, Column> = {
    effectiveOn: 'datum',
    heldOn: 'datum',
    decidedOn: 'datum',
    bodyName: 'organets namn',
    decideBy: 'beslut senast',
    title: 'titel',
    description: 'beskrivning',
    topicArea: 'sakområde',
    summary: 'text',
    proposedPosition: 'text',
    text: 'text',
    note: 'text',
    reference: 'referens',
    meetingReference: 'referens',
    organisationId: 'organisation',
    organisationsToDecide: 'organisationer',
    'responsible.givenName': 'ansvarig förnamn',
    'responsible.familyName': 'ansvarig efternamn',
    'responsible.organisationId': 'ansvarig organisation',
    consultationId: 'remiss',
    subject: 'titel',
    parties: 'organisationer',
    answerBy: 'svar senast',
    answer: 'text',
    content: 'text',
    reportedTo: 'återkopplat till',
    reportedOn: 'datum',
    forum: 'forum',
    reason: 'skäl',
  };
  if (named !== undefined && byField[named]) return byField[named];
  const byRule: Record<string, Column> = {
    'question-already-exists': 'fråga',
    'organisation-not-named-in-position': 'organisation',
    'decision-already-recorded': 'organisation',
    'feedback-organisation-not-involved': 'organisation',
    'body-does-not-match-organisation': 'beslutsorgan',
    'unknown-decision-outcome': 'utfall',
    'unknown-forum': 'forum',
    'same-forum': 'forum',
    'reason-required': 'skäl',
    'duplicate-organisation': 'organisationer',
    'unknown-consultation': 'remiss',
    'consultation-closed': 'remiss',
    'consultation-already-closed': 'remiss',
    'consultation-already-exists': 'remiss',
    'organisation-not-consultation-party': 'organisation',
    'no-decision-to-correct': 'organisation',
  };
  return byRule[rule] ?? 'steg';
}
