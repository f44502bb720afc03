import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { PagedQueryDto } from '../http/read-query.dto';
import { IsCalendarDate, IsStructureId } from '../http/validators';
import type { ForumId } from '../reference-data/forums';

/**
 * GET /organisations/:id/follow-up: the counts, and a page of what the
 * organisation owes and one of what it did (`limit` and `offset` apply to both).
 */
export class OrganisationFollowUpQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({
    example: '2025-03-01',
    description:
      'Time travel, as recorded by: what the organisation owed and had done according to the record at this instant (with time zone) or at the end of this date in Sweden (Europe/Stockholm), from the history the follow-up-history projection keeps. The organisation itself (member), the process roles and auditors may ask; a member may not ask about another party. Not with inEffectOn',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 instant with time zone or a date, e.g. 2025-03-01' })
  asOf?: string;

  @ApiPropertyOptional({
    example: '2025-06-01',
    description:
      'Time travel, as in effect on: what the organisation owed and had done by the end of this day (YYYY-MM-DD) — the days things happened (effective time), as the record stands now — from the follow-up-history projection, and for questions with an event entered on another day than it happened, from follow-up-effective-history (both waited for). Who may ask as for asOf. Not with asOf (GET /audit/organisations/:id/follow-up answers both together)',
  })
  @IsOptional()
  @IsCalendarDate()
  inEffectOn?: string;
}

export const MATRIX_SORTS = ['decideBy', '-decideBy', 'positionDate', '-positionDate', 'title', '-title'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];

/** GET /follow-up: rows are the questions with a position in force. */
export class FollowUpMatrixQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ example: 'chairs-council' })
  @IsOptional()
  @IsStructureId('forum')
  forum?: ForumId;

  @ApiPropertyOptional({ enum: MATRIX_SORTS, default: 'decideBy' })
  @IsOptional()
  @IsIn(MATRIX_SORTS, { message: `$property must be one of ${MATRIX_SORTS.join(', ')}` })
  sort?: MatrixSort;

  @ApiPropertyOptional({
    example: '2025-03-01',
    description:
      'Time travel, as recorded by: the grid according to the record at this instant (with time zone) or at the end of this date in Sweden, from follow-up-history. Not with inEffectOn or forum',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 instant with time zone or a date, e.g. 2025-03-01' })
  asOf?: string;

  @ApiPropertyOptional({
    example: '2025-06-01',
    description:
      'Time travel, as in effect on: the grid by the end of this day (YYYY-MM-DD) — the days things happened, as the record stands now — from follow-up-history, and for questions with an event entered on another day than it happened, from follow-up-effective-history. Not with asOf or forum',
  })
  @IsOptional()
  @IsCalendarDate()
  inEffectOn?: string;
}
