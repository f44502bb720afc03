import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { DATABASE, Database } from '../database/database';
import { OUTBOX_STATES, OutboxTable, RUN_OUTBOXES } from '../outbox/outbox';
import { ProjectionsService, ProjectionStatus } from '../projections/projections.service';
import { Metrics } from './metrics';

const PROJECTION_STATUSES: ProjectionStatus['status'][] = ['running', 'standby', 'rebuilding', 'stopped', 'failed'];

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly projections: ProjectionsService,
    @Inject(DATABASE) private readonly database: Database,
    /** Each outbox that sends word, by the label it has in the metric, and its table (docs/operations.md). */
    @Inject(RUN_OUTBOXES) private readonly outboxes: readonly OutboxTable[],
  ) {}

  @Get()
  @Public()
  @SkipThrottle()
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Prometheus metrics: process, HTTP requests, commands, appends, projections, outbox, idempotency keys' })
  async scrape(@Res() res: Response): Promise<void> {
    await this.readGauges();
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  /** The gauges kept in the database, read now: projections, the outbox, idempotency keys. */
  private async readGauges(): Promise<void> {
    const now = Date.now();
    for (const status of await this.projections.statuses()) {
      const behind = parseInt(String(status.eventsBehind), 10);
      const lastRecorded = status.lastEventRecordedAt ? Date.parse(status.lastEventRecordedAt) : undefined;
      this.metrics.projectionLagEvents.set({ projection: status.name }, behind);
      this.metrics.projectionLagSeconds.set({ projection: status.name }, behind > 0 && lastRecorded ? Math.max(0, (now - lastRecorded) / 1000) : 0);
      this.metrics.projectionEventsApplied.set({ projection: status.name }, status.eventsApplied);
      for (const candidate of PROJECTION_STATUSES) {
        this.metrics.projectionStatus.set({ projection: status.name, status: candidate }, status.status === candidate ? 1 : 0);
      }
    }
    for (const { name: outbox, table } of this.outboxes) {
      const counts = await this.database.pool.query<{ status: string; count: string }>(
        `SELECT status, count(*) AS count FROM ${table} WHERE status = ANY($1) GROUP BY status`,
        [[...OUTBOX_STATES]],
      );
      for (const state of OUTBOX_STATES) {
        this.metrics.outboxNotifications.set({ outbox, state }, Number(counts.rows.find((row) => row.status === state)?.count ?? 0));
      }
    }
    const keys = await this.database.pool.query<{ count: string }>('SELECT count(*) AS count FROM idempotency_keys');
    this.metrics.idempotencyKeys.set(Number(keys.rows[0].count));
  }
}
