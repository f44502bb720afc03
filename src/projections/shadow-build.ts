import { Logger } from '@nestjs/common';
import { comparePositions } from '../event-store/event-store.port';
import { BatchWriter, Passed, WRITTEN_AT_ONCE, WriterContext } from './batch-writer';
import { type Checkpoint, REBUILD_SUFFIX, START, checkpoints } from './checkpoint-store';
import { rebuilds } from './rebuild';
import { SHADOW_SUFFIX, quoted } from './shadow-tables';

/**
 * A projection that has applied nothing and finds at least this many events
 * builds its read model as a rebuild does, in shadow tables swapped in once
 * caught up, where indexes other than keys are built once at the end
 * (shadow-tables.ts) instead of kept up row by row.
 */
const BUILD_IN_SHADOW_FROM_EVENTS = 10_000;

/**
 * A runner's build of its read model in shadow tables beside the live ones
 * (rebuild.ts): a requested rebuild, or a first build on a backlog. It
 * decides when one begins, carries one an earlier owner left half done, feeds
 * the shadow its batches (in batches of PROJECTION_REBUILD_BATCH_SIZE, under
 * the `<name>#rebuild` checkpoint) and swaps it in once it has caught up with
 * the live checkpoint.
 */
export class ShadowBuild {
  private building = false;
  /** Whether this ownership asked if the first build starts on a backlog (startsOnABacklog). */
  private backlogAsked = false;
  private readonly writer: BatchWriter;
  private readonly checkpointName: string;
  private readonly buildInShadowFromEvents: number;
  private readonly batchSize: number;

  constructor(
    private readonly context: WriterContext,
    private readonly logger: Logger,
    options: { batchSize: number; buildInShadowFromEvents?: number },
  ) {
    this.checkpointName = context.projection.name + REBUILD_SUFFIX;
    this.batchSize = options.batchSize;
    this.writer = new BatchWriter(context, {
      checkpointName: this.checkpointName,
      table: (table) => quoted(table + SHADOW_SUFFIX),
      live: false,
      batchSize: options.batchSize,
      stored: WRITTEN_AT_ONCE,
    });
    this.buildInShadowFromEvents = options.buildInShadowFromEvents ?? BUILD_IN_SHADOW_FROM_EVENTS;
  }

  get underWay(): boolean {
    return this.building;
  }

  /** Ownership (re)gained: a rebuild left half done by an earlier owner continues from its own checkpoint. */
  async tookOwnership(): Promise<void> {
    this.backlogAsked = false;
    this.writer.forget();
    this.building = await rebuilds.underWay(this.context.dataSource, this.context.projection);
  }

  /** Begins a build in shadow tables if the live row asks for a rebuild or the first build starts on a backlog. */
  async beginIfWanted(live: Checkpoint): Promise<void> {
    if (this.building) return;
    if (!live.rebuildRequestedAt && !(await this.startsOnABacklog(live))) return;
    this.logger.log('rebuild requested: building a new read model beside the live one');
    // Runners whose rebuilds began earlier keep the start of the log for this one while it makes its tables.
    this.context.logReader.expect?.(this.checkpointName, undefined, this.batchSize);
    await rebuilds.begin(this.context.dataSource, this.context.projection);
    this.writer.forget();
    this.building = true;
  }

  /** Nothing applied yet, and a backlog of BUILD_IN_SHADOW_FROM_EVENTS or more: the first build goes through shadow tables. Asked once per ownership. */
  private async startsOnABacklog(live: Checkpoint): Promise<boolean> {
    if (this.backlogAsked) return false;
    this.backlogAsked = true;
    if (live.eventsApplied > 0 || comparePositions(live.position, START) !== 0) return false;
    return (await this.context.store.countEventsAfter(undefined, this.buildInShadowFromEvents)) >= this.buildInShadowFromEvents;
  }

  /** The next batch into the shadow tables, from the rebuild's own checkpoint; undefined when there was none to read. */
  async applyNext(): Promise<Passed | undefined> {
    const shadow = await checkpoints.load(this.context.dataSource.manager, this.checkpointName);
    if (!shadow) throw new Error(`checkpoint row ${this.checkpointName} is missing`);
    return this.writer.applyNext(shadow.position);
  }

  /** Swaps the shadow in if it has caught up with the live checkpoint (rebuild.ts); true if it did. */
  async swapInIfCaughtUp(): Promise<boolean> {
    const events = await rebuilds.swapInIfCaughtUp(this.context.dataSource, this.context.projection);
    if (events === undefined) return false;
    this.building = false;
    this.writer.forget();
    this.logger.log(`rebuild complete: ${events} events; new read model swapped in`);
    return true;
  }

  /** Waits for the batch ahead and discards it (the runner stops). */
  dropLookahead(): Promise<void> {
    return this.writer.dropLookahead();
  }
}
