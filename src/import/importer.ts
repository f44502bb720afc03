import { AccessDenied, authorize } from '../auth/access-policy';
import { eventsToStore, foldEvents, idCreatedBy, streamIdOf } from '../command-handling/execute-with-decider';
import {
  comparePositions,
  formatPosition,
  type Actor,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '../event-store/event-store.port';
import type { QuestionState } from '../questions/contract';
import { organisationOf, questionDecider } from '../questions';
import type { Clock } from '../shared-kernel/clock';
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';
import { kindOf, readTable, sha256Of, type FileKind, type ImportFile, type RowRefusal } from './import-file';
import { columnOfRefusal, commandsOf, type RowCommand } from './import-rows';
import { DEFAULT_IMPORT_DIRECTORY, type ImportDirectory, type Step } from './import-template';
import { isEmpty, isMemberOn, structureFactsOf, structureIn, type StructureState } from '../register/contract';

/** What an import did, or (dry run) would do. */
export interface ImportReport {
  file: { name: string; sha256: string; kind: FileKind };
  dryRun: boolean;
  /** True when the events were stored: never with a refused row, never on a dry run. */
  imported: boolean;
  rows: number;
  /** The rows that create events (or would), in file order. */
  created: Array<{ row: number; question: string; questionId: string; step: Step; command: string; events: string[] }>;
  /** The rows whose events are stored already (the same row of an earlier import): nothing is appended for them. */
  alreadyImported: Array<{ row: number; question: string; step: Step }>;
  refusals: RowRefusal[];
  questions: number;
  events: number;
  /** The global position the import reached, when it stored events: pass it to reads to see them. */
  position?: string;
}

/** A store that appends to many streams in one transaction (the PostgreSQL adapter's `appendToStreams`). */
interface MultiStreamStore {
  appendToStreams(appends: Array<{ streamId: string; events: NewEvent[]; expectedRevision: ExpectedRevision }>): Promise<AppendResult[]>;
}

function canAppendToManyStreams(store: EventStore): store is EventStore & MultiStreamStore {
  return typeof (store as Partial<MultiStreamStore>).appendToStreams === 'function';
}

export class ImportNeedsTransactionError extends Error {
  constructor(adapter: string) {
    super(`Importing needs an event store that appends to many streams in one transaction (PostgreSQL); this one is ${adapter}`);
    this.name = 'ImportNeedsTransactionError';
  }
}

/**
 * Imports a file of the template: every row becomes its question command and
 * goes through the question's own decider against the question as stored
 * (and as the file's earlier rows leave it), with the row's date as the
 * effective day. A file imports whole or not at all: with any refused row,
 * nothing is stored, and the events of all rows are stored in one transaction.
 * A row stored by an earlier import (its command id is derived from its key)
 * is passed over, so the same file imported again appends nothing.
 */
export async function importFile(store: EventStore, clock: Clock, file: ImportFile, actor: Actor, options: { dryRun: boolean }): Promise<ImportReport> {
  const kind = kindOf(file);
  const sha256 = sha256Of(file.bytes);
  const table = await readTable(file);
  // The register says which organisations and forums a row may name, and their names (docs/structure.md); the default data's while it is empty.
  const structure = await structureIn(store);
  const facts = structureFactsOf(structure);
  const { commands, refusals: rowRefusals } = commandsOf(table.rows, directoryOf(structure));
  const refusals = [...table.refusals, ...rowRefusals];
  const now = clock.now().toISOString();
  const correlationId = idCreatedBy(sha256, 'import');
  const report: ImportReport = {
    file: { name: file.name, sha256, kind },
    dryRun: options.dryRun,
    imported: false,
    rows: table.rows.length,
    created: [],
    alreadyImported: [],
    refusals,
    questions: 0,
    events: 0,
  };

  const byQuestion = new Map<string, RowCommand[]>();
  for (const command of commands) byQuestion.set(command.questionKey, [...(byQuestion.get(command.questionKey) ?? []), command]);
  const appends: Array<{ streamId: string; events: NewEvent[]; expectedRevision: ExpectedRevision }> = [];
  for (const [questionKey, rows] of byQuestion) {
    const streamId = streamIdOf(questionDecider, rows[0].command.data.questionId);
    const history = await store.readStream(streamId);
    const stored = new Set(history.map((event) => event.metadata.commandId));
    let state: QuestionState = foldEvents(questionDecider, history);
    const events: NewEvent[] = [];
    for (const row of rows) {
      if (stored.has(row.commandId)) {
        report.alreadyImported.push({ row: row.row, question: questionKey, step: row.step });
        continue;
      }
      try {
        authorize(actor, row.command.type, organisationOf(row.command));
        // As the question's command handler checks it: a position names member organisations only, on its day (here the row's date).
        if (row.command.type === 'TakePosition' && facts) requireMembers(structure, row.command.data.organisationsToDecide, row.effectiveOn);
        const decided = questionDecider.decide(row.command, state, {
          actor,
          now,
          timeZone: clock.timeZone,
          effectiveOn: row.effectiveOn,
          ...(facts ? { structure: facts } : {}),
        });
        const reason = 'reason' in row.command.data ? row.command.data.reason : undefined;
        const toStore = eventsToStore(
          questionDecider,
          decided,
          { commandId: row.commandId, correlationId, actor },
          {
            now,
            effectiveOn: row.effectiveOn,
            reason,
            imported: {
              fileName: file.name,
              fileSha256: sha256,
              row: row.row,
              question: questionKey,
              ...(row.consultationKey !== undefined ? { consultation: row.consultationKey } : {}),
            },
          },
        );
        state = decided.reduce((folded, event) => questionDecider.evolve(folded, event, { occurredAt: now, actor, effectiveOn: row.effectiveOn }), state);
        events.push(...toStore);
        report.created.push({
          row: row.row,
          question: questionKey,
          questionId: row.command.data.questionId,
          step: row.step,
          command: row.command.type,
          events: decided.map((event) => event.type),
        });
      } catch (error) {
        refusals.push(refusalOf(row, error));
      }
    }
    if (events.length > 0) appends.push({ streamId, events, expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1 });
  }
  report.questions = appends.length;
  report.events = appends.reduce((sum, append) => sum + append.events.length, 0);
  refusals.sort((a, b) => a.row - b.row);
  if (options.dryRun || refusals.length > 0 || appends.length === 0) return report;

  if (!canAppendToManyStreams(store)) throw new ImportNeedsTransactionError(store.adapterName);
  const appended = await store.appendToStreams(appends);
  const last = appended
    .map((result) => result.position)
    .sort(comparePositions)
    .pop();
  return { ...report, imported: true, ...(last ? { position: formatPosition(last) } : {}) };
}

/** The register's organisations and forums (every Swedish name a forum has had), or the default data's while it is empty. */
function directoryOf(structure: StructureState): ImportDirectory {
  if (isEmpty(structure)) return DEFAULT_IMPORT_DIRECTORY;
  return {
    organisations: Object.values(structure.organisations).map(({ id, name }) => ({ id, name })),
    forums: Object.values(structure.forums).map((forum) => ({ id: forum.id, names: [...new Set(forum.versions.map((version) => version.nameSv))] })),
    source: 'the structure register (GET /organisations, GET /forums)',
  };
}

function requireMembers(structure: StructureState, organisationIds: readonly string[], date: string): void {
  const outside = organisationIds.filter((id) => !isMemberOn(structure, id, date));
  if (outside.length > 0) {
    throw new DomainRuleViolation(
      'organisation-not-a-member',
      `organisationsToDecide: ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not a member organisation on ${date} (see GET /register?asOf=${date})`,
    );
  }
}

function refusalOf(row: RowCommand, error: unknown): RowRefusal {
  if (error instanceof DomainRuleViolation) {
    const column = columnOfRefusal(error.rule, error.field, error.message);
    return { row: row.row, column, rule: error.rule, message: `Row ${row.row}, ${column}: ${error.message}` };
  }
  if (error instanceof AggregateNotFound) {
    return {
      row: row.row,
      column: 'fråga',
      rule: 'question-not-raised',
      message: `Row ${row.row}, fråga: question "${row.questionKey}" has no row "väckt" before this one`,
    };
  }
  if (error instanceof AccessDenied) {
    return { row: row.row, column: 'steg', rule: 'forbidden', message: `Row ${row.row}, steg: ${error.message}` };
  }
  throw error;
}
