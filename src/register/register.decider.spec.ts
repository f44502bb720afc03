import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { RegisterCommand } from './register.commands';
import { decide, evolve, initialState, type RegisterRule, type StructureState } from './register.decider';
import type { RegisterEvent } from './register.events';
import { forumNameOn, knowsWorkingGroupMembers, structureAsOf, workingGroupMembersOn } from './structure-as-of';
import { builtInStructure } from './structure-file';

const admin: Actor = { userId: 'admin', displayName: 'Administratör', role: 'admin', organisationId: 'region-varmland' };
const { given, stateAfter } = givenWhenThen<RegisterCommand, RegisterEvent, StructureState, RegisterRule>(
  { decide: (command, state) => decide(command, state), evolve: (state, event) => evolve(state, event), initialState },
  { actor: admin, now: '2026-03-01T10:00:00.000Z', occurredAt: () => '2026-03-01T09:00:00.000Z' },
);

const role = { sv: 'Tar ställning', en: 'Takes positions' };
const kilJoined: RegisterEvent = {
  type: 'OrganisationJoined',
  data: { organisationId: 'kil', name: 'Kils kommun', kind: 'municipality', joinedOn: '2019-01-01' },
};
const regionJoined: RegisterEvent = {
  type: 'OrganisationJoined',
  data: { organisationId: 'region-varmland', name: 'Region Värmland', kind: 'region', joinedOn: '2019-01-01' },
};
const vrauData = {
  forumId: 'chairs-council',
  kind: 'chairs-council' as const,
  nameSv: 'Värmlandsrådets arbetsutskott (VRAU)',
  nameEn: 'Executive Committee',
  role,
  establishedOn: '2019-01-01',
  establishedBy: 'Samverkansavtalet',
};
const vrauEstablished: RegisterEvent = {
  type: 'ForumEstablished',
  data: {
    forumId: 'chairs-council',
    kind: 'chairs-council',
    nameSv: 'Värmlandsrådets arbetsutskott (VRAU)',
    nameEn: 'Executive Committee',
    role,
    establishedOn: '2019-01-01',
    establishedBy: 'Samverkansavtalet',
  },
};
const renamed: RegisterEvent = {
  type: 'ForumRenamed',
  data: {
    forumId: 'chairs-council',
    nameSv: 'Ordföranderådet',
    nameEn: "Chairs' Council",
    previousNameSv: 'Värmlandsrådets arbetsutskott (VRAU)',
    renamedOn: '2022-01-01',
  },
};
const groupEstablished: RegisterEvent = {
  type: 'ForumEstablished',
  data: {
    forumId: 'working-group',
    kind: 'working-group',
    nameSv: 'Värmlandsrådets arbetsgrupp',
    nameEn: 'Working Group',
    role,
    establishedOn: '2019-01-01',
    establishedBy: 'Samverkansavtalet',
  },
};
const topicEstablished: RegisterEvent = {
  type: 'ForumEstablished',
  data: {
    forumId: 'health-care-forum',
    kind: 'topic-forum',
    nameSv: 'Hälso- och sjukvårdsforum',
    nameEn: 'Health Care Forum',
    role,
    establishedOn: '2022-01-01',
    establishedBy: 'Värmlandsrådet',
  },
};
const maria: RegisterEvent = {
  type: 'PersonRegistered',
  data: { personId: 'maria', name: 'Maria Nilsson', organisationId: 'region-varmland', email: 'maria@regionvarmland.se', userId: 'maria.nilsson' },
};
const mariaInGroup: RegisterEvent = {
  type: 'PersonRoleBegan',
  data: { personId: 'maria', roleId: 'maria-wg', role: 'member', forumId: 'working-group', from: '2020-01-01' },
};
const mariaChairs: RegisterEvent = {
  type: 'PersonRoleBegan',
  data: { personId: 'maria', roleId: 'maria-chair', role: 'chair', forumId: 'chairs-council', from: '2023-01-01' },
};

