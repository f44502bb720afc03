import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AfterPositionQueryDto, PagedQueryDto } from '../http/read-query.dto';
import { FORUM_IDS, ForumId } from '../reference-data/forums';

/** GET /organisations/:id/follow-up: everything the organisation owes and did, so no paging. */
export class OrganisationFollowUpQueryDto extends AfterPositionQueryDto {}

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
