import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { DATABASE, Database } from '../database/database';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';

/** Liveness and readiness: the event store and the read-model database, each up or down. 503 if either is down. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Status of the event store and the read-model database' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [eventStore, readModels] = await Promise.all([this.store.health(), this.readModelHealth()]);
    const status = eventStore.status === 'up' && readModels.status === 'up' ? 'up' : 'down';
    res.status(status === 'up' ? 200 : 503);
    return { status, eventStore, readModels };
  }

  private async readModelHealth() {
    try {
      await this.database.pool.query('SELECT 1');
      return { status: 'up' as const, database: this.database.kind === 'embedded' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL server', location: this.database.location };
    } catch (error) {
      return { status: 'down' as const, error: (error as Error).message };
    }
  }
}
