import { createHash } from 'node:crypto';
import {
  CallHandler,
  ConflictException,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  Post,
  UnprocessableEntityException,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Response } from 'express';
import { Observable, from, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { AuthenticatedRequest } from '../../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DATABASE, Database } from '../../database/database';
import { InvalidInputError } from '../problem';

/** The response headers a replay repeats: where a created resource is, and its revision. */
const REPLAYED_HEADERS = ['location', 'etag'] as const;

interface StoredResponse {
  status_code: number;
  response: unknown;
  headers: Partial<Record<(typeof REPLAYED_HEADERS)[number], string>> | null;
}

/**
 * Idempotency-Key on commands, scoped by the token's subject and the key (two
 * columns, so no subject and key can be spelt like another pair).
 *
 * The first request with a key claims it and runs; its successful response is
 * stored with its Location and ETag. A retry with the same key and the same
 * request gets that response again (marked Idempotent-Replayed) and appends
 * nothing. A key reused for a different request is refused (422); a retry while
 * the first still runs gets 409. A claim older than the claim timeout belongs to
 * a request that died with its process: a retry takes it over and runs the
 * command again, and since the command id (and so every event id) derives from
 * the key, the write path answers it from the events already stored, if any
 * (executeWithDecider), or stores them now. Failed requests are forgotten, so
 * they can be retried. Keys older than the retention are deleted by
 * IdempotencyKeyCleanup.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
      throw new InvalidInputError([{ field: 'Idempotency-Key', rule: 'length', message: 'Idempotency-Key must be 1 to 200 characters' }]);
    }
    const scope: Scope = { subject: request.principal?.userId ?? 'anonymous', key };
    const fingerprint = fingerprintOf(request.method, request.originalUrl, request.body);

    return from(this.claim(scope, fingerprint)).pipe(
      mergeMap((stored) => {
        if (stored) {
          response.status(stored.status_code).setHeader('Idempotent-Replayed', 'true');
          for (const [name, value] of Object.entries(stored.headers ?? {})) response.setHeader(name, value);
          return of(stored.response);
        }
        return next.handle().pipe(
          mergeMap((body) => from(this.remember(scope, response, body)).pipe(mergeMap(() => of(body)))),
          catchError((error) => from(this.forget(scope)).pipe(mergeMap(() => throwError(() => error)))),
        );
      }),
    );
  }

  /**
   * Claims the key for this request (a new key, or one whose claim has expired)
   * and returns undefined; or returns the stored response of an earlier request
   * with this key.
   */
  private async claim(scope: Scope, fingerprint: string): Promise<StoredResponse | undefined> {
    // One statement: two retries of an expired claim cannot both take it over. Named, as the claim and the
    // answer's record run with every command: planned once per session (on PGlite, not parsed anew each time).
    const claimed = await this.database.pool.query({
      name: 'fragespar_idempotency_claim',
      text: `INSERT INTO idempotency_keys AS k (subject, idempotency_key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (subject, idempotency_key) DO UPDATE SET claimed_at = now()
         WHERE k.status_code IS NULL AND k.fingerprint = EXCLUDED.fingerprint AND k.claimed_at < now() - make_interval(secs => $4)
       RETURNING 1`,
      values: [scope.subject, scope.key, fingerprint, this.config.idempotency.claimTimeoutMs / 1000],
    });
    if (claimed.rows.length === 1) return undefined;
    const { rows } = await this.database.pool.query<StoredResponse & { fingerprint: string }>(
      `SELECT fingerprint, status_code, response, headers FROM idempotency_keys WHERE subject = $1 AND idempotency_key = $2`,
      [scope.subject, scope.key],
    );
    const existing = rows[0];
    // Forgotten (its request failed) or deleted in between: claim it afresh.
    if (!existing) return this.claim(scope, fingerprint);
    if (existing.fingerprint !== fingerprint) {
      throw new UnprocessableEntityException('This Idempotency-Key was already used for a different request');
    }
    if (existing.status_code === null) {
      throw new ConflictException(
        `A request with this Idempotency-Key is still being processed; retry shortly (a claim expires after ${this.config.idempotency.claimTimeoutMs} ms)`,
      );
    }
    return existing;
  }

  private async remember(scope: Scope, response: Response, body: unknown): Promise<void> {
    const headers: StoredResponse['headers'] = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    await this.database.pool.query({
      name: 'fragespar_idempotency_remember',
      text: `UPDATE idempotency_keys SET status_code = $3, response = $4, headers = $5 WHERE subject = $1 AND idempotency_key = $2 AND status_code IS NULL`,
      values: [scope.subject, scope.key, response.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)],
    });
  }

  private async forget(scope: Scope): Promise<void> {
    await this.database.pool.query(`DELETE FROM idempotency_keys WHERE subject = $1 AND idempotency_key = $2 AND status_code IS NULL`, [
      scope.subject,
      scope.key,
    ]);
  }
}

interface Scope {
  subject: string;
  key: string;
}

/** What makes two requests "the same request" for a key: method, URL and body. */
export function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * A POST route that honours Idempotency-Key (IdempotencyInterceptor). Every
 * POST route of the API is declared with it; test/http/request-lifecycle.e2e-spec.ts
 * holds them to that.
 *
 * The interceptor is bound to these routes, not to the whole app: for any
 * route with an interceptor Nest binds each step to its async context
 * (AsyncResource.bind), and the objects that makes outlive the request in V8's
 * young generation, so every scavenge would copy whole finished requests.
 * Reads have no use for the interceptor and run without one.
 */
export function IdempotentPost(path?: string): MethodDecorator {
  return applyDecorators(Post(path), UseInterceptors(IdempotencyInterceptor));
}
