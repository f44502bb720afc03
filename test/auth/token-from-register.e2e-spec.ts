import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenCliError, mintTokenFromArgs } from '../../src/auth/mint-token.cli';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { tokenDirectory } from '../../src/register/contract';
import { TEST_JWT_SECRET } from '../support/test-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';

const role = { sv: 'Roll', en: 'Role' };
const dalsland = {
  collaboration: 'Samverkan Dalsland',
  organisations: [{ id: 'bengtsfors', name: 'Bengtsfors kommun', kind: 'municipality', joinedOn: '2020-01-01' }],
  forums: [{ id: 'presidium', kind: 'chairs-council', nameSv: 'Presidiet', nameEn: 'Presidium', role, establishedOn: '2020-01-01', establishedBy: 'Avtalet' }],
};

/**
 * `npm run token` names what the app knows (docs/access.md, "Local mode"):
 * an organisation, a forum and a person added to the structure register
 * through the API after the structure file was loaded. A person the register
 * names (`--sub`, or `--email`) takes their organisation, roles and forums
 * from it, as the app resolves a signed-in person with ROLES_FROM=register;
 * the app, started again on the same database, acts for them as the register
 * says. While the server holds the embedded database's folder, the tool says
 * so and checks against the structure file. On both databases.
 */
describe('npm run token with the structure register', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-token-'));
  const file = path.join(scratch, 'dalsland.structure.json');
  fs.writeFileSync(file, JSON.stringify(dalsland));
  let database: TestDatabase;
  let app: INestApplication | undefined;
  let env: Record<string, string>;

  const start = async (rolesFrom: 'claims' | 'register') => {
    app = await createApp(loadConfig({ ...env, ROLES_FROM: rolesFrom }), {}, ['error']);
    await app.init();
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  const admin = () => app!.get(TokenVerifier).mint({ userId: 'admin', displayName: 'Admin', organisationId: 'bengtsfors', roles: ['admin'] });
  const post = async (pathAndQuery: string, body: object, token?: string) => {
    const response = await request(app!.getHttpServer())
      .post(pathAndQuery)
      .set('Authorization', `Bearer ${token ?? (await admin())}`)
      .send(body);
    if (response.status >= 300) throw new Error(`${pathAndQuery}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const mint = (args: string[], rolesFrom: 'claims' | 'register' = 'register') =>
    tokenDirectory(loadConfig({ ...env, ROLES_FROM: rolesFrom }), '2027-01-15').then((structure) =>
      mintTokenFromArgs(args, { ...env, ROLES_FROM: rolesFrom }, structure),
    );

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: true });
    env = {
      ...(process.env as Record<string, string>),
      DATABASE_URL: database.settings.databaseUrl ?? '',
      DATA_DIR: database.settings.dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      EVENT_STORE: 'postgres',
      OUTBOX_POLL_MS: '0',
      STRUCTURE_FILE: file,
      STRUCTURE_SEED: 'on-start',
    };
  });
  afterAll(async () => {
    await stop();
    await database?.drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('names the register’s organisations, forums and people, as the app resolves them', async () => {
    // Before the first start the database holds no register: the file its first start loads.
    const before = await tokenDirectory(loadConfig(env), '2027-01-15');
    expect(before.source).toBe(`the structure file ${file} (Samverkan Dalsland)`);
    expect(before.person).toBeUndefined();

    await start('register');
    await post('/register/organisations', { organisationId: 'dals-ed', name: 'Dals-Eds kommun', kind: 'municipality', joinedOn: '2021-01-01' });
    await post('/register/forums', {
      forumId: 'kulturrad',
      kind: 'topic-forum',
      nameSv: 'Kulturrådet',
      nameEn: 'Culture Council',
      role,
      establishedOn: '2021-01-01',
      establishedBy: 'Presidiet',
    });
    const registered = await post('/register/people', {
      name: 'Eva Ek',
      organisationId: 'dals-ed',
      email: 'eva.ek@dals-ed.example',
      userId: 'eva.ek',
      roles: [
        { role: 'chair', forumId: 'presidium', from: '2021-01-01' },
        { role: 'secretary', forumId: 'kulturrad', from: '2021-01-01' },
      ],
    });
    // The register's read model has the person before the tool reads it.
    expect(
      (
        await request(app!.getHttpServer())
          .get(`/register?afterPosition=${registered.position}`)
          .set('Authorization', `Bearer ${await admin()}`)
      ).status,
    ).toBe(200);

    const whileRunning = await tokenDirectory(loadConfig(env), '2027-01-15');
    if (database.kind === 'embedded') {
      // The embedded database's folder is the running server's alone: the tool says so and checks against the file.
      expect(whileRunning.source).toBe(`the structure file ${file} (Samverkan Dalsland)`);
      expect(whileRunning.note).toMatch(/^the register was not read \(The data folder .* is in use by/);
      await expect(mint(['--role', 'member', '--org', 'dals-ed'], 'claims')).rejects.toThrow('Unknown organisation "dals-ed" in the structure file');
      await stop();
    } else {
      expect(whileRunning).toMatchObject({ source: 'the structure register' });
      expect(whileRunning.note).toBeUndefined();
    }

    const structure = await tokenDirectory(loadConfig(env), '2027-01-15');
    expect(structure.source).toBe('the structure register');
    expect(structure.organisations.map((organisation) => organisation.id).sort()).toEqual(['bengtsfors', 'dals-ed']);
    expect([...structure.forums].sort()).toEqual(['kulturrad', 'presidium']);

    // ROLES_FROM=register: the person, by subject or by e-mail (any case), as the register names them today.
    const eva = await mint(['--sub', 'eva.ek']);
    expect(eva.principal).toEqual({
      userId: 'eva.ek',
      displayName: 'Eva Ek',
      organisationId: 'dals-ed',
      roles: ['chair', 'secretary', 'member'],
      forums: ['kulturrad'],
    });
    expect((await mint(['--email', 'Eva.Ek@DALS-ED.example'])).principal).toMatchObject({
      userId: 'eva.ek',
      organisationId: 'dals-ed',
      email: 'Eva.Ek@DALS-ED.example',
    });
    expect((await mint(['--sub', 'eva.ek', '--role', 'auditor'])).principal.roles).toEqual(['chair', 'secretary', 'member', 'auditor']);
    // What the app would not take from the token, or would refuse, is refused here, naming why.
    await expect(mint(['--sub', 'eva.ek', '--role', 'working-group', '--org', 'bengtsfors'])).rejects.toThrow(
      'ROLES_FROM=register: the structure register says who eva.ek is (dals-ed; chair, secretary, member), and the app takes no --role working-group, --org bengtsfors from the token',
    );
    await expect(mint(['--sub', 'nobody'])).rejects.toThrow(
      'ROLES_FROM=register: the structure register names no person with the sign-in subject nobody, so the app would refuse the token (403)',
    );
    await expect(mint(['--sub', 'nobody', '--role', 'admin', '--role', 'chair', '--org', 'bengtsfors'])).rejects.toThrow(
      'the app takes only admin and auditor from the token, not chair',
    );
    expect((await mint(['--sub', 'nobody', '--role', 'admin', '--org', 'bengtsfors'])).principal).toMatchObject({ roles: ['admin'] });

    // ROLES_FROM=claims: the token says who one is; the register's organisations and forums are the ones it may name, and a person it names fills in what is not given.
    expect((await mint(['--role', 'secretary', '--org', 'dals-ed', '--forum', 'kulturrad'], 'claims')).principal).toMatchObject({
      organisationId: 'dals-ed',
      displayName: 'Sekreterare, Dals-Eds kommun',
      forums: ['kulturrad'],
    });
    await expect(mint(['--role', 'chair', '--org', 'kil'], 'claims')).rejects.toThrow('Unknown organisation "kil" in the structure register; one of: ');
    await expect(mint(['--role', 'secretary', '--org', 'dals-ed', '--forum', 'chairs-council'], 'claims')).rejects.toThrow(
      'Unknown forum "chairs-council" in the structure register',
    );
    expect((await mint(['--sub', 'eva.ek'], 'claims')).principal).toMatchObject({ organisationId: 'dals-ed', roles: ['chair', 'secretary', 'member'] });
    expect((await mint(['--sub', 'eva.ek', '--role', 'member'], 'claims')).principal).toMatchObject({ organisationId: 'dals-ed', roles: ['member'] });
    await expect(mint(['--sub', 'nobody'], 'claims')).rejects.toThrow(TokenCliError);

    // The app, started on the same database, acts for Eva as the register says: chair of the presidium, for Dals-Ed.
    await stop();
    await start('register');
    const scheduled = await post(
      '/meetings',
      { forum: 'presidium', startsAt: '2030-03-10T09:00:00+01:00', agendaDeadline: '2030-02-24T16:00:00+01:00', place: 'Dals-Ed' },
      eva.token,
    );
    const [stored] = await app!.get<EventStore>(EVENT_STORE).readStream(`meeting-${scheduled.meetingId}`);
    expect(stored.metadata.actor).toMatchObject({ userId: 'eva.ek', displayName: 'Eva Ek', role: 'chair', organisationId: 'dals-ed' });
    await stop();
  }, 300_000);
});
