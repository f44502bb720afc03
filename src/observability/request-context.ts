import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';

/** What every log line written while serving one request carries. */
interface RequestContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const CORRELATION_HEADERS = ['x-request-id', 'x-correlation-id'] as const;

/** An id a client may send: short, printable, nothing that could forge a log line. */
const ACCEPTABLE_ID = /^[\w.:@/+=-]{1,128}$/;

/** X-Request-Id or X-Correlation-Id as the client sent it (if acceptable), otherwise a new UUID. */
export function correlationIdFrom(headers: IncomingHttpHeaders): string {
  for (const name of CORRELATION_HEADERS) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value && ACCEPTABLE_ID.test(value)) return value;
  }
  return randomUUID();
}

export function runWithCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

/** The correlation id of the request being served, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
