import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { streamIdOf } from '../command-handling/execute-with-decider';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DATABASE, Database } from '../database/database';
import { underMigrationLock } from '../database/migration-lock';
import { EVENT_STORE, EventStore, GlobalPosition, WrongExpectedRevisionError } from '../event-store/event-store.port';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import { ExecuteRegisterCommand } from './execute-register-command';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import type { SeedStructure } from './register.commands';
import { collectNamedIds, idsCreatedBy, referenceStepsFor } from './reference-data-migration';
import { builtInStructure, seedCommand } from './structure-file';

/** Events read at a time while looking for the ids stored events name. */
const SCAN_BATCH = 5_000;

/**
 * STRUCTURE_SEED=on-start (the default): at start-up, an empty register is
 * loaded from the structure file, through the same write path as
 * `POST /register/seed`, by the system. On a database that holds events from
 * before the register, the same load is the migration from the fixed
 * reference data (reference-data-migration.ts). It runs under the migrations'
 * advisory lock, so instances started together load it once; the fixed
 * command id and the expected revision keep it once even without the lock.
 * A register already loaded is left alone.
 */
@Injectable()
export class StructureSeeding implements OnApplicationBootstrap {
  private readonly logger = new Logger(StructureSeeding.name);

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.structure.seed !== 'on-start') return;
    await underMigrationLock(this.database, () => this.seedEmptyRegister());
  }

  private async seedEmptyRegister(): Promise<void> {
    if ((await this.store.streamRevision(streamIdOf(registerDecider, STRUCTURE_ID))) >= 0) return;
    const command = await this.withStoredIds(seedCommand(this.config));
    const actor = { userId: 'system', displayName: 'Frågespår (strukturfil)', role: 'admin', organisationId: 'system' };
    try {
      // A fixed command id: a start that loaded the register and one that retries it store the same events once.
      const outcome = await this.commandBus.execute(
        new ExecuteRegisterCommand(command, {
          commandId: '00000000-0000-8000-8000-000000000027',
          correlationId: '00000000-0000-8000-8000-000000000027',
          actor,
        }),
      );
      if (outcome.events.length > 0) this.logger.log(`Loaded the structure register from ${command.data.source}: ${outcome.events.length} events`);
    } catch (error) {
      if (error instanceof DomainRuleViolation && error.rule === 'register-not-empty') return;
      if (error instanceof WrongExpectedRevisionError) return;
      throw error;
    }
  }

  /**
   * The file's steps, and after them the reference data's for every id of
   * today's fixed lists that stored events name and the file lacks. Värmland's
   * own file holds them all, so the log is read only when another file is
   * loaded onto a database with events.
   */
  private async withStoredIds(command: SeedStructure): Promise<SeedStructure> {
    const reference = builtInStructure().commands;
    const inFile = idsCreatedBy(command.data.commands);
    const candidates = new Set([...idsCreatedBy(reference)].filter((id) => !inFile.has(id)));
    if (candidates.size === 0) return command;
    const named = new Set<string>();
    let after: GlobalPosition | undefined;
    const registerStream = streamIdOf(registerDecider, STRUCTURE_ID);
    while (named.size < candidates.size) {
      const batch = await this.store.readAll({ after, maxCount: SCAN_BATCH });
      if (batch.length === 0) break;
      for (const event of batch) if (event.streamId !== registerStream) collectNamedIds(event.data, candidates, named);
      after = batch[batch.length - 1].position;
    }
    if (named.size === 0) return command;
    const added = referenceStepsFor(named, command.data.commands, reference);
    this.logger.warn(
      `Stored events name ${[...named].join(', ')}, which ${command.data.source} lacks: they are added to the register from the built-in reference data`,
    );
    return {
      type: 'SeedStructure',
      data: { source: `${command.data.source} + reference data for stored events (${[...named].join(', ')})`, commands: [...command.data.commands, ...added] },
    };
  }
}
