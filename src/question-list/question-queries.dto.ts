import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PagedQueryDto } from '../http/read-query.dto';
import type { ForumId } from '../reference-data/forums';
import { QUESTION_STAGE_LABELS, type QuestionLogic, QuestionStage } from '../questions/contract';
import { IsStructureId } from '../http/validators';

export const QUESTION_STAGES = Object.keys(QUESTION_STAGE_LABELS) as QuestionStage[];
export const QUESTION_LOGICS = ['process', 'decision'] as const satisfies readonly QuestionLogic[];

export const QUESTION_SORTS = ['lastChangedAt', '-lastChangedAt', 'raisedAt', '-raisedAt', 'title', '-title', 'dueDate', '-dueDate'] as const;
export type QuestionSort = (typeof QUESTION_SORTS)[number];

/** Filters of a list of questions, shared by GET /questions and GET /log. */
export class QuestionFilterDto extends PagedQueryDto {
  @ApiPropertyOptional({ example: 'chairs-council' })
  @IsOptional()
  @IsStructureId('forum')
  forum?: ForumId;

  @ApiPropertyOptional({ enum: QUESTION_LOGICS, description: 'process (processlogik) or decision (beslutslogik)' })
  @IsOptional()
  @IsIn(QUESTION_LOGICS, { message: `$property must be one of ${QUESTION_LOGICS.join(', ')}` })
  logic?: QuestionLogic;

  @ApiPropertyOptional({ enum: QUESTION_STAGES })
  @IsOptional()
  @IsIn(QUESTION_STAGES, { message: `$property must be one of ${QUESTION_STAGES.join(', ')}` })
  stage?: QuestionStage;

  @ApiPropertyOptional({ description: 'Topic area (sakområde): questions whose topic contains this text, case-insensitive', example: 'kultur' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  topic?: string;

  @ApiPropertyOptional({
    description: 'Text search in title, description, topic, responsible, documents and position (Swedish stemming, or a substring)',
    example: 'strandskydd',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;
}

export class ListQuestionsDto extends QuestionFilterDto {
  @ApiPropertyOptional({ enum: QUESTION_SORTS, default: '-lastChangedAt' })
  @IsOptional()
  @IsIn(QUESTION_SORTS, { message: `$property must be one of ${QUESTION_SORTS.join(', ')}` })
  sort?: QuestionSort;
}

export const TIMELINE_SORTS = ['occurredAt', '-occurredAt'] as const;

export class TimelineQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ enum: TIMELINE_SORTS, default: 'occurredAt', description: 'occurredAt: oldest first (the story in order)' })
  @IsOptional()
  @IsIn(TIMELINE_SORTS, { message: `$property must be one of ${TIMELINE_SORTS.join(', ')}` })
  sort?: (typeof TIMELINE_SORTS)[number];
}
