import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `afterPosition`: read-your-writes, the `position` a command returned. */
export class AfterPositionQueryDto {
  @ApiPropertyOptional({
    example: '812.4031',
    description: 'Wait until the read model has applied this position (the `position` a command returned); 503 if it does not in time',
  })
  @IsOptional()
  @Matches(/^\d{1,20}\.\d{1,20}$/, { message: '$property must be a position as returned by a command, e.g. "812.4031"' })
  afterPosition?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Paging of a list: results come as `{ items, total, limit, offset }`. */
export class PagedQueryDto extends AfterPositionQueryDto {
  @ApiPropertyOptional({ default: DEFAULT_LIMIT, minimum: 1, maximum: MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  offset?: number;
}

export interface Page<Item> {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
}

/** `X-After-Position` header or `afterPosition` query parameter; the query parameter wins. */
export function afterPositionOf(query: AfterPositionQueryDto, header: string | string[] | undefined): string | undefined {
  return query.afterPosition ?? (Array.isArray(header) ? header[0] : header);
}
