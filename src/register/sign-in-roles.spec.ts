import { evolve, initialState, type StructureState } from './register.state';
import type { RegisterEvent } from './register.events';
import { signInFromRegister } from './sign-in-roles';

/** ROLES_FROM=register: a signed-in person's roles and organisation as the register holds them on a day. */
describe('roles from the register at sign-in', () => {
  const given = (...events: RegisterEvent[]): StructureState => events.reduce(evolve, initialState());
  const role = { sv: 'Roll', en: 'Role' };
  const structure = () =>
    given(
      { type: 'OrganisationJoined', data: { organisationId: 'kil', name: 'Kils kommun', kind: 'municipality', joinedOn: '2019-01-01' } },
      { type: 'OrganisationJoined', data: { organisationId: 'karlstad', name: 'Karlstads kommun', kind: 'municipality', joinedOn: '2019-01-01' } },
      {
        type: 'ForumEstablished',
        data: { forumId: 'wg', kind: 'working-group', nameSv: 'AG', nameEn: 'WG', role, establishedOn: '2019-01-01', establishedBy: 'avtal' },
      },
      {
        type: 'ForumEstablished',
        data: { forumId: 'or', kind: 'chairs-council', nameSv: 'OR', nameEn: 'CC', role, establishedOn: '2019-01-01', establishedBy: 'avtal' },
      },
      {
        type: 'ForumEstablished',
        data: { forumId: 'vr', kind: 'council', nameSv: 'VR', nameEn: 'C', role, establishedOn: '2019-01-01', establishedBy: 'avtal' },
      },
      { type: 'PersonRegistered', data: { personId: 'anna', name: 'Anna Ek', organisationId: 'kil', email: 'Anna.Ek@kil.se', userId: 'sub-anna' } },
      { type: 'PersonRoleBegan', data: { personId: 'anna', roleId: 'a1', role: 'chair', forumId: 'or', from: '2025-01-01' } },
      { type: 'PersonRoleEnded', data: { personId: 'anna', roleId: 'a1', to: '2026-01-01' } },
      { type: 'PersonRoleBegan', data: { personId: 'anna', roleId: 'a2', role: 'member', forumId: 'wg', from: '2025-06-01' } },
      { type: 'PersonRegistered', data: { personId: 'sven', name: 'Sven Ås', organisationId: 'karlstad', email: 'sven@karlstad.se' } },
      { type: 'PersonRoleBegan', data: { personId: 'sven', roleId: 's1', role: 'secretary', forumId: 'vr', from: '2025-01-01' } },
      { type: 'PersonRoleBegan', data: { personId: 'sven', roleId: 's2', role: 'registrar', organisationId: 'karlstad', from: '2025-01-01' } },
    );

  it('finds the person by the subject, with the roles held on the day: chair and working group in 2025, only the working group in 2026', () => {
    expect(signInFromRegister(structure(), { userId: 'sub-anna' }, '2025-07-01')).toMatchObject({
      person: { name: 'Anna Ek', organisationId: 'kil' },
      roles: ['working-group', 'chair', 'member'],
      forums: [],
    });
    expect(signInFromRegister(structure(), { userId: 'sub-anna' }, '2026-02-01')!.roles).toEqual(['working-group', 'member']);
    expect(signInFromRegister(structure(), { userId: 'sub-anna' }, '2024-12-31')!.roles).toEqual(['member']);
  });

  it('finds a person without a subject by the e-mail, whatever its case; a secretary serves the forums the register names', () => {
    expect(signInFromRegister(structure(), { userId: 'unknown-sub', email: 'SVEN@karlstad.se' }, '2025-07-01')).toMatchObject({
      person: { id: 'sven', organisationId: 'karlstad' },
      roles: ['secretary', 'member'],
      forums: ['vr'],
    });
  });

  it('knows nobody the register does not name', () => {
    expect(signInFromRegister(structure(), { userId: 'stranger', email: 'stranger@example.se' }, '2025-07-01')).toBeUndefined();
    expect(signInFromRegister(structure(), { userId: 'stranger' }, '2025-07-01')).toBeUndefined();
  });

  it('a role in a forum that has been discontinued gives nothing from that day', () => {
    const after = evolve(structure(), { type: 'ForumDiscontinued', data: { forumId: 'vr', discontinuedOn: '2025-09-01' } });
    expect(signInFromRegister(after, { userId: 'x', email: 'sven@karlstad.se' }, '2025-10-01')).toMatchObject({ roles: ['member'], forums: [] });
  });
});
