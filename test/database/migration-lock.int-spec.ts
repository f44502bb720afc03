import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { APP_MIGRATIONS } from '../../src/app-modules';
import { TestDatabase, createTestDatabase } from '../support/test-database';

// Several instances on one PostgreSQL server; the embedded database is opened by one process only.
const onServer = Boolean(loadConfig().databaseUrl);

(onServer ? describe : describe.skip)('instances started at once on an empty database', () => {
  let database: TestDatabase;
  let apps: INestApplication[] = [];

  beforeAll(async () => (database = await createTestDatabase()));
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database.drop();
  });

  it('all come up at the first try: the migrations run once, under a lock, and every instance answers', async () => {
    // Without the lock the instances race to create the same tables and TypeORM logs each failure before retrying.
    const errors: string[] = [];
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.settings.databaseUrl,
      DATA_DIR: database.settings.dataDir,
      AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    });
    apps = await Promise.all(
      [1, 2].map(async () => {
        const app = await createApp(config, { logDestination: { write: (line: string) => errors.push(line) } }, ['error']);
        await app.init();
        return app;
      }),
    );

    const client = new Client({ connectionString: database.settings.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; count: string }>('SELECT name, count(*) AS count FROM migrations GROUP BY name ORDER BY name');
      expect(rows).toHaveLength(APP_MIGRATIONS.length);
      expect(rows.filter((row) => row.count !== '1')).toEqual([]);
    } finally {
      await client.end();
    }
    expect(errors).toEqual([]);
    const { default: request } = await import('supertest');
    for (const app of apps) await request(app.getHttpServer()).get('/health/ready').expect(200);
  }, 180_000);
});
