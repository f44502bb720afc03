import { ROLE_IDS, roleName } from './roles';

describe('roleName', () => {
  it('names a role in Swedish and in English', () => {
    expect(roleName('secretary', 'sv')).toBe('Sekreterare');
    expect(roleName('secretary', 'en')).toBe('Secretary');
    expect(roleName('member', 'en')).toBe('Member (party)');
  });

  it('has a name in each language for every role', () => {
    for (const role of ROLE_IDS) for (const language of ['sv', 'en'] as const) expect(roleName(role, language)).not.toBe(role);
  });

  it('shows a string that is no role as it is', () => {
    expect(roleName('someone', 'en')).toBe('someone');
  });
});
