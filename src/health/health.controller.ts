import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { DATABASE, Database } from '../database/database';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ProjectionsService } from '../projections/projections.service';
import { ReactionsService } from '../reactions/reactions.service';

/**
 * Liveness (`/health/live`: the process answers), readiness (`/health/ready`:
 * the event store answers, the migrations are done, every projection runs or
 * stands by behind its owner, none failed) and the status in detail
 * (`/health`: the event store and the read-model database, each up or down,
 * every projection's position and lag, every reaction's position, "degraded"
 * while one is stopped on a failing event). Public answers name no connection
 * string, user or file path.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionsService,
    private readonly reactions: ReactionsService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Status of the event store, the read-model database and each projection' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [eventStore, readModels] = await Promise.all([this.eventStoreHealth(), this.readModelHealth()]);
    const reachable = eventStore.status === 'up' && readModels.status === 'up';
    const projections = reachable ? await this.projections.statuses() : [];
    const reactions = reachable ? await this.reactions.statuses() : [];
    const failed = [...projections, ...reactions].some((runner) => runner.status === 'failed');
    const status = !reachable ? 'down' : failed ? 'degraded' : 'up';
    res.status(reachable ? 200 : 503);
    return { status, eventStore, readModels, projections, reactions };
  }

  @Get('live')
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Liveness: 200 while the process answers (restart it when this fails)' })
  live() {
    return { status: 'up' };
  }

  @Get('ready')
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Readiness: 200 when this instance can serve (send it traffic), 503 with the reasons otherwise' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const reasons: string[] = [];
    const [eventStore, readModels] = await Promise.all([this.eventStoreHealth(), this.readModelHealth()]);
    if (eventStore.status !== 'up') reasons.push('the event store does not answer');
    if (readModels.status !== 'up') reasons.push('the read-model database does not answer');
    if (readModels.status === 'up' && (await this.migrationsPending())) reasons.push('migrations are not done');
    if (reasons.length === 0) {
      for (const projection of await this.projections.statuses()) {
        if (projection.status === 'failed') reasons.push(`projection ${projection.name} failed at event ${projection.failedEventId}`);
        else if (projection.status !== 'running' && projection.status !== 'standby' && projection.status !== 'rebuilding') {
          reasons.push(`projection ${projection.name} is ${projection.status}`);
        }
      }
    }
    res.status(reasons.length === 0 ? 200 : 503);
    return reasons.length === 0 ? { status: 'ready' } : { status: 'not-ready', reasons };
  }

  /** The adapter's answer; when it is down, its error (which may name a host or a user) goes to the log, not to the public answer. */
  private async eventStoreHealth() {
    const health = await this.store.health();
    if (health.status === 'up') return health;
    this.logger.error(`event store does not answer: ${String(health.details?.error ?? 'no detail')}`);
    return { status: health.status, adapter: health.adapter };
  }

  private async migrationsPending(): Promise<boolean> {
    try {
      return await this.dataSource.showMigrations();
    } catch {
      return true;
    }
  }

  private async readModelHealth() {
    try {
      await this.database.pool.query('SELECT 1');
      return { status: 'up' as const, database: this.database.kind === 'embedded' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL server' };
    } catch (error) {
      // The driver's message may name the host, the user or the folder: the log gets it, the public answer does not.
      this.logger.error(`read-model database does not answer: ${(error as Error).message}`);
      return { status: 'down' as const };
    }
  }
}