describe('the structure register: organisations', () => {
  it('an organisation joins on a date', () => {
    given()
      .when({ type: 'JoinOrganisation', data: { organisationId: 'kil', name: ' Kils kommun ', kind: 'municipality', joinedOn: '2019-01-01' } })
      .then(kilJoined);
  });

  it('a member cannot join again, an unknown kind or a bad date is refused, naming the field', () => {
    given(kilJoined)
      .when({ type: 'JoinOrganisation', data: { organisationId: 'kil', name: 'Kil', kind: 'municipality', joinedOn: '2020-01-01' } })
      .thenRefused('organisation-already-member');
    given()
      .when({ type: 'JoinOrganisation', data: { organisationId: 'kil', name: 'Kil', kind: 'county' as never, joinedOn: '2020-01-01' } })
      .thenRefused('unknown-organisation-kind', 'kind');
    given()
      .when({ type: 'JoinOrganisation', data: { organisationId: 'kil', name: 'Kil', kind: 'municipality', joinedOn: '2020-02-30' } })
      .thenRefused('invalid-date', 'joinedOn');
    given()
      .when({ type: 'JoinOrganisation', data: { organisationId: 'Kil!', name: 'Kil', kind: 'municipality', joinedOn: '2020-01-01' } })
      .thenRefused('invalid-id');
  });

  it('leaves with a reason, after it joined; then it is no member, and may rejoin later', () => {
    const leave = (leftOn: string, reason = 'Utträde enligt avtalet') => ({
      type: 'LeaveOrganisation' as const,
      data: { organisationId: 'kil', leftOn, reason },
    });
    given(kilJoined)
      .when(leave('2025-01-01'))
      .then({ type: 'OrganisationLeft', data: { organisationId: 'kil', leftOn: '2025-01-01' } });
    given(kilJoined).when(leave('2025-01-01', ' ')).thenRefused('reason-required');
    given(kilJoined).when(leave('2019-01-01')).thenRefused('date-before-last-change');
    given().when(leave('2025-01-01')).thenRefused('unknown-organisation');
    const left: RegisterEvent = { type: 'OrganisationLeft', data: { organisationId: 'kil', leftOn: '2025-01-01' } };
    given(kilJoined, left).when(leave('2025-06-01')).thenRefused('organisation-not-a-member');
    given(kilJoined, left)
      .when({ type: 'JoinOrganisation', data: { organisationId: 'kil', name: 'Kils kommun', kind: 'municipality', joinedOn: '2024-06-01' } })
      .thenRefused('date-before-last-change');
    const state = stateAfter(kilJoined, left, { ...kilJoined, data: { ...kilJoined.data, joinedOn: '2026-01-01' } });
    expect(structureAsOf(state, '2024-12-31').organisations.map((o) => o.id)).toEqual(['kil']);
    expect(structureAsOf(state, '2025-01-01').organisations).toEqual([]);
    expect(structureAsOf(state, '2026-01-01').organisations[0].memberSince).toBe('2026-01-01');
  });
});

