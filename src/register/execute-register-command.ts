import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { authorizeRole } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { RegisterCommand } from './register.commands';
// The slice's access rules, registered before any of its commands is checked.
import './register.access';

/** One bus command carries any register command, as for questions. */
export class ExecuteRegisterCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: RegisterCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** Checks the role (the register is the collaboration's, not one party's), then runs the shared write path on the structure's stream. */
@CommandHandler(ExecuteRegisterCommand)
export class ExecuteRegisterCommandHandler implements ICommandHandler<ExecuteRegisterCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ command, envelope }: ExecuteRegisterCommand): Promise<CommandOutcome> {
    authorizeRole(envelope.actor, command.type);
    const reason = 'reason' in command.data ? command.data.reason : command.type === 'SeedStructure' ? `Strukturfil: ${command.data.source}` : undefined;
    return await executeWithDecider(this.store, this.clock, registerDecider, STRUCTURE_ID, command, envelope, reason);
  }
}
