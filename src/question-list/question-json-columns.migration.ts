import { MigrationInterface, QueryRunner } from 'typeorm';
import { SHADOW_SUFFIX } from '../projections/shadow-tables';

/**
 * The JSON columns question-views writes and only ever reads whole — an
 * obligation's `details`, a question's `next_step_owner` and
 * `decision_documents` — become `json` instead of `jsonb`. Nothing queries
 * inside them, and writing `jsonb` parses every value into its binary form:
 * for a batch's ~1,800 obligation rows that costs the database over half as
 * much time again as `json` (docs/performance.md, "Design choices for speed"). `json` keeps the text
 * as sent and has no equality, so the replay check compares such columns as
 * jsonb (src/audit/replay-check.ts). A rebuild still in progress has its
 * shadow copies altered alike; the live rows keep their values.
 */
const COLUMNS: Array<[table: string, column: string]> = [
  ['rm_question_obligation', 'details'],
  ['rm_question', 'next_step_owner'],
  ['rm_question', 'decision_documents'],
];

/** Each table's columns as `type`, in the live table and in a rebuild's shadow copy if there is one. */
async function retype(queryRunner: QueryRunner, type: 'json' | 'jsonb'): Promise<void> {
  for (const table of new Set(COLUMNS.map(([t]) => t))) {
    const alterations = COLUMNS.filter(([t]) => t === table).map(([, column]) => `ALTER COLUMN ${column} TYPE ${type} USING ${column}::${type}`);
    for (const name of [table, table + SHADOW_SUFFIX]) await queryRunner.query(`ALTER TABLE IF EXISTS ${name} ${alterations.join(', ')}`);
  }
}

export class QuestionJsonColumns1764000001900 implements MigrationInterface {
  name = 'QuestionJsonColumns1764000001900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await retype(queryRunner, 'json');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await retype(queryRunner, 'jsonb');
  }
}
