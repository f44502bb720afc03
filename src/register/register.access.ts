/**
 * Who may give each register command: the structure register's rows of the
 * access matrix (docs/access.md), registered with auth when this file is
 * loaded (the register's command handler and controller import it).
 */
import { type AccessRule, command, registerAccessRules } from '../auth/access-policy';
import type { RegisterCommandType } from './register.commands';

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
