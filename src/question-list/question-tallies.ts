import type { TallyShape } from '../projections/write-statement';

/** Questions per forum and stage (forum '' before one is set): the totals of the question list and the log. */
export const QUESTION_TALLY: TallyShape = {
  table: 'rm_question_tally',
  columns: [
    ['forum', 'text'],
    ['stage', 'text'],
    ['is_open', 'boolean'],
    ['questions', 'integer'],
  ],
  key: ['forum', 'stage'],
};

/**
 * How many questions rm_question_tally counts, by forum and stage (and only the
 * open ones, if asked): a sum over a few rows instead of counting every
 * question. Serves the totals of GET /questions and GET /log.
 */
export async function questionsInTally(
  query: (sql: string, params: unknown[]) => Promise<Array<{ n: number }>>,
  filter: { forum?: string; stage?: string; openOnly?: boolean },
): Promise<number> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (filter.openOnly) conditions.push('is_open');
  if (filter.forum) conditions.push(`forum = $${params.push(filter.forum)}`);
  if (filter.stage) conditions.push(`stage = $${params.push(filter.stage)}`);
  const [{ n }] = await query(
    `SELECT coalesce(sum(questions), 0)::int AS n FROM ${QUESTION_TALLY.table} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}`,
    params,
  );
  return n;
}
