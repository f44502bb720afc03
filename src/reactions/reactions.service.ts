import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DATABASE, Database } from '../database/database';
import { AppendSignal, EVENT_STORE, EventStore, comparePositions, formatPosition, parsePosition } from '../event-store/event-store.port';
import { START, checkpoints } from '../projections/checkpoint-store';
import { ProjectionRunner } from '../projections/projection-runner';
import { appendsSignalledOn, gatherOn } from '../projections/projections.service';
import { SharedLogReaders } from '../projections/shared-log-reader';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { REACTION_FACTORIES, ReactionFactory } from './reaction';
import { reactionAsProjection } from './reaction-projection';

export interface ReactionStatus {
  name: string;
  status: 'running' | 'failed' | 'stopped' | 'standby';
  position: string;
  eventsPassed: number;
  failedEventId: string | null;
  lastError: string | null;
  ownedByThisInstance: boolean;
}

/**
 * Runs every reaction (reaction.ts) with a projection runner of its own, and
 * lets a command wait until a reaction has followed its event, so that the
 * response can tell what the second step did.
 */
@Injectable()
export class ReactionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runners: ProjectionRunner[];
  private readonly logReader: SharedLogReaders;
  private stopListening: (() => void) | undefined;

  constructor(
    @Inject(REACTION_FACTORIES) factories: ReactionFactory[],
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    commandBus: CommandBus,
    dataSource: DataSource,
    private readonly appendSignal: AppendSignal,
  ) {
    this.logReader = new SharedLogReaders(store, { appendsSignalled: appendsSignalledOn(database, config) });
    const options = {
      // One size, also on a first start on a backlog: a reaction acts in `prepare`, and a crash hands it the whole batch again.
      batchSize: config.projections.batchSize,
      idlePollMs: config.projections.idlePollMs,
      retryDelayMs: config.projections.retryDelayMs,
      // As for projections: one owner across instances on a server, its lock on the instance's lock session; PGlite is one process anyway.
      locks: database.locks,
      lockRetryMs: 1_000,
      logReader: this.logReader,
      gather: gatherOn(database),
    };
    this.runners = factories.map((factory) => new ProjectionRunner(reactionAsProjection(factory({ store, commandBus, clock })), store, dataSource, options));
  }

  onApplicationBootstrap(): void {
    this.stopListening = this.appendSignal.listen(() => {
      this.logReader.appended();
      this.runners.forEach((runner) => runner.notify());
    });
    this.runners.forEach((runner) => runner.start());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /**
   * Resolves true once the reaction has passed `position` (its steps for the
   * events up to there are taken or recorded as refused), false if that takes
   * longer than REACTION_WAIT_MS: the step then still follows, only later.
   */
  async waitFor(name: string, position: string): Promise<boolean> {
    const target = parsePosition(position);
    const runner = this.runners.find((candidate) => candidate.projection.name === name);
    if (!target || !runner) return false;
    const deadline = Date.now() + this.config.reactions.waitMs;
    for (;;) {
      const reached = runner.knownPosition() ?? (await checkpoints.load(this.database.pool, name))?.position;
      if (reached && comparePositions(reached, target) >= 0) return true;
      runner.hurry();
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await new Promise<void>((resolve) => {
        const stop = runner.onAdvance(finish);
        const timer = setTimeout(finish, Math.min(remaining, 25));
        function finish() {
          clearTimeout(timer);
          stop();
          resolve();
        }
      });
    }
  }

  async statuses(): Promise<ReactionStatus[]> {
    const stored = new Map((await checkpoints.loadAll(this.database.pool)).map((row) => [row.name, row]));
    return this.runners.map((runner) => {
      const name = runner.projection.name;
      const row = stored.get(name);
      const local = runner.status();
      return {
        name,
        status: row?.status === 'failed' ? 'failed' : !local.running ? 'stopped' : local.owner ? 'running' : 'standby',
        position: formatPosition(row?.position ?? START),
        eventsPassed: row?.eventsApplied ?? 0,
        failedEventId: row?.status === 'failed' ? row.failedEventId : null,
        lastError: row?.status === 'failed' ? row.lastError : null,
        ownedByThisInstance: local.owner && local.running,
      };
    });
  }
}
