import 'reflect-metadata';
import { Reflector } from '@nestjs/core';
import { ExecutionContext } from '@nestjs/common';
// The whole matrix: the slices' command rules beside the query actions'.
import '../support/access-rules';
import { ACCESS_POLICY, ACTIONS, AccessDenied, Action, QUERY_ACTIONS, authorize, authorizeForum, roleMay } from '../../src/auth/access-policy';
import { Allow, AuthGuard, Public } from '../../src/auth/auth.guard';
import { ROLES, ROLE_IDS, Role } from '../../src/auth/roles';
import { TokenVerifier, actorFor } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { Actor } from '../../src/event-store/event-store.port';
import { organisationOf } from '../../src/questions/execute-question-command';
import { QuestionCommand } from '../../src/questions/question.commands';
import {
  ASSIGNMENT_COMMAND_SCOPE,
  ASSIGNMENT_COMMAND_TYPES,
  COMMAND_TYPES,
  MEETING_COMMAND_TYPES,
  REGISTER_COMMAND_TYPES,
  SAMPLE_COMMANDS,
  sampleCommand,
} from './sample-commands';

const actor = (role: string, organisationId = 'kil'): Actor => ({ userId: `${role}.${organisationId}`, displayName: role, role, organisationId });
const refusal = (work: () => void): AccessDenied | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    if (error instanceof AccessDenied) return error;
    throw error;
  }
};

