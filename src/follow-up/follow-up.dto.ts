import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { PagedQueryDto } from '../http/read-query.dto';
import { FORUM_IDS, ForumId } from '../reference-data/forums';

/**
 * GET /organisations/:id/follow-up: the counts, and a page of what the
 * organisation owes and one of what it did (`limit` and `offset` apply to both).
 */
export class OrganisationFollowUpQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({
    example: '2025-03-01',
    description:
      'Time travel: what the organisation owed and had done at this instant (with time zone) or at the end of this date in Sweden (Europe/Stockholm), from the history the follow-up-history projection keeps. The organisation itself (member), the process roles and auditors may ask; a member may not ask about another party',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 instant with time zone or a date, e.g. 2025-03-01' })
  asOf?: string;
}

export const MATRIX_SORTS = ['decideBy', '-decideBy', 'positionDate', '-positionDate', 'title', '-title'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];

/** GET /follow-up: rows are the questions with a position in force. */
export class FollowUpMatrixQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ enum: FORUM_IDS })
  @IsOptional()
  @IsIn(FORUM_IDS, { message: '$property must be one of the forums (see GET /forums)' })
  forum?: ForumId;

  @ApiPropertyOptional({ enum: MATRIX_SORTS, default: 'decideBy' })
  @IsOptional()
  @IsIn(MATRIX_SORTS, { message: `$property must be one of ${MATRIX_SORTS.join(', ')}` })
  sort?: MatrixSort;
}
