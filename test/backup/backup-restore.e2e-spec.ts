import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AuditLog } from '../../src/audit/audit-log';
import { runReplayCheck } from '../../src/audit/replay-check';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { BackupError, backupEmbedded, restoreEmbedded } from '../../src/backup/backup';
import { Decider, DomainEvent } from '../../src/command-handling/decider';
import { loadConfig } from '../../src/config/app-config';
import { DATABASE, Database } from '../../src/database/database';
import { EmbeddedPool } from '../../src/database/embedded-pool';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { Projection } from '../../src/projections/projection';
import { ProjectionsService } from '../../src/projections/projections.service';
import { questionDecider } from '../../src/questions/question.decider';
import { TEST_JWT_SECRET, TestApp, startTestApp } from '../support/test-app';

// npm run backup / restore copy the embedded database; a server is backed up with pg_dump (docs/operations.md).
const embedded = !loadConfig().databaseUrl;

(embedded ? describe : describe.skip)('backup and restore of the embedded database', () => {
  let original: TestApp;
  let restored: INestApplication | undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-backup-'));
  const file = path.join(scratch, 'backup.tar.gz');
  const restoredDir = path.join(scratch, 'restored');

  beforeAll(async () => {
    original = await startTestApp();
  }, 600_000);
  afterAll(async () => {
    await restored?.close();
    await original?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const raise = (app: INestApplication, token: string, title: string) =>
    request(app.getHttpServer())
      .post('/questions')
      .set('Authorization', `Bearer ${token}`)
      .send({ title, description: 'Underlag', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Miljö' })
      .expect(201);

  it('backs up a running instance, restores into a fresh folder: hash chains intact, read models equal a rebuild, commands continue', async () => {
    const chair = await original.token('chair');
    const raised = [];
    for (const title of ['Strandskydd', 'Besöksnäring', 'Kulturplan']) raised.push((await raise(original.app, chair, title)).body as { questionId: string });
    const working = await original.token('working-group');
    await request(original.app.getHttpServer())
      .post(`/questions/${raised[0].questionId}/accept`)
      .set('Authorization', `Bearer ${working}`)
      .send({ forum: 'council', logic: 'process', responsible: { givenName: 'Per', familyName: 'Åberg', organisationId: 'karlstad' } })
      .expect(200);

    const { bytes } = await backupEmbedded(original.app.get<Database>(DATABASE).pool as EmbeddedPool, file);
    expect(bytes).toBeGreaterThan(0);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    await restoreEmbedded(file, restoredDir);
    const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: restoredDir, AUTH_JWT_SECRET: TEST_JWT_SECRET, STRUCTURE_SEED: 'off' });
    restored = await createApp(config, {}, ['error']);
    await restored.init();

    const store = restored.get<EventStore>(EVENT_STORE);
    const verification = await new AuditLog(store).verify();
    expect(verification.intact).toBe(true);
    expect(verification.chains.eventsChecked).toBe(4);

    const projections = restored.get(ProjectionsService);
    const replay = await runReplayCheck({
      store,
      dataSource: restored.get(DataSource),
      projections: projections
        .names()
        .map((name) => projections.runner(name)?.projection)
        .filter((projection): projection is Projection => projection !== undefined),
      deciders: [questionDecider] as unknown as ReadonlyArray<Decider<unknown, DomainEvent, unknown>>,
    });
    expect(replay.identical).toBe(true);

    const token = await restored
      .get(TokenVerifier)
      .mint({ userId: 'chair.restored', displayName: 'Chair', organisationId: 'region-varmland', roles: ['chair'] });
    const next = (await raise(restored, token, 'Kompetensförsörjning')).body as { questionId: string; position: string };
    const list = await request(restored.getHttpServer()).get(`/questions?afterPosition=${next.position}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect((list.body.items as Array<{ title: string }>).map((item) => item.title).sort()).toEqual([
      'Besöksnäring',
      'Kompetensförsörjning',
      'Kulturplan',
      'Strandskydd',
    ]);
  }, 600_000);

  it('refuses to restore over a database', async () => {
    await expect(restoreEmbedded(file, restoredDir)).rejects.toThrow(BackupError);
    await expect(restoreEmbedded(path.join(scratch, 'missing.tar.gz'), path.join(scratch, 'other'))).rejects.toThrow('No backup at');
  });
});
