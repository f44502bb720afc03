import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { DATABASE, Database } from '../database/database';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ProjectionsService } from '../projections/projections.service';
import { ReactionsService } from '../reactions/reactions.service';

/**
 * Liveness and readiness: the event store and the read-model database, each up
 * or down (503 if either is down), every projection's position and lag, and
 * every reaction's position ("degraded" while one is stopped on a failing event).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionsService,
    private readonly reactions: ReactionsService,
  ) {}

  @Get()
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Status of the event store, the read-model database and each projection' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [eventStore, readModels] = await Promise.all([this.store.health(), this.readModelHealth()]);
    const reachable = eventStore.status === 'up' && readModels.status === 'up';
    const projections = reachable ? await this.projections.statuses() : [];
    const reactions = reachable ? await this.reactions.statuses() : [];
    const failed = [...projections, ...reactions].some((runner) => runner.status === 'failed');
    const status = !reachable ? 'down' : failed ? 'degraded' : 'up';
    res.status(reachable ? 200 : 503);
    return { status, eventStore, readModels, projections, reactions };
  }

  @Get('metrics')
  @Public()
  @SkipThrottle()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Projection metrics in Prometheus text format' })
  metrics() {
    return this.projections.metrics();
  }

  private async readModelHealth() {
    try {
      await this.database.pool.query('SELECT 1');
      return {
        status: 'up' as const,
        database: this.database.kind === 'embedded' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL server',
        location: this.database.location,
      };
    } catch (error) {
      return { status: 'down' as const, error: (error as Error).message };
    }
  }
}
