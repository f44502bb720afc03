import { Type, applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../problem';
import { PROBLEM_DESCRIPTIONS, ProblemSchema, ProblemStatus } from './problem.schema';

/**
 * The error answers of an operation, each as application/problem+json with the
 * members ProblemDetailsFilter sends. `descriptions` replaces the general
 * sentence for a status where the route means something narrower.
 */
export function ApiProblemResponses(statuses: ProblemStatus[], descriptions: Partial<Record<ProblemStatus, string>> = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemSchema),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: descriptions[status] ?? PROBLEM_DESCRIPTIONS[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemSchema) } } },
      }),
    ),
  );
}

/** The answer of a read that takes afterPosition / X-After-Position: 503 while the read model has not caught up. */
export const ApiReadYourWrites = () =>
  applyDecorators(
    ApiHeader({ name: 'X-After-Position', required: false, description: 'Same as the afterPosition query parameter' }),
    ApiProblemResponses([503], { 503: 'The read model did not reach afterPosition in time; retry' }),
  );

/** The Accept-Language header of an answer negotiated by language (PreferredLanguage). */
export const ApiAcceptLanguage = () =>
  ApiHeader({ name: 'Accept-Language', required: false, description: 'sv (default) or en; the answer says which in Content-Language and varies by it' });

const ETAG_HEADER = { ETag: { description: 'The new revision, quoted ("3"): send it as If-Match with the next command', schema: { type: 'string' } } };

/**
 * A command's headers and answers: Idempotency-Key, If-Match (when the path
 * names an aggregate), its result (`type`, with ETag) and every refusal a
 * command can meet — invalid input, a body that is not JSON or too large, the
 * aggregate not found (when the path names one), a stale If-Match or a reused
 * Idempotency-Key, a domain rule, the database gone for a moment.
 */
export function ApiCommandResponses(type: Type<unknown>, options: { status?: 200 | 201 | 202; path?: boolean; description?: string } = {}) {
  const status = options.status ?? 200;
  return applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first result and appends nothing' }),
    ...(options.path === false
      ? []
      : [ApiHeader({ name: 'If-Match', required: false, description: 'The revision you last saw (ETag); 409 with currentRevision if it has moved on' })]),
    ApiResponse({
      status,
      type,
      description:
        options.description ??
        (status === 201 ? 'Created (Location names it); the events appended and the new revision' : 'The events appended and the new revision'),
      headers: status === 201 ? { ...ETAG_HEADER, Location: { description: 'Where to read what was created', schema: { type: 'string' } } } : ETAG_HEADER,
    }),
    ApiProblemResponses(options.path === false ? [400, 409, 413, 415, 422, 503] : [400, 404, 409, 413, 415, 422, 503]),
  );
}

/**
 * A document read as JSON or as printable HTML (?format=html, or a browser's
 * Accept): the JSON's members are described in `description`.
 */
export function ApiDocumentResponse(description: string) {
  return ApiResponse({
    status: 200,
    description,
    content: {
      'application/json': { schema: { type: 'object', additionalProperties: true } },
      'text/html': { schema: { type: 'string' } },
    },
  });
}
