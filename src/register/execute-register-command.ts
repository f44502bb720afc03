import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { type AccessRule, authorizeRole, command, registerAccessRules } from '../auth/access-policy';
import { CommandEnvelope, CommandOutcome, executeWithDecider } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { RegisterCommand, type RegisterCommandType } from './register.commands';

/*
 * Who may give each register command: the structure register's rows of the
 * access matrix (docs/access.md), registered with auth when this file is
 * loaded (the register's controller loads it with the bus command).
 */
declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<RegisterCommandType, true> {}
}

/** Those who keep the structure register: the administrator and the working group, which organises the structure's processes. */
const REGISTER = ['admin', 'working-group'] as const;

/** `satisfies Record<RegisterCommandType, …>`: a command type without a rule here does not compile. */
export const REGISTER_ACCESS = {
  // The structure register (strukturregistret), see docs/structure.md: kept by the administrator and the working group.
  JoinOrganisation: command('Registrera en ny part (organisation ansluten)', REGISTER),
  LeaveOrganisation: command('Registrera att en part utträtt (med skäl)', REGISTER),
  EstablishForum: command('Registrera ett inrättat forum', REGISTER),
  RenameForum: command('Registrera ett forums nya namn', REGISTER),
  ChangeForumRole: command('Registrera ett forums nya roll', REGISTER),
  MergeForum: command('Registrera att forum slagits samman (med skäl)', REGISTER),
  DiscontinueForum: command('Registrera att ett forum avvecklats (med skäl)', REGISTER),
  RegisterPerson: command('Registrera en person', REGISTER),
  BeginPersonRole: command('Registrera en persons uppdrag (ordförande, ledamot, sekreterare, registrator)', REGISTER),
  EndPersonRole: command('Registrera att en persons uppdrag upphört', REGISTER),
  SeedStructure: command('Läsa in strukturen från strukturfilen (tomt register)', ['admin']),
} as const satisfies Record<RegisterCommandType, AccessRule>;

registerAccessRules(REGISTER_ACCESS);

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