describe('the structure register: forums', () => {
  it('is established by someone, renamed on a date; the name on each date is the one it had then', () => {
    given(vrauEstablished)
      .when({ type: 'RenameForum', data: { forumId: 'chairs-council', nameSv: 'Ordföranderådet', nameEn: "Chairs' Council", renamedOn: '2022-01-01' } })
      .then(renamed);
    const state = stateAfter(vrauEstablished, renamed);
    expect(forumNameOn(state, 'chairs-council', '2021-12-31')).toBe('Värmlandsrådets arbetsutskott (VRAU)');
    expect(forumNameOn(state, 'chairs-council', '2022-01-01')).toBe('Ordföranderådet');
    expect(structureAsOf(state, '2024-10-11').forums[0]).toMatchObject({ nameSv: 'Ordföranderådet', formerNamesSv: ['Värmlandsrådets arbetsutskott (VRAU)'] });
    expect(structureAsOf(state, '2018-12-31').forums).toEqual([]);
  });

  it('refuses a second forum with the same id, an unknown kind, a change dated before its last one', () => {
    given(vrauEstablished).when({ type: 'EstablishForum', data: vrauData }).thenRefused('forum-already-exists');
    given()
      .when({ type: 'EstablishForum', data: { ...vrauData, kind: 'committee' as never } })
      .thenRefused('unknown-forum-kind', 'kind');
    given(vrauEstablished, renamed)
      .when({ type: 'ChangeForumRole', data: { forumId: 'chairs-council', role, changedOn: '2021-06-01' } })
      .thenRefused('date-before-last-change', 'changedOn');
    given()
      .when({ type: 'RenameForum', data: { forumId: 'nope', nameSv: 'X', nameEn: 'X', renamedOn: '2022-01-01' } })
      .thenRefused('unknown-forum');
  });

  it('a new role text from a date', () => {
    const newRole = { sv: 'Ny roll', en: 'New role' };
    given(vrauEstablished)
      .when({ type: 'ChangeForumRole', data: { forumId: 'chairs-council', role: newRole, changedOn: '2023-01-01' } })
      .then({ type: 'ForumRoleChanged', data: { forumId: 'chairs-council', role: newRole, changedOn: '2023-01-01' } });
  });

  it('merges into another open forum, with a reason; then it changes no more and shows as ended', () => {
    const merge = {
      type: 'MergeForum' as const,
      data: { forumId: 'health-care-forum', intoForumId: 'chairs-council', mergedOn: '2025-01-01', reason: 'Utvärderingen' },
    };
    const merged: RegisterEvent = { type: 'ForumMerged', data: { forumId: 'health-care-forum', intoForumId: 'chairs-council', mergedOn: '2025-01-01' } };
    given(vrauEstablished, topicEstablished).when(merge).then(merged);
    given(vrauEstablished, topicEstablished)
      .when({ ...merge, data: { ...merge.data, intoForumId: 'health-care-forum' } })
      .thenRefused('merge-into-itself');
    given(vrauEstablished, topicEstablished)
      .when({ ...merge, data: { ...merge.data, reason: '' } })
      .thenRefused('reason-required');
    given(topicEstablished)
      .when({ ...merge, data: { ...merge.data, intoForumId: 'chairs-council' } })
      .thenRefused('unknown-forum');
    given(vrauEstablished, topicEstablished, merged)
      .when({ type: 'RenameForum', data: { forumId: 'health-care-forum', nameSv: 'X', nameEn: 'X', renamedOn: '2025-06-01' } })
      .thenRefused('forum-ended');
    const state = stateAfter(vrauEstablished, topicEstablished, merged);
    expect(structureAsOf(state, '2024-12-31').forums.map((forum) => forum.id)).toEqual(['chairs-council', 'health-care-forum']);
    expect(structureAsOf(state, '2025-01-01').endedForums).toEqual([
      { id: 'health-care-forum', nameSv: 'Hälso- och sjukvårdsforum', endedOn: '2025-01-01', how: 'merged', intoForumId: 'chairs-council' },
    ]);
  });

  it('is discontinued with a reason', () => {
    given(topicEstablished)
      .when({ type: 'DiscontinueForum', data: { forumId: 'health-care-forum', discontinuedOn: '2025-01-01', reason: 'Uppdraget slutfört' } })
      .then({ type: 'ForumDiscontinued', data: { forumId: 'health-care-forum', discontinuedOn: '2025-01-01' } });
    given(topicEstablished)
      .when({ type: 'DiscontinueForum', data: { forumId: 'health-care-forum', discontinuedOn: '2025-01-01', reason: '' } })
      .thenRefused('reason-required');
  });
});

