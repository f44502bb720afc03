/**
 * Telling a lost database session from a failing statement. PostgreSQL ends a
 * session with a FATAL error (57P01 when an operator or a failover runs
 * `pg_terminate_backend`, 57P02/57P03 around a crash or restart), or the
 * socket simply closes; `pg` then reports "Connection terminated" and refuses
 * further queries on that client. None of these says anything about the
 * statement or the event being applied: the work is to be retried on a new
 * session, not recorded as a failure.
 */
const LOST_SESSION_CODES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, smart/fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting or in recovery
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

const LOST_SESSION_MESSAGES = /Connection terminated|not queryable|terminating connection|Client was closed|Connection ended/i;

/** True when the error means the session is gone (not that the statement was wrong). */
export function isConnectionLoss(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const { code, message, driverError } = cause as { code?: unknown; message?: unknown; driverError?: unknown };
    if (typeof code === 'string' && LOST_SESSION_CODES.has(code)) return true;
    if (typeof message === 'string' && LOST_SESSION_MESSAGES.test(message)) return true;
    // TypeORM wraps the driver's error in a QueryFailedError.
    if (driverError && isConnectionLoss(driverError)) return true;
  }
  return false;
}

/** A short description for a log line: the SQLSTATE or errno when there is one, and the message. */
export function describeConnectionError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return `${typeof code === 'string' ? `${code} ` : ''}${typeof message === 'string' ? message : String(error)}`;
}

/** Waits that grow while a connection keeps failing: 2^n × `base`, at most `max`. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  /** The wait before the next attempt, counting this failure. */
  next(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 20));
    this.failures++;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }
}
