import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DATABASE, Database } from '../../database/database';

/** Keys deleted per statement: each is a short transaction, so requests claiming keys meanwhile wait for at most one batch. */
const BATCH = 500;

/**
 * Deletes Idempotency-Keys older than IDEMPOTENCY_RETENTION_HOURS, every
 * IDEMPOTENCY_CLEANUP_INTERVAL_MS, off the request path: in batches through
 * the created_at index, yielding between them, and never two sweeps at once.
 */
@Injectable()
export class IdempotencyKeyCleanup implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyKeyCleanup.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { cleanupIntervalMs } = this.config.idempotency;
    if (cleanupIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), cleanupIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Deletes every key past the retention; resolves to how many. */
  sweep(): Promise<number> {
    this.running ??= (async () => {
      let deleted = 0;
      try {
        for (;;) {
          const { rows } = await this.database.pool.query(
            `DELETE FROM idempotency_keys WHERE (subject, idempotency_key) IN (
               SELECT subject, idempotency_key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)
             RETURNING 1`,
            [this.config.idempotency.retentionHours, BATCH],
          );
          deleted += rows.length;
          if (rows.length < BATCH) return deleted;
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (error) {
        this.logger.error(`Deleting expired Idempotency-Keys failed: ${(error as Error).message}`);
        return deleted;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
