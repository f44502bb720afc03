import { Inject, Injectable } from '@nestjs/common';
import { AccessDenied } from '../auth/access-policy';
import type { RoleSource } from '../auth/role-source';
import type { Principal } from '../auth/token-verifier';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { RegisterReader } from './contract';
import { ROLES_OUTSIDE_THE_REGISTER, signInFromRegister } from './sign-in-roles';

/**
 * ROLES_FROM=register: the signed-in person's name, organisation, roles and
 * forums come from the register as it stands today (sign-in-roles.ts); the
 * token's `admin` and `auditor` roles, which the register does not hold, are
 * kept after them. The `register` read model is read (one row) rather than
 * the stream folded, as for every request; a role just recorded counts once
 * the read model has it, within moments. With ROLES_FROM=claims (the
 * default) the token is taken as it is.
 */
@Injectable()
export class RegisterRoleSource implements RoleSource {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reader: RegisterReader,
  ) {}

  async principalFor(verified: Principal): Promise<Principal> {
    if (this.config.auth.rolesFrom !== 'register') return verified;
    const outside = verified.roles.filter((role) => ROLES_OUTSIDE_THE_REGISTER.includes(role));
    const found = signInFromRegister(await this.reader.fromReadModel(), verified, today(this.clock));
    if (!found) {
      // An administrator or auditor the register does not name acts as the token says, with the token's organisation.
      if (outside.length > 0 && verified.organisationId !== '') return { ...verified, roles: outside, forums: [] };
      throw new AccessDenied(
        `${verified.userId} is signed in, but the structure register names no person with that subject${verified.email ? ` or the e-mail ${verified.email}` : ''}, so no role is granted (ROLES_FROM=register)`,
        { role: 'none' },
      );
    }
    return {
      userId: verified.userId,
      displayName: found.person.name,
      organisationId: found.person.organisationId,
      roles: [...found.roles, ...outside],
      forums: found.forums,
      ...(verified.email ? { email: verified.email } : {}),
    };
  }
}
