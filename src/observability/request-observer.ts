import { NextFunction, Request, Response } from 'express';
import { Logger } from 'pino';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { Metrics } from './metrics';
import { correlationIdFrom, runWithCorrelationId } from './request-context';

export type ObservedRequest = AuthenticatedRequest & { correlationId?: string };

/**
 * First on every request: takes X-Request-Id or X-Correlation-Id (or makes one),
 * echoes it on the response under both names, and when the response is finished
 * writes one log line (method, route, status, duration, user, role,
 * organisation, correlation id) and observes the request duration histogram.
 */
export function observeRequests(logger: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const request = req as ObservedRequest;
    const started = process.hrtime.bigint();
    const correlationId = correlationIdFrom(req.headers);
    request.correlationId = correlationId;
    res.setHeader('X-Request-Id', correlationId);
    res.setHeader('X-Correlation-Id', correlationId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      const status = res.statusCode;
      metrics.httpRequestDuration.observe({ method: req.method, route, status: String(status) }, seconds);
      const actor = request.actor;
      logger.info(
        {
          correlationId,
          method: req.method,
          route,
          status,
          durationMs: Math.round(seconds * 1e4) / 10,
          user: actor?.userId,
          role: actor?.role,
          organisation: actor?.organisationId,
        },
        'request',
      );
    });
    runWithCorrelationId(correlationId, next);
  };
}

/**
 * Enters the request's context again after the body was read: the body parser
 * calls on from the socket's events, outside the context the first middleware
 * entered, and the log lines written while serving the request carry its id.
 */
export function reenterRequestContext(req: Request, _res: Response, next: NextFunction) {
  const correlationId = (req as ObservedRequest).correlationId;
  if (correlationId) runWithCorrelationId(correlationId, next);
  else next();
}

/** The route's pattern (`/questions/:id`), never the path itself: ids would make a label per question. */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : '(unmatched)';
}
