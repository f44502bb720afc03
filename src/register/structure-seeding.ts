import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WrongExpectedRevisionError } from '../event-store/event-store.port';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import { ExecuteRegisterCommand } from './execute-register-command';
import { seedCommand } from './structure-file';

/**
 * STRUCTURE_SEED=on-start: at start-up, an empty register is loaded from the
 * structure file, through the same write path as `POST /register/seed`, by
 * the system. A register already loaded is left alone (register-not-empty), as
 * is one another instance loaded at the same moment (a stale revision).
 */
@Injectable()
export class StructureSeeding implements OnApplicationBootstrap {
  private readonly logger = new Logger(StructureSeeding.name);

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.structure.seed !== 'on-start') return;
    const command = seedCommand(this.config);
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
}
