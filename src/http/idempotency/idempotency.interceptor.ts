import { createHash } from 'node:crypto';
import { CallHandler, ConflictException, ExecutionContext, Inject, Injectable, NestInterceptor, UnprocessableEntityException } from '@nestjs/common';
import { Response } from 'express';
import { Observable, from, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { AuthenticatedRequest } from '../../auth/auth.guard';
import { DATABASE, Database } from '../../database/database';
import { InvalidInputError } from '../problem';

/**
 * Idempotency-Key on commands: the first request with a key runs and its
 * successful response is stored; a retry with the same key and the same request
 * gets that response again (marked Idempotent-Replayed) and appends nothing.
 * A key reused for a different request is refused; a retry while the first is
 * still running gets 409. Failed requests are forgotten, so they can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
      throw new InvalidInputError([{ field: 'Idempotency-Key', rule: 'length', message: 'Idempotency-Key must be 1 to 200 characters' }]);
    }
    const scopeKey = `${request.principal?.userId ?? 'anonymous'}:${key}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');

    return from(this.claim(scopeKey, fingerprint)).pipe(
      mergeMap((stored) => {
        if (stored) {
          response.status(stored.status_code).setHeader('Idempotent-Replayed', 'true');
          const etag = (stored.response as { revision?: number } | null)?.revision;
          if (etag !== undefined) response.setHeader('ETag', `"${etag}"`);
          return of(stored.response);
        }
        return next.handle().pipe(
          mergeMap((body) => from(this.remember(scopeKey, response.statusCode, body)).pipe(mergeMap(() => of(body)))),
          catchError((error) => from(this.forget(scopeKey)).pipe(mergeMap(() => throwError(() => error)))),
        );
      }),
    );
  }

  /** Returns the stored response of an earlier request with this key, or claims the key for this one. */
  private async claim(scopeKey: string, fingerprint: string): Promise<{ status_code: number; response: unknown } | undefined> {
    const inserted = await this.database.pool.query(
      `INSERT INTO idempotency_keys (scope_key, fingerprint) VALUES ($1, $2) ON CONFLICT (scope_key) DO NOTHING RETURNING scope_key`,
      [scopeKey, fingerprint],
    );
    if (inserted.rows.length === 1) return undefined;
    const { rows } = await this.database.pool.query<{ fingerprint: string; status_code: number | null; response: unknown }>(
      `SELECT fingerprint, status_code, response FROM idempotency_keys WHERE scope_key = $1`,
      [scopeKey],
    );
    const existing = rows[0];
    if (!existing) return this.claim(scopeKey, fingerprint);
    if (existing.fingerprint !== fingerprint) {
      throw new UnprocessableEntityException('This Idempotency-Key was already used for a different request');
    }
    if (existing.status_code === null) {
      throw new ConflictException('A request with this Idempotency-Key is still being processed; retry shortly');
    }
    return { status_code: existing.status_code, response: existing.response };
  }

  private async remember(scopeKey: string, statusCode: number, body: unknown): Promise<void> {
    await this.database.pool.query(`UPDATE idempotency_keys SET status_code = $2, response = $3 WHERE scope_key = $1`, [
      scopeKey,
      statusCode,
      JSON.stringify(body ?? null),
    ]);
  }

  private async forget(scopeKey: string): Promise<void> {
    await this.database.pool.query(`DELETE FROM idempotency_keys WHERE scope_key = $1 AND status_code IS NULL`, [scopeKey]);
  }
}
