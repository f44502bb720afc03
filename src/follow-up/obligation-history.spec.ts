import { OBLIGATION_COLUMNS } from './follow-up-history.projection';
import { type ObligationRow, sameObligationRow } from './obligation-history';

const ROW = {
  question_id: 'q-1',
  obligation_key: 'consultation:c-1:org-1',
  kind: 'consultation-answer',
  organisation_id: 'org-1',
  status: 'done',
  due_date: '2026-04-30',
  done_on: '2026-04-02',
  reference: 'ref',
  outcome: null,
  details: { consultationId: 'c-1', subject: 'Remiss', answerBy: '2026-04-30', answer: 'yes', amended: false },
  title: 'En fråga',
} as unknown as ObligationRow;

describe('sameObligationRow', () => {
  it('is true of equal rows, whose details are different objects', () => {
    expect(sameObligationRow(ROW, { ...ROW, details: { ...ROW.details } } as ObligationRow)).toBe(true);
  });

  it.each(OBLIGATION_COLUMNS.map(([column]) => column))('is false of rows that differ in %s only', (column) => {
    const other = { ...ROW, [column]: column === 'details' ? { ...ROW.details, answer: 'no' } : 'other' } as ObligationRow;
    expect(sameObligationRow(ROW, other)).toBe(false);
    expect(sameObligationRow(other, ROW)).toBe(false);
  });

  it('is false of details with a member more or less', () => {
    const more = { ...ROW, details: { ...ROW.details, note: null } } as unknown as ObligationRow;
    expect(sameObligationRow(ROW, more)).toBe(false);
    expect(sameObligationRow(more, ROW)).toBe(false);
  });
});
