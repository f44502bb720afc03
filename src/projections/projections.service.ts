import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DATABASE, Database } from '../database/database';
import { AppendSignal, EVENT_STORE, EventStore, comparePositions, formatPosition, parsePosition } from '../event-store/event-store.port';
import { InvalidInputError } from '../http/problem';
import { START, checkpoints } from './checkpoint-store';
import { RUN_PROJECTIONS, Projection } from './projection';
import { lockKey } from './projection-lock';
import { ProjectionRunner, RunnerOptions } from './projection-runner';
import { quoted } from './shadow-tables';
import { SharedLogReaders } from './shared-log-reader';
import { StreamStates } from './stream-states';

const LAG_COUNT_CAP = 100_000;

const GATHER_QUIET_MS = 10;
const GATHER_AT_MOST_MS = 60;

/**
 * On the embedded database a runner woken by an append waits until appends
 * pause for GATHER_QUIET_MS, at most GATHER_AT_MOST_MS, so that one batch takes the events of the
 * commands that arrived meanwhile: its one connection runs every statement in
 * turn, and a batch per command per projection was most of a command's cost
 * (docs/performance.md, `npm run demo`). A read waiting for its own write
 * (`waitFor`) does not wait for the gathering. On a server the runners'
 * statements run beside the commands', on connections of their own.
 */
export function gatherOn(database: Pick<Database, 'kind'>): RunnerOptions['gather'] {
  return database.kind === 'embedded' ? { quietMs: GATHER_QUIET_MS, atMostMs: GATHER_AT_MOST_MS } : undefined;
}

/**
 * Whether every append to the log is made in this process, where the append
 * signal sees it: the event store in the embedded database, which one process
 * opens (shared-log-reader.ts, `appended`).
 */
export function appendsSignalledOn(database: Pick<Database, 'kind'>, config: Pick<AppConfig, 'eventStore'>): boolean {
  return database.kind === 'embedded' && config.eventStore === 'postgres';
}

export interface ProjectionStatus {
  name: string;
  /** `standby`: another instance holds the lock and runs it; `unowned`: nobody holds it (its lock was lost and not yet taken again). */
  status: 'running' | 'failed' | 'rebuilding' | 'stopped' | 'standby' | 'unowned';
  /** Who runs it now, as the database's locks show it (the embedded database: this instance while its runner runs). */
  owner: 'this-instance' | 'another-instance' | 'nobody';
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
  private readonly logReader: SharedLogReaders;
  private stopListening: (() => void) | undefined;

  constructor(
    @Inject(RUN_PROJECTIONS) projections: Projection[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly appendSignal: AppendSignal,
  ) {
    this.logReader = new SharedLogReaders(store, { appendsSignalled: appendsSignalledOn(database, config) });
    const options: RunnerOptions = {
      batchSize: config.projections.batchSize,
      rebuildBatchSize: config.projections.rebuildBatchSize,
      idlePollMs: config.projections.idlePollMs,
      retryDelayMs: config.projections.retryDelayMs,
      // Every lock on the instance's one lock session (none on PGlite, which one process opens and whose one connection a held lock would block).
      locks: database.locks,
      lockRetryMs: 1_000,
      // Runners catching up together read each batch once (shared-log-reader.ts).
      logReader: this.logReader,
      // Projections that follow the same streams fold each of them once (stream-states.ts).
      states: new StreamStates(),
      gather: gatherOn(database),
    };
    this.runners = projections.map((projection) => new ProjectionRunner(projection, store, dataSource, options));
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
      // A runner gathering appends reads at once when a read waits for it.
      for (const name of lagging) this.runner(name)?.hurry();
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
    const holders = await this.lockHolders();
    return Promise.all(
      this.runners.map(async (runner) => {
        const name = runner.projection.name;
        const live = stored.get(name);
        const rebuild = stored.get(`${name}#rebuild`);
        let local = runner.status();
        const held = holders?.get(name) ?? [];
        if (holders && local.owner && !held.includes(local.lockSessionPid ?? -1)) {
          // The runner believes it holds the lock, the database says otherwise: believe the database.
          runner.lockNotHeld();
          local = runner.status();
        }
        const owner: ProjectionStatus['owner'] =
          local.owner && local.running ? 'this-instance' : held.some((pid) => pid !== local.lockSessionPid) ? 'another-instance' : 'nobody';
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
              : owner === 'this-instance'
                ? 'running'
                : owner === 'another-instance'
                  ? 'standby'
                  : 'unowned';
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
          ownedByThisInstance: owner === 'this-instance',
          owner,
        };
      }),
    );
  }

  /**
   * Which sessions hold each projection's advisory lock, from `pg_locks`
   * (undefined on the embedded database, which has no locks between
   * processes). A single-number advisory lock shows its high 32 bits as
   * `classid` and its low 32 bits as `objid`.
   */
  private async lockHolders(): Promise<Map<string, number[]> | undefined> {
    if (this.database.kind !== 'server') return undefined;
    const { rows } = await this.database.pool.query<{ name: string; pid: number }>(
      `SELECT p.name, l.pid FROM unnest($1::text[], $2::text[]) AS p(name, key)
       JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::bigint = ((hashtext(p.key)::bigint >> 32) & 4294967295)
        AND l.objid::bigint = (hashtext(p.key)::bigint & 4294967295)`,
      [this.names(), this.names().map(lockKey)],
    );
    const holders = new Map<string, number[]>();
    for (const row of rows) holders.set(row.name, [...(holders.get(row.name) ?? []), row.pid]);
    return holders;
  }

  /**
   * Reads a row of every read-model table and of the checkpoints: a table
   * that is missing or cannot be read (a damaged data folder answers
   * `could not open file …`) makes the read side down, where `SELECT 1` would
   * still succeed. Undefined when every table answers.
   */
  async unreadableReadModel(): Promise<{ table: string; error: string } | undefined> {
    const tables = ['projection_checkpoints', ...new Set(this.runners.flatMap((runner) => runner.projection.tables))];
    const probe = (table: string) => `(SELECT 1 FROM ${quoted(table)} LIMIT 1)`;
    try {
      // One round trip when all is well (/health is polled); table by table only to name the one that fails.
      await this.database.pool.query(`SELECT ${tables.map(probe).join(', ')}`);
      return undefined;
    } catch {
      for (const table of tables) {
        try {
          await this.database.pool.query(`SELECT ${probe(table)}`);
        } catch (error) {
          return { table, error: (error as Error).message };
        }
      }
      return undefined;
    }
  }

  /** Why this instance is not ready to answer reads truthfully: failed projections and those nobody runs. Empty when ready. */
  static notReadyReasons(statuses: ProjectionStatus[]): string[] {
    return statuses.flatMap((projection) =>
      projection.status === 'failed'
        ? [`projection ${projection.name} is stopped at event ${projection.failedEventId}`]
        : projection.owner === 'nobody'
          ? [`projection ${projection.name} is run by no instance (its lock is not held)`]
          : [],
    );
  }
}
