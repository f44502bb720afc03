import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DATABASE, Database } from '../database/database';
import { AppendSignal } from '../event-store/append-signal';
import { EVENT_STORE, EventStore, comparePositions, formatPosition, parsePosition } from '../event-store/event-store.port';
import { InvalidInputError } from '../http/problem';
import { START, checkpoints } from './checkpoint-store';
import { PROJECTIONS, Projection } from './projection';
import { ProjectionRunner, RunnerOptions } from './projection-runner';
import { SharedLogReader } from './shared-log-reader';

const LAG_COUNT_CAP = 100_000;

export interface ProjectionStatus {
  name: string;
  status: 'running' | 'failed' | 'rebuilding' | 'stopped' | 'standby';
  position: string;
  eventsApplied: number;
  eventsBehind: number | string;
  lastEventRecordedAt: string | null;
  failedEventId: string | null;
  lastError: string | null;
  rebuild: { requestedAt: string | null; position: string | null; eventsApplied: number | null } | null;
  ownedByThisInstance: boolean;
}

/**
 * Starts a runner per projection, answers where each stands (health, metrics),
 * takes rebuild requests, and lets reads wait for their own writes.
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runners: ProjectionRunner[];
  private stopListening: (() => void) | undefined;

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly appendSignal: AppendSignal,
  ) {
    const options: RunnerOptions = {
      batchSize: config.projections.batchSize,
      idlePollMs: config.projections.idlePollMs,
      retryDelayMs: config.projections.retryDelayMs,
      // PGlite has one connection: a held lock connection would block everything, and only one process can open it anyway.
      lockPool: database.kind === 'server' ? database.pool : undefined,
      lockRetryMs: 1_000,
      // Runners catching up together read each batch once (shared-log-reader.ts).
      logReader: new SharedLogReader(store),
    };
    this.runners = projections.map((projection) => new ProjectionRunner(projection, store, dataSource, options));
  }

  onApplicationBootstrap(): void {
    this.stopListening = this.appendSignal.listen(() => this.runners.forEach((runner) => runner.notify()));
    this.runners.forEach((runner) => runner.start());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  names(): string[] {
    return this.runners.map((runner) => runner.projection.name);
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.find((runner) => runner.projection.name === name);
  }

  /**
   * Read-your-writes: resolves once every named projection has applied the event
   * at `afterPosition` (the `position` a command returned). 503 if that takes
   * longer than READ_YOUR_WRITES_TIMEOUT_MS. Works across instances: a
   * projection this instance owns is checked in memory and its progress wakes
   * the wait; one owned elsewhere is checked on its stored checkpoint.
   */
  async waitFor(names: string[], afterPosition: string | undefined): Promise<void> {
    if (afterPosition === undefined || afterPosition === '') return;
    const target = parsePosition(afterPosition);
    if (!target) {
      throw new InvalidInputError([
        { field: 'afterPosition', rule: 'isPosition', message: 'afterPosition must be a position as returned by a command, e.g. "812.4031"' },
      ]);
    }
    const deadline = Date.now() + this.config.projections.readYourWritesTimeoutMs;
    for (;;) {
      const lagging: string[] = [];
      for (const name of names) {
        // The local owner knows its position without a round trip; otherwise (another instance owns it) the stored checkpoint.
        const position = this.runner(name)?.knownPosition() ?? (await checkpoints.load(this.database.pool, name))?.position;
        if (!position || comparePositions(position, target) < 0) lagging.push(name);
      }
      if (lagging.length === 0) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new ServiceUnavailableException(
          `The read model (${lagging.join(', ')}) has not yet caught up with position ${afterPosition}. Retry in a moment.`,
        );
      }
      await this.waitForProgress(lagging, Math.min(remaining, 25));
    }
  }

  private waitForProgress(names: string[], ms: number): Promise<void> {
    return new Promise((resolve) => {
      const unsubscribe = names.map((name) => this.runner(name)?.onAdvance(finish));
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        unsubscribe.forEach((stop) => stop?.());
        resolve();
      }
    });
  }

  async requestRebuild(names: string[]): Promise<void> {
    for (const name of names) {
      await checkpoints.ensure(this.dataSource.manager, name);
      await checkpoints.requestRebuild(this.dataSource.manager, name);
      this.runner(name)?.recheckCheckpoint();
    }
  }

  async statuses(): Promise<ProjectionStatus[]> {
    // Through the pool, as the read endpoints read (src/database/read-sql.ts): /health and /metrics call this.
    const stored = new Map((await checkpoints.loadAll(this.database.pool)).map((row) => [row.name, row]));
    return Promise.all(
      this.runners.map(async (runner) => {
        const name = runner.projection.name;
        const live = stored.get(name);
        const rebuild = stored.get(`${name}#rebuild`);
        const local = runner.status();
        const position = live?.position ?? START;
        const behind = await this.store.countEventsAfter(comparePositions(position, START) === 0 ? undefined : position, LAG_COUNT_CAP);
        // A rebuild stopped on a failing event is the projection's failure too: it will not swap in until that event is fixed.
        const failed = live?.status === 'failed' ? live : rebuild?.status === 'failed' ? rebuild : undefined;
        const status: ProjectionStatus['status'] = failed
          ? 'failed'
          : rebuild
            ? 'rebuilding'
            : !local.running
              ? 'stopped'
              : local.owner
                ? 'running'
                : 'standby';
        return {
          name,
          status,
          position: formatPosition(position),
          eventsApplied: live?.eventsApplied ?? 0,
          eventsBehind: behind >= LAG_COUNT_CAP ? `${LAG_COUNT_CAP}+` : behind,
          lastEventRecordedAt: live?.lastRecordedAt?.toISOString() ?? null,
          failedEventId: failed?.failedEventId ?? null,
          lastError: failed?.lastError ?? null,
          rebuild:
            live?.rebuildRequestedAt || rebuild
              ? {
                  requestedAt: live?.rebuildRequestedAt?.toISOString() ?? null,
                  position: rebuild ? formatPosition(rebuild.position) : null,
                  eventsApplied: rebuild?.eventsApplied ?? null,
                }
              : null,
          ownedByThisInstance: local.owner && local.running,
        };
      }),
    );
  }
}
