import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { AccessDenied } from '../auth/access-policy';
import { isConnectionLoss } from '../database/connection-loss';
import { WrongExpectedRevisionError } from '../event-store/event-store.port';
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';
import { InvalidInputError, PROBLEM_CONTENT_TYPE, Problem, problemType } from './problem';

/**
 * Maps every error to problem+json. Domain refusals name their rule, stale
 * revisions carry the current one, and nothing internal (stack, SQL) leaks.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    if (problem.status === 503 && problem.type === problemType('database-unavailable')) response.setHeader('Retry-After', '1');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(error: unknown): Problem {
    if (error instanceof InvalidInputError) {
      return {
        type: problemType('invalid-input'),
        title: 'Invalid input',
        status: error.status,
        detail: error.message,
        errors: error.errors,
      };
    }
    if (error instanceof DomainRuleViolation) {
      return {
        type: problemType(`rule/${error.rule}`),
        title: 'Refused by a rule',
        status: 422,
        detail: error.message,
        rule: error.rule,
        ...(error.field !== undefined ? { field: error.field } : {}),
      };
    }
    if (error instanceof AggregateNotFound) {
      return { type: problemType('not-found'), title: `${error.aggregate} not found`, status: 404, detail: error.message };
    }
    if (error instanceof AccessDenied) {
      return { type: problemType('forbidden'), title: 'Forbidden', status: 403, detail: error.message, ...error.details };
    }
    if (error instanceof WrongExpectedRevisionError) {
      return {
        type: problemType('stale-revision'),
        title: 'Conflict: the resource has changed',
        status: 409,
        detail: `Expected revision ${String(error.expected)}, but it is now at revision ${error.actualRevision}. Reload and retry.`,
        currentRevision: error.actualRevision,
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
      return {
        type: problemType(status === 404 ? 'not-found' : `http-${status}`),
        title: titleOf(status),
        status,
        detail: Array.isArray(detail) ? detail.join('; ') : String(detail),
        ...(typeof body === 'object' && body !== null && 'extensions' in body ? (body as { extensions: object }).extensions : {}),
      };
    }
    if (isConnectionLoss(error)) {
      // The session went while the request was handled: a retry reaches a new one (the pool reconnects).
      return {
        type: problemType('database-unavailable'),
        title: 'Database unavailable',
        status: 503,
        detail: 'The connection to the database was lost while handling the request. Retry it with the same Idempotency-Key.',
      };
    }
    return { type: problemType('internal'), title: 'Internal error', status: 500, detail: 'An unexpected error occurred.' };
  }
}

/** A title people read ("Not found"), not an exception's class name ("NotFound"). */
const TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  503: 'Service unavailable',
};

function titleOf(status: number): string {
  const standard = STATUS_CODES[status] ?? (status < 500 ? 'Bad request' : 'Server error');
  return TITLES[status] ?? standard.charAt(0) + standard.slice(1).toLowerCase();
}
