import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthView, LiveView, ReadinessView } from './health.responses';
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
 * the event store answers, every read-model table can be read, the migrations
 * are done, every projection runs or stands by behind its owner, none failed
 * and none is run by nobody) and the status in detail (`/health`: the event
 * store and the read-model database, each up or down, every projection's
 * position, lag and owner, every reaction's position, "degraded" while one is
 * not ready). Public answers name no connection string, user or file path: the
 * log gets the driver's messages.
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
  @ApiOkResponse({ type: HealthView, description: 'Up or degraded' })
  @ApiResponse({ status: 503, type: HealthView, description: 'Down: the event store or the read-model database does not answer' })
  @ApiOperation({ summary: 'Status of the event store, the read-model database, each projection and each reaction' })
  async health(@Res({ passthrough: true }) res: Response) {
    const report = await this.report();
    res.status(report.status === 'down' ? 503 : 200);
    return report;
  }

  @Get('live')
  @Public()
  @SkipThrottle()
  @ApiOkResponse({ type: LiveView })
  @ApiOperation({ summary: 'Liveness: 200 while the process answers (restart it when this fails)' })
  live() {
    return { status: 'up' };
  }

  @Get('ready')
  @Public()
  @SkipThrottle()
  @ApiOkResponse({ type: ReadinessView, description: 'Ready' })
  @ApiResponse({ status: 503, type: ReadinessView, description: 'Not ready: notReady says why' })
  @ApiOperation({ summary: 'Readiness: 200 when this instance answers reads and commands truthfully (send it traffic), 503 with the reasons otherwise' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const { ready, notReady } = await this.report();
    res.status(ready ? 200 : 503);
    return { ready, notReady };
  }

  private async report() {
    const [eventStore, readModels] = await Promise.all([this.eventStoreHealth(), this.readModelHealth()]);
    const reachable = eventStore.status === 'up' && readModels.status === 'up';
    const projections = reachable ? await this.projections.statuses() : [];
    const reactions = reachable ? await this.reactions.statuses() : [];
    const notReady = reachable
      ? [
          ...((await this.migrationsPending()) ? ['migrations are not done'] : []),
          ...ProjectionsService.notReadyReasons(projections),
          ...reactions.filter((reaction) => reaction.status === 'failed').map((reaction) => `reaction ${reaction.name} is stopped on a failing event`),
        ]
      : [eventStore.status === 'up' ? 'the read-model database is down' : 'the event store is down'];
    const status = !reachable ? 'down' : notReady.length > 0 ? 'degraded' : 'up';
    return { status, ready: notReady.length === 0, notReady, eventStore, readModels, projections, reactions };
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
      const unreadable = await this.projections.unreadableReadModel();
      if (unreadable) {
        this.logger.error(`read-model table ${unreadable.table} cannot be read: ${unreadable.error}`);
        return { status: 'down' as const, error: `read-model table ${unreadable.table} cannot be read` };
      }
      return { status: 'up' as const, database: this.database.kind === 'embedded' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL server' };
    } catch (error) {
      // The driver's message may name the host, the user or the folder: the log gets it, the public answer does not.
      this.logger.error(`read-model database does not answer: ${(error as Error).message}`);
      return { status: 'down' as const };
    }
  }
}
