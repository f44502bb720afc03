import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One invalid field (FieldError in problem.ts), as the API sends it in a problem's `errors`. */
export class FieldErrorSchema {
  @ApiProperty({ description: 'The field, as a path into the body or the name of a query, path or header parameter', example: 'title' })
  field!: string;

  @ApiProperty({ description: 'The rule the field broke (class-validator constraint or one of ours)', example: 'isNotEmpty' })
  rule!: string;

  @ApiProperty({ example: 'title should not be empty' })
  message!: string;
}

/**
 * RFC 9457 problem details as ProblemDetailsFilter and the body-level
 * middleware send them: the four members always, and the extension members a
 * kind of problem carries.
 */
export class ProblemSchema {
  @ApiProperty({ format: 'uri', description: 'https://fragespar.se/problems/<kind>, e.g. …/invalid-input, …/rule/<rule>, …/stale-revision' })
  type!: string;

  @ApiProperty({ example: 'Invalid input' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status!: number;

  @ApiProperty({ description: 'A sentence for people saying what happened and what to do' })
  detail!: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: '400 invalid-input: each invalid field with the rule it broke (at most 20)' })
  errors?: FieldErrorSchema[];

  @ApiPropertyOptional({
    description: '422: the domain rule that refused the command; the type ends in rule/<rule>',
    example: 'position-requires-decision-document',
  })
  rule?: string;

  @ApiPropertyOptional({ type: 'integer', description: '409 stale-revision: the revision the resource is at now (send it as If-Match after reloading)' })
  currentRevision?: number;

  @ApiPropertyOptional({ description: '403: the acting role that was refused' })
  role?: string;

  @ApiPropertyOptional({ description: '403: the action refused (docs/access.md)' })
  action?: string;

  @ApiPropertyOptional({ description: '403: the organisation the command was for, when a member acted for another' })
  organisationId?: string;

  @ApiPropertyOptional({ description: '403: the forum a secretary does not serve' })
  forum?: string;

  @ApiPropertyOptional({ type: [String], description: '415: the media types a request body may have' })
  accepted?: string[];
}

/** What each status means in this API, shown beside it in the document. */
export const PROBLEM_DESCRIPTIONS = {
  400: 'Invalid input: `errors[]` names each field and the rule it broke; nothing is appended',
  401: 'No valid bearer token (see WWW-Authenticate)',
  403: 'The acting role may not do this (docs/access.md); `role`, `action` and, where it applies, `organisationId` or `forum` say why',
  404: 'Not found',
  409: 'Conflict: the resource moved on since If-Match (`currentRevision`), or the Idempotency-Key was used for another request or is still being processed',
  413: 'The request body is larger than BODY_LIMIT',
  415: 'The request body is not JSON (`accepted` lists the media types)',
  422: 'Refused by a domain rule (`rule`); nothing is appended',
  429: 'Too many requests from this client; retry later',
  503: 'The database or a read model is not available in time (afterPosition); retry (Retry-After)',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;
