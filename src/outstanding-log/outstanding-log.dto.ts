import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { OrganisationId } from '../reference-data/organisations';
import { QuestionFilterDto } from '../question-list/contract';
import { IsStructureId } from '../http/validators';

export const LOG_SORTS = ['dueDate', '-dueDate', 'lastChangedAt', '-lastChangedAt', 'title', '-title', 'lastMeeting', '-lastMeeting'] as const;
export type LogSort = (typeof LOG_SORTS)[number];

/** GET /log: filters (forum, stage, topic, q from the question list; organisation, overdue), sorting and paging. */
export class OutstandingLogQueryDto extends QuestionFilterDto {
  @ApiPropertyOptional({ example: 'karlstad', description: 'Only what this organisation owes (questions and their items)' })
  @IsOptional()
  @IsStructureId('organisation')
  organisation?: OrganisationId;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only overdue items (and questions with one); false: questions with nothing overdue' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: '$property must be true or false' })
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: LOG_SORTS,
    default: 'dueDate',
    description: 'dueDate: overdue first, then the earliest due date; questions with nothing due last',
  })
  @IsOptional()
  @IsIn(LOG_SORTS, { message: `$property must be one of ${LOG_SORTS.join(', ')}` })
  sort?: LogSort;
}