describe('the structure register: people and their roles over time', () => {
  const base = [regionJoined, kilJoined, vrauEstablished, groupEstablished];

  it('a person of a registered organisation is registered once', () => {
    const register = { type: 'RegisterPerson' as const, data: { ...(maria.data as { personId: string; name: string; organisationId: string }) } };
    given(...base)
      .when(register)
      .then(maria);
    given(...base, maria)
      .when(register)
      .thenRefused('person-already-registered');
    given(...base)
      .when({ ...register, data: { ...register.data, organisationId: 'nowhere' } })
      .thenRefused('unknown-organisation', 'organisationId');
    given(...base)
      .when({ ...register, data: { ...register.data, email: 'not-an-address' } })
      .thenRefused('invalid-email', 'email');
  });

  it('a person registered with roles takes each up by the rules it has alone, in one decision: one refused, none is stored', () => {
    const register = { type: 'RegisterPerson' as const, data: { ...(maria.data as { personId: string; name: string; organisationId: string }) } };
    const wg = { roleId: 'maria-wg', role: 'member' as const, forumId: 'working-group', from: '2020-01-01' };
    const registrar = { roleId: 'maria-reg', role: 'registrar' as const, from: '2020-01-01' };
    given(...base)
      .when({ ...register, data: { ...register.data, roles: [wg, registrar] } })
      .then(maria, mariaInGroup, {
        type: 'PersonRoleBegan',
        data: { personId: 'maria', roleId: 'maria-reg', role: 'registrar', organisationId: 'region-varmland', from: '2020-01-01' },
      });
    given(...base)
      .when({ ...register, data: { ...register.data, roles: [wg, { ...wg, roleId: 'again' }] } })
      .thenRefused('role-already-held');
    given(...base)
      .when({ ...register, data: { ...register.data, roles: [{ ...wg, from: '2018-01-01' }] } })
      .thenRefused('forum-not-open');
    given(...base, maria)
      .when({ ...register, data: { ...register.data, roles: [wg] } })
      .thenRefused('person-already-registered');
  });

  it('takes up a role in an open forum, once at a time; ends it after it began', () => {
    given(...base, maria)
      .when({ type: 'BeginPersonRole', data: { personId: 'maria', roleId: 'maria-wg', role: 'member', forumId: 'working-group', from: '2020-01-01' } })
      .then(mariaInGroup);
    given(...base, maria, mariaInGroup)
      .when({ type: 'BeginPersonRole', data: { personId: 'maria', roleId: 'again', role: 'member', forumId: 'working-group', from: '2021-01-01' } })
      .thenRefused('role-already-held');
    given(...base, maria)
      .when({ type: 'BeginPersonRole', data: { personId: 'maria', roleId: 'r', role: 'chair', from: '2021-01-01' } })
      .thenRefused('forum-required-for-role', 'forumId');
    given(...base, maria)
      .when({ type: 'BeginPersonRole', data: { personId: 'maria', roleId: 'r', role: 'chair', forumId: 'working-group', from: '2018-01-01' } })
      .thenRefused('forum-not-open');
    given(...base, maria)
      .when({ type: 'BeginPersonRole', data: { personId: 'maria', roleId: 'r', role: 'treasurer' as never, forumId: 'working-group', from: '2021-01-01' } })
      .thenRefused('unknown-role', 'role');
    given(...base)
      .when({ type: 'BeginPersonRole', data: { personId: 'nobody', roleId: 'r', role: 'chair', forumId: 'working-group', from: '2021-01-01' } })
      .thenRefused('unknown-person');
    given(...base, maria, mariaInGroup)
      .when({ type: 'EndPersonRole', data: { personId: 'maria', roleId: 'maria-wg', to: '2024-01-01' } })
      .then({ type: 'PersonRoleEnded', data: { personId: 'maria', roleId: 'maria-wg', to: '2024-01-01' } });
    given(...base, maria, mariaInGroup)
      .when({ type: 'EndPersonRole', data: { personId: 'maria', roleId: 'maria-wg', to: '2020-01-01' } })
      .thenRefused('date-before-last-change');
    given(...base, maria)
      .when({ type: 'EndPersonRole', data: { personId: 'maria', roleId: 'x', to: '2024-01-01' } })
      .thenRefused('unknown-role-id');
  });

  it('the registrar of a member organisation, its own by default; not of one that is no member then', () => {
    given(...base, maria)
      .when({ type: 'BeginPersonRole', data: { personId: 'maria', roleId: 'reg', role: 'registrar', from: '2020-01-01' } })
      .then({ type: 'PersonRoleBegan', data: { personId: 'maria', roleId: 'reg', role: 'registrar', organisationId: 'region-varmland', from: '2020-01-01' } });
    given(...base, maria)
      .when({ type: 'BeginPersonRole', data: { personId: 'maria', roleId: 'reg', role: 'registrar', organisationId: 'kil', from: '2018-01-01' } })
      .thenRefused('organisation-not-a-member');
  });

  it('who chaired, and who was in the working group, on a date', () => {
    const ended: RegisterEvent = { type: 'PersonRoleEnded', data: { personId: 'maria', roleId: 'maria-wg', to: '2024-01-01' } };
    const state = stateAfter(...base, maria, mariaInGroup, mariaChairs, ended);
    const chairsOn = (date: string) => structureAsOf(state, date).forums.find((forum) => forum.id === 'chairs-council')!.people;
    expect(chairsOn('2022-12-31')).toEqual([]);
    expect(chairsOn('2023-01-01')).toEqual([
      { personId: 'maria', name: 'Maria Nilsson', organisationId: 'region-varmland', role: 'chair', from: '2023-01-01' },
    ]);
    expect(workingGroupMembersOn(state, '2023-12-31')).toEqual(['maria.nilsson']);
    expect(workingGroupMembersOn(state, '2024-01-01')).toEqual([]);
    expect(knowsWorkingGroupMembers(state)).toBe(true);
    expect(knowsWorkingGroupMembers(stateAfter(...base, maria))).toBe(false);
  });
});

