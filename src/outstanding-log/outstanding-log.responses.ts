import { ApiProperty, OmitType } from '@nestjs/swagger';
import { PageInfoSchema, described } from '../http/openapi/common.schemas';
import { QuestionSummary } from '../question-list/contract';

/** What GET /log answers (outstanding-log.reader.ts): each question with its open items, and open assignments and meeting items. */

export class OutstandingLogRow extends OmitType(QuestionSummary, ['openItems'] as const) {
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The earliest due date of its open items shown' }) dueDate!: string | null;

  @ApiProperty(
    described(
      'What is open on it: question obligations (source question: kind, label, status, organisation, dueDate, owedBy …), ' +
        'assignments (source assignment: assignmentId, title, status, dueDate, owedBy person) and meeting items (source meeting: meeting, itemId, status)',
      { array: true },
    ),
  )
  openItems!: object[];
}

export class OutstandingLogPage extends PageInfoSchema {
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty({ type: [OutstandingLogRow] }) items!: OutstandingLogRow[];
}
