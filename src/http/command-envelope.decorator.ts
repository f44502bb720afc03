import { createHash, randomUUID } from 'node:crypto';
import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { CommandEnvelope } from '../command-handling/execute-with-decider';
import { ObservedRequest } from '../observability/request-observer';
import { InvalidInputError } from './problem';

/**
 * Builds the command envelope from the request: the actor from the verified
 * token (never from the body), If-Match as the expected revision, and tracing
 * ids. With an Idempotency-Key the command id is derived from the user and
 * the key, so the events of a retried command get the same ids.
 */
export const CommandEnvelopeFromRequest = createParamDecorator((_: unknown, context: ExecutionContext): CommandEnvelope => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // The AuthGuard set the actor from the verified token and X-Acting-Role.
  const actor = request.actor;
  if (!actor) throw new Error('CommandEnvelopeFromRequest used on a route without authentication');
  const idempotencyKey = header(request, 'idempotency-key');
  // The request observer took it from X-Request-Id / X-Correlation-Id or made one; the response echoes it.
  const correlationId = (request as ObservedRequest).correlationId ?? header(request, 'x-correlation-id') ?? randomUUID();
  return {
    commandId: idempotencyKey ? commandIdFor(actor.userId, idempotencyKey) : randomUUID(),
    correlationId,
    actor,
    ...(request.principal?.forums !== undefined ? { actorForums: request.principal.forums } : {}),
    expectedRevision: parseIfMatch(header(request, 'if-match')),
  };
});

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Accepts `3`, `"3"` and `W/"3"`: the revision GET returned in its ETag. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value.trim());
  if (!match) {
    throw new InvalidInputError([{ field: 'If-Match', rule: 'isRevision', message: 'If-Match must be a revision number as returned in the ETag, e.g. "3"' }]);
  }
  return Number(match[1]);
}

/**
 * The command id of a user's command sent with an idempotency key (the
 * Idempotency-Key header, or a web form's form key): the same user and key
 * always name the same command, so its events get the same ids and the write
 * path stores them once. A JSON pair, not `user:key`: user `anna:x` with key
 * `k1` must not be user `anna` with key `x:k1`.
 */
export function commandIdFor(userId: string, key: string): string {
  return uuidFrom(JSON.stringify([userId, key]));
}

function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
