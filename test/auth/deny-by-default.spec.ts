// The whole matrix: the slices' command rules beside the query actions'.
import '../support/access-rules';
import { ACCESS_POLICY, AccessDenied, type Action, authorize, authorizeRole, isAction, roleMay } from '../../src/auth/access-policy';
import type { Actor } from '../../src/event-store/event-store.port';

// Each rule of the access policy from both sides: what it denies, and the nearest thing it allows.

const actor = (role: string, organisationId = 'kil'): Actor => ({ userId: `${role}.${organisationId}`, displayName: role, role, organisationId });

function denialOf(work: () => void): AccessDenied {
  try {
    work();
  } catch (error) {
    if (error instanceof AccessDenied) return error;
    throw error;
  }
  throw new Error('expected access to be denied, but it was allowed');
}

describe('deny by default: an action the policy does not know', () => {
  it.each(['DeleteQuestion', 'questions.write', 'toString', '__proto__', ''])(
    'authorize denies the unknown action %j to admin, who may do every known one',
    (action) => {
      const denied = denialOf(() => authorize(actor('admin'), action as Action, 'kil'));
      expect(denied.details).toEqual({ role: 'admin', action });
      expect(() => authorize(actor('admin'), 'RaiseQuestion', 'kil')).not.toThrow();
    },
  );

  it('authorizeRole (the HTTP guard) denies an unknown action too', () => {
    expect(denialOf(() => authorizeRole(actor('admin'), 'DeleteQuestion' as Action)).details).toEqual({ role: 'admin', action: 'DeleteQuestion' });
  });

  it.each([
    ['RaiseQuestion', true],
    ['questions.read', true],
    ['DeleteQuestion', false],
    ['toString', false],
    ['hasOwnProperty', false],
    [42, false],
    [undefined, false],
  ])('isAction(%j) is %s: only the policy’s own keys are actions', (value, known) => {
    expect(isAction(value)).toBe(known);
  });
});

describe('a role the policy does not know', () => {
  it('roleMay is false for an unknown role on an action every known role may do', () => {
    expect(ACCESS_POLICY['questions.read'].roles).toContain('member');
    expect(roleMay('guest', 'questions.read')).toBe(false);
    expect(roleMay('member', 'questions.read')).toBe(true);
  });

  it('authorize denies it, naming the role in the details and no organisation', () => {
    expect(denialOf(() => authorize(actor('guest'), 'questions.read', 'kil')).details).toEqual({ role: 'guest', action: 'questions.read' });
  });
});

describe('organisation scope', () => {
  it('allows a member to act for its own organisation, the neighbour of acting for another', () => {
    expect(() => authorize(actor('member', 'kil'), 'SubmitInput', 'kil')).not.toThrow();
    expect(denialOf(() => authorize(actor('member', 'kil'), 'SubmitInput', 'eda')).details).toEqual({
      role: 'member',
      action: 'SubmitInput',
      organisationId: 'eda',
    });
  });

  it('denies a member a scoped command for no organisation, with no organisation in the details', () => {
    const denied = denialOf(() => authorize(actor('member', 'kil'), 'RaiseQuestion'));
    expect(denied.details).toEqual({ role: 'member', action: 'RaiseQuestion' });
    expect(Object.keys(denied.details)).toEqual(['role', 'action']);
  });

  it('allows a member an unscoped action it may do, whatever organisation is named', () => {
    expect(ACCESS_POLICY['questions.read'].organisationScoped).toBe(false);
    expect(() => authorize(actor('member', 'kil'), 'questions.read', 'eda')).not.toThrow();
    expect(() => authorize(actor('member', 'kil'), 'questions.read')).not.toThrow();
  });

  it('allows a secretary (any organisation) a scoped command for no organisation', () => {
    expect(() => authorize(actor('secretary', 'region-varmland'), 'RaiseQuestion')).not.toThrow();
  });

  it('an AccessDenied is an Error named AccessDenied, so logs and the problem filter tell it apart', () => {
    const denied = denialOf(() => authorize(actor('auditor'), 'RaiseQuestion', 'kil'));
    expect(denied).toBeInstanceOf(Error);
    expect(denied.name).toBe('AccessDenied');
  });
});
