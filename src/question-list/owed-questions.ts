import { EncodedJson } from '../database/encoded-json';
import type { WriteContext } from '../projections/projection';
import type { WriteStatement } from '../projections/write-statement';
import { type Obligation } from '../questions/contract';
import { addTally, bump, changes, type Counts } from './question-tallies';

/**
 * One row per organisation and question it owes something on, with the earliest
 * due date of what it owes and the question's title: one organisation's
 * outstanding log, in its default order, is a range of one index
 * (rm_question_owed_order), whatever the number of questions.
 */
export const OWED_QUESTION_TABLE = 'rm_question_owed';

/**
 * How many questions each organisation owes something on, per earliest due
 * date ('' for none): the total of its outstanding log, overdue or not, is a
 * sum over a few hundred rows instead of counting up to every question, so
 * it costs the same however many questions there are.
 */
export const OWED_TALLY_TABLE = 'rm_owed_tally';

/** The columns of rm_question_owed as the statement sends them: the key (organisation, question) first. */
const OWED_COLUMNS = [
  ['organisation_id', 'text'],
  ['question_id', 'text'],
  ['due', 'date'],
  ['title', 'text'],
] as const;

interface Owed {
  due: string | null;
  title: string;
}

/** What each organisation owes on one question, as the row it gets. */
function owedBy(title: string, obligations: Obligation[]): Map<string, Owed> {
  const owed = new Map<string, Owed>();
  for (const obligation of obligations) {
    if (obligation.status !== 'owed') continue;
    const earlier = owed.get(obligation.organisationId);
    const due = [earlier?.due ?? null, obligation.dueDate].filter((date): date is string => date !== null).sort()[0] ?? null;
    owed.set(obligation.organisationId, { due, title });
  }
  return owed;
}

/** The rows a batch changes: written for the organisations whose row differs, deleted for those that no longer owe. */
export class OwedQuestionChanges {
  private readonly upserts: Array<{ organisation_id: string; question_id: string; due: string | null; title: string }> = [];
  private readonly deletes: Array<{ organisation_id: string; question_id: string }> = [];

  add(questionId: string, before: { title: string; obligations: Obligation[] } | null, after: { title: string; obligations: Obligation[] }): void {
    const old = before ? owedBy(before.title, before.obligations) : new Map<string, Owed>();
    for (const [organisationId, was] of old) bump(this.tally, [organisationId, was.due ?? ''], -1);
    for (const [organisationId, owed] of owedBy(after.title, after.obligations)) {
      bump(this.tally, [organisationId, owed.due ?? ''], +1);
      const was = old.get(organisationId);
      if (!was || was.due !== owed.due || was.title !== owed.title) this.upserts.push({ organisation_id: organisationId, question_id: questionId, ...owed });
      old.delete(organisationId);
    }
    for (const organisationId of old.keys()) this.deletes.push({ organisation_id: organisationId, question_id: questionId });
  }

  /** Net change of rm_owed_tally per organisation and due date. */
  private readonly tally: Counts = new Map();
  private sealed: { deletes: EncodedJson | null; upserts: EncodedJson | null; tally: EncodedJson | null } | undefined;

  /** The changes as statement parameters: called when the batch is planned, so writing only sends (and by `addTo`, if not). */
  seal(): { deletes: EncodedJson | null; upserts: EncodedJson | null; tally: EncodedJson | null } {
    return (this.sealed ??= {
      deletes: EncodedJson.ofItems(this.deletes),
      upserts: EncodedJson.ofItems(this.upserts),
      tally: EncodedJson.ofItems(
        changes<[string, string]>(this.tally).map(([[organisationId, due], n]) => ({ organisation_id: organisationId, due, questions: n })),
      ),
    });
  }

  /** Deletes and upserts touch different rows (an organisation either still owes or no longer does), so both fit one statement. */
  addTo(statement: WriteStatement, context: WriteContext): void {
    const table = context.table(OWED_QUESTION_TABLE);
    const sealed = this.seal();
    if (sealed.deletes) statement.deleteRows('owed_deleted', table, sealed.deletes, OWED_COLUMNS.slice(0, 2));
    if (sealed.upserts) statement.upsertRows('owed_written', table, sealed.upserts, OWED_COLUMNS, ['organisation_id', 'question_id']);
    addTally(statement, 'owed_tally', context.table(OWED_TALLY_TABLE), sealed.tally, {
      columns: [
        ['organisation_id', 'text'],
        ['due', 'text'],
        ['questions', 'integer'],
      ],
      key: ['organisation_id', 'due'],
    });
  }
}