describe('The access policy', () => {
  it('has a rule for every command type and every query action, and nothing else', () => {
    expect([...ACTIONS].sort()).toEqual(
      [...COMMAND_TYPES, ...ASSIGNMENT_COMMAND_TYPES, ...MEETING_COMMAND_TYPES, ...REGISTER_COMMAND_TYPES, ...QUERY_ACTIONS].sort(),
    );
    for (const type of [...COMMAND_TYPES, ...ASSIGNMENT_COMMAND_TYPES, ...MEETING_COMMAND_TYPES, ...REGISTER_COMMAND_TYPES])
      expect(ACCESS_POLICY[type].kind).toBe('command');
    for (const action of QUERY_ACTIONS) expect(ACCESS_POLICY[action].kind).toBe('query');
  });

  it('names only known roles', () => {
    for (const action of ACTIONS) for (const role of ACCESS_POLICY[action].roles) expect(ROLE_IDS).toContain(role);
  });

  it('lets the auditor read everything, history included, and write nothing', () => {
    for (const action of ACTIONS)
      expect(roleMay('auditor', action)).toBe(ACCESS_POLICY[action].kind === 'query' && action !== 'projections.admin' && action !== 'questions.import');
  });

  it('keeps projection maintenance for admin and audit for auditor and admin', () => {
    expect(ACCESS_POLICY['projections.admin'].roles).toEqual(['admin']);
    expect([...ACCESS_POLICY['audit.read'].roles].sort()).toEqual(['admin', 'auditor']);
  });

  it('lets only chairs (and admin) take or send back a position', () => {
    expect([...ACCESS_POLICY.TakePosition.roles].sort()).toEqual(['admin', 'chair']);
    expect([...ACCESS_POLICY.SendBackToDialogue.roles].sort()).toEqual(['admin', 'chair']);
  });

  it('lets only chairs (and admin) set or amend an agenda and adopt the annual wheel, which the working group proposes', () => {
    for (const type of ['SetAgenda', 'AmendAgenda', 'AdoptYearWheel'] as const) expect([...ACCESS_POLICY[type].roles].sort()).toEqual(['admin', 'chair']);
    expect([...ACCESS_POLICY.ProposeYearWheel.roles].sort()).toEqual(['admin', 'working-group']);
  });

  it('lets admin do everything', () => {
    for (const action of ACTIONS) expect(roleMay('admin', action)).toBe(true);
  });

  describe('authorize, for every action × role', () => {
    const cases = ACTIONS.flatMap((action) => ROLE_IDS.map((role) => [action, role] as [Action, Role]));
    it.each(cases)('%s by %s: allowed exactly when the matrix says so', (action, role) => {
      const denied = refusal(() => authorize(actor(role, 'kil'), action, 'kil'));
      expect(denied === undefined).toBe(roleMay(role, action));
      if (denied) {
        expect(denied.message).toContain(role);
        expect(denied.message).toContain(action);
        expect(denied.details).toEqual({ role, action });
      }
    });
  });

  describe('organisation scope', () => {
    const scoped = ACTIONS.filter((action) => ACCESS_POLICY[action].organisationScoped);

    it('is on exactly the commands done for one organisation, and on reading one organisation’s follow-up as of a past date', () => {
      expect(scoped.sort()).toEqual(
        [
          'follow-up.as-of',
          'AnswerConsultation',
          'CorrectMemberDecision',
          'RaiseQuestion',
          'RecordFeedbackAtHome',
          'RecordMemberDecision',
          'SubmitInput',
          ...ASSIGNMENT_COMMAND_TYPES.filter((type) => ASSIGNMENT_COMMAND_SCOPE[type] === 'responsible-organisation'),
        ].sort(),
      );
    });

    it.each(COMMAND_TYPES)('organisationOf(%s) names the organisation exactly when the command is scoped', (type) => {
      const organisation = organisationOf(sampleCommand(type, 'q-1', 'kil'));
      expect(organisation === 'kil').toBe(ACCESS_POLICY[type].organisationScoped);
      if (!ACCESS_POLICY[type].organisationScoped) expect(organisation).toBeUndefined();
    });

    it.each(scoped)('a member of kil may %s for kil but not for karlstad', (action) => {
      expect(() => authorize(actor('member', 'kil'), action, 'kil')).not.toThrow();
      const denied = refusal(() => authorize(actor('member', 'kil'), action, 'karlstad'));
      expect(denied).toBeInstanceOf(AccessDenied);
      expect(denied!.message).toBe(`The role member (Medlem (part)) acts for its own organisation (kil) only, so it may not ${action} for karlstad`);
      expect(denied!.details).toEqual({ role: 'member', action, organisationId: 'karlstad' });
    });

    it('a member may not raise a question that is not in its organisation’s name', () => {
      const raisedByKil = SAMPLE_COMMANDS.RaiseQuestion('q-1', 'kil');
      const raisedInForum: QuestionCommand = { ...raisedByKil, data: { ...raisedByKil.data, raisedBy: { kind: 'forum', id: 'council' } } };
      expect(organisationOf(raisedInForum)).toBeUndefined();
      const denied = refusal(() => authorize(actor('member', 'kil'), 'RaiseQuestion', organisationOf(raisedInForum)));
      expect(denied?.message).toContain('not for an organisation');
    });

    it.each(ROLE_IDS.filter((role) => ROLES[role].scope === 'any-organisation'))('%s may do its scoped commands for any organisation', (role) => {
      for (const action of scoped.filter((candidate) => roleMay(role, candidate))) {
        expect(() => authorize(actor(role, 'region-varmland'), action, 'karlstad')).not.toThrow();
      }
    });
  });

  it('refuses a role Frågespår does not know', () => {
    const denied = refusal(() => authorize(actor('offline_access'), 'questions.read'));
    expect(denied?.message).toContain('"offline_access" is not a role of Frågespår');
  });
});

describe('The acting role', () => {
  const principal = { userId: 'u', displayName: 'U', organisationId: 'kil', roles: ['offline_access', 'member', 'secretary'] };

  it('is the first role known to Frågespår when none is asked for', () => {
    expect(actorFor(principal)).toEqual({ userId: 'u', displayName: 'U', organisationId: 'kil', role: 'member' });
  });

  it('is the role asked for with X-Acting-Role when the token grants it', () => {
    expect(actorFor(principal, 'secretary').role).toBe('secretary');
  });

  it('is refused when the token does not grant the role asked for', () => {
    expect(() => actorFor(principal, 'admin')).toThrow(AccessDenied);
    expect(() => actorFor(principal, 'admin')).toThrow('X-Acting-Role "admin" is not one of the roles your token grants (offline_access, member, secretary)');
  });
});

