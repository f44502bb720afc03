import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PagedQueryDto } from '../http/read-query.dto';
import { IsCalendarDate } from '../http/validators';

const POSITION = /^\d{1,20}\.\d{1,20}$/;
const POSITION_MESSAGE = { message: '$property must be a position of the log as printed with the digest, e.g. "812.4031"' };

/** GET /audit/digest */
export class DigestQueryDto {
  @ApiPropertyOptional({ example: '812.4031', description: 'The position of the log to compute the digest at (inclusive); default: the head of the log now' })
  @IsOptional()
  @Matches(POSITION, POSITION_MESSAGE)
  asOf?: string;
}

/** GET /audit/verify */
export class VerifyQueryDto {
  @ApiPropertyOptional({
    example: '3f2a91c0 …',
    description: 'A digest printed earlier (GET /audit/digest): 64 hex digits, spaces allowed. With asOf, proves the log up to then unchanged',
  })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  digest?: string;

  @ApiPropertyOptional({ example: '812.4031', description: 'The position printed with that digest' })
  @IsOptional()
  @Matches(POSITION, POSITION_MESSAGE)
  asOf?: string;
}

/** GET /audit/organisations/:id/follow-up (paged as the live follow-up) */
export class FollowUpAsOfQueryDto extends PagedQueryDto {
  @ApiProperty({
    example: '2025-03-01',
    description: 'An ISO-8601 instant with time zone, or a date (the end of that day in Sweden): what the organisation owed then',
  })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 instant with time zone or a date, e.g. 2025-03-01' })
  asOf!: string;

  @ApiPropertyOptional({
    example: '2025-06-01',
    description: 'A date (YYYY-MM-DD): only what had happened by the end of that day (effective time), as the record stood at asOf; overdue is judged on it',
  })
  @IsOptional()
  @IsCalendarDate()
  inEffectOn?: string;
}

export const HISTORY_DEFAULT_LIMIT = 100;
export const HISTORY_MAX_LIMIT = 1_000;

/** GET /questions/:id/history */
export class HistoryQueryDto {
  @ApiPropertyOptional({ default: HISTORY_DEFAULT_LIMIT, minimum: 1, maximum: HISTORY_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(HISTORY_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, description: 'The revision to start from' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  offset?: number;
}

/** GET /questions/:id/dossier */
export class DossierQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'], description: 'Overrides the Accept header: html is the printable Swedish document' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}
