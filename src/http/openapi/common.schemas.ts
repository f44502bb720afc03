import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Who acted. Readers with the history right (process roles, auditors) get all
 * four fields; a member gets role and organisationId only (question-readers.ts).
 */
export class ActorSchema {
  @ApiPropertyOptional({ description: 'Left out for readers without questions.history' }) userId?: string;
  @ApiPropertyOptional({ description: 'Left out for readers without questions.history' }) displayName?: string;
  @ApiProperty({ example: 'secretary' }) role!: string;
  @ApiProperty({ example: 'region-varmland' }) organisationId!: string;
}

/** One event a command appended. */
export class AppendedEventSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'QuestionRaised' }) type!: string;
  @ApiProperty({ type: 'integer', description: 'The stream revision of this event' }) revision!: number;
}

/** What every command answers (with the aggregate's id beside it): also sent as ETag (revision). */
export class CommandResultSchema {
  @ApiProperty({ type: 'integer', description: 'The stream revision after the command; send it as If-Match with the next command' })
  revision!: number;

  @ApiProperty({ description: 'The global position reached ("commit.prepare"): pass it as afterPosition to read your own write', example: '1234.1234' })
  position!: string;

  @ApiProperty({ type: [AppendedEventSchema], description: 'The events appended (empty when the command changed nothing)' })
  events!: AppendedEventSchema[];
}

/** A page of a list read. */
export class PageInfoSchema {
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

/** An object member whose inner shape is documented in prose (docs/…) rather than as its own schema. */
export const described = (description: string, options: { nullable?: boolean; array?: boolean } = {}) =>
  options.array
    ? { type: 'array' as const, items: { type: 'object' as const, additionalProperties: true }, description, nullable: options.nullable }
    : { type: 'object' as const, additionalProperties: true, description, nullable: options.nullable };

/** What a command whose move spans two aggregates adds (src/reactions/): the step into a question taken, pending, or refused. */
export class QuestionStepTaken {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ type: [AppendedEventSchema] }) events!: AppendedEventSchema[];
}

export class QuestionStepPending {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
}

export class QuestionStepRefused extends QuestionStepPending {
  @ApiProperty() rule!: string;
  @ApiProperty() message!: string;
}

/** A code with its label in the reader's language. */
export class CodeLabel {
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'In the language of Content-Language' }) label!: string;
}

/** An organisation or forum by id and name. */
export class NamedRef {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** A label in both languages. */
export class SvEnLabels {
  @ApiProperty() sv!: string;
  @ApiProperty() en!: string;
}