describe('loading a structure file', () => {
  it('into an empty register: Värmland’s 17 organisations and its forums, the chairs’ council renamed', () => {
    const { commands } = builtInStructure();
    const events = decide({ type: 'SeedStructure', data: { source: 'varmland', commands } }, initialState());
    const state = events.reduce((folded, event) => evolve(folded, event), initialState());
    const today = structureAsOf(state, '2026-03-01');
    expect(today.organisations).toHaveLength(17);
    expect(today.forums.map((forum) => [forum.id, forum.nameSv])).toEqual([
      ['council', 'Värmlandsrådet'],
      ['chairs-council', 'Ordföranderådet'],
      ['working-group', 'Värmlandsrådets arbetsgrupp'],
      ['preparation-group', 'Beredningsgruppen'],
      ['culture-education-forum', 'Kultur- och bildningsforum'],
      ['health-care-forum', 'Hälso- och sjukvårdsforum'],
      ['transport-regional-development-forum', 'Kollektivtrafik- och regionalt utvecklingsforum'],
    ]);
    expect(forumNameOn(state, 'chairs-council', '2021-04-21')).toBe('Värmlandsrådets arbetsutskott (VRAU)');
    expect(structureAsOf(state, '2018-12-31').organisations).toEqual([]);
    // The region first, then the municipalities in Swedish alphabetical order (Å after Ä, Säffle before Torsby).
    expect(today.organisations.map((organisation) => organisation.id).slice(0, 2)).toEqual(['region-varmland', 'arvika']);
    expect(today.organisations.map((organisation) => organisation.id).slice(-3)).toEqual(['saffle', 'torsby', 'arjang']);
  });

  it('refuses a non-empty register, and a file that breaks a rule names the step', () => {
    given(kilJoined)
      .when({ type: 'SeedStructure', data: { source: 'f', commands: [] } })
      .thenRefused('register-not-empty');
    const join = { type: 'JoinOrganisation' as const, data: { organisationId: 'kil', name: 'Kil', kind: 'municipality' as const, joinedOn: '2019-01-01' } };
    given()
      .when({ type: 'SeedStructure', data: { source: 'other.json', commands: [join, join] } })
      .thenRefused('organisation-already-member', 'other.json, step 2 (JoinOrganisation)');
  });
});