describe('The guard: deny by default', () => {
  const verifier = TokenVerifier.create(loadConfig({ AUTH_JWT_SECRET: 'unit-test-secret-that-is-long-enough-for-hs256', DATA_DIR: '/nonexistent' }));
  const guard = new AuthGuard(new Reflector(), verifier);

  class Routes {
    @Allow('questions.read')
    read() {}
    @Allow('TakePosition')
    takePosition() {}
    @Public()
    health() {}
    undeclared() {}
  }
  const context = (handler: keyof Routes, token?: string, headers: Record<string, string> = {}) => {
    const request = { method: 'GET', path: `/${handler}`, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
    return {
      getHandler: () => Routes.prototype[handler],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ setHeader: () => undefined, getHeader: () => undefined }) }),
    } as unknown as ExecutionContext;
  };
  const tokenFor = (role: string) => verifier.mint({ userId: 'u', displayName: 'U', organisationId: 'kil', roles: [role] });

  it('lets a public route through without a token', async () => {
    await expect(guard.canActivate(context('health'))).resolves.toBe(true);
  });

  it('refuses a route that declares no action, even to admin', async () => {
    await expect(guard.canActivate(context('undeclared', await tokenFor('admin')))).rejects.toThrow(
      'declares no access rule, so it is refused (deny by default)',
    );
  });

  it('checks the role against the route’s action', async () => {
    await expect(guard.canActivate(context('read', await tokenFor('auditor')))).resolves.toBe(true);
    await expect(guard.canActivate(context('takePosition', await tokenFor('auditor')))).rejects.toThrow(AccessDenied);
    await expect(guard.canActivate(context('takePosition', await tokenFor('chair')))).resolves.toBe(true);
  });
});

describe('forum scope: a secretary serves the forums its token names', () => {
  it('marks every command on a meeting, and nothing else (not the annual wheel, which spans forums), as done in a forum', () => {
    const onAMeeting = MEETING_COMMAND_TYPES.filter((type) => !type.endsWith('YearWheel'));
    expect(ACTIONS.filter((action) => ACCESS_POLICY[action].forumScoped).sort()).toEqual([...onAMeeting].sort());
  });

  it('lets a secretary act in a meeting of a forum it serves, and refuses the others naming role, action and forum', () => {
    expect(refusal(() => authorizeForum(actor('secretary'), 'RecordAttendance', 'council', ['council']))).toBeUndefined();
    const refused = refusal(() => authorizeForum(actor('secretary'), 'RecordAttendance', 'chairs-council', ['council']));
    expect(refused?.message).toBe(
      'The role secretary (Sekreterare) serves the forums its token names (council), so it may not RecordAttendance in a meeting of chairs-council',
    );
    expect(refused?.details).toEqual({ role: 'secretary', action: 'RecordAttendance', forum: 'chairs-council' });
  });

  it('refuses a secretary whose token names no forum (deny by default)', () => {
    expect(refusal(() => authorizeForum(actor('secretary'), 'ScheduleMeeting', 'council', undefined))?.message).toContain('(none)');
    expect(refusal(() => authorizeForum(actor('secretary'), 'ScheduleMeeting', 'council', []))).toBeInstanceOf(AccessDenied);
  });

  it('does not scope the other roles, nor commands outside meetings', () => {
    for (const role of ['admin', 'working-group', 'chair'] as const) {
      expect(refusal(() => authorizeForum(actor(role), 'RecordAttendance', 'chairs-council', undefined))).toBeUndefined();
    }
    expect(refusal(() => authorizeForum(actor('secretary'), 'RecordDialogue', 'chairs-council', ['council']))).toBeUndefined();
  });
});
