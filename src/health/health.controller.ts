import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { DATABASE, Database } from '../database/database';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ProjectionsService } from '../projections/projections.service';

/**
 * Health and readiness: the event store and the read-model database, each up
 * or down (503 if either is down; the read side is down when any read-model
 * table cannot be read), every projection's position, lag and owner, and
 * whether this instance is ready: not while a projection is stopped on a
 * failing event or run by nobody (its lock lost and not yet taken again).
 * `/health/ready` answers the same readiness with 503 when not ready, for a
 * load balancer or an orchestrator's readiness probe.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionsService,
  ) {}

  @Get()
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Status of the event store, the read-model database and each projection' })
  async health(@Res({ passthrough: true }) res: Response) {
    const report = await this.report();
    res.status(report.status === 'down' ? 503 : 200);
    return report;
  }

  @Get('ready')
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Readiness: 200 when this instance answers reads and commands truthfully, 503 with the reasons when not' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const { ready, notReady } = await this.report();
    res.status(ready ? 200 : 503);
    return { ready, notReady };
  }

  @Get('metrics')
  @Public()
  @SkipThrottle()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Projection metrics in Prometheus text format' })
  metrics() {
    return this.projections.metrics();
  }

  private async report() {
    const [eventStore, readModels] = await Promise.all([this.store.health(), this.readModelHealth()]);
    const reachable = eventStore.status === 'up' && readModels.status === 'up';
    const projections = reachable ? await this.projections.statuses() : [];
    const notReady = reachable
      ? ProjectionsService.notReadyReasons(projections)
      : [eventStore.status === 'up' ? 'the read-model database is down' : 'the event store is down'];
    const status = !reachable ? 'down' : notReady.length > 0 ? 'degraded' : 'up';
    return { status, ready: notReady.length === 0, notReady, eventStore, readModels, projections };
  }

  private async readModelHealth() {
    try {
      await this.database.pool.query('SELECT 1');
      const unreadable = await this.projections.unreadableReadModel();
      if (unreadable) return { status: 'down' as const, error: `read-model table ${unreadable.table} cannot be read: ${unreadable.error}` };
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
