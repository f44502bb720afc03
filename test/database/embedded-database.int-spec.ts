import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { openDatabase } from '../../src/database/database';

// The embedded database (PGlite) as the app opens it. On a run against a server these tests
// still open an embedded folder of their own: DATA_DIR without DATABASE_URL is the embedded mode.
describe('the embedded database folder', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-embedded-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is created on first open (initdb in a process of its own), keeps its data, and uses the configured buffer cache', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_SHARED_BUFFERS: '64MB' });
    const first = await openDatabase(config);
    expect(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    await first.pool.query('CREATE TABLE kept (id int)');
    await first.pool.query('INSERT INTO kept VALUES (7)');
    expect((await first.pool.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '64MB' }]);
    await first.close();

    const again = await openDatabase(loadConfig({ DATA_DIR: dataDir }));
    expect((await again.pool.query('SELECT id FROM kept')).rows).toEqual([{ id: 7 }]);
    // Unset: the default, 32MB.
    expect((await again.pool.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '32MB' }]);
    await again.close();
    // Two PGlite starts and an initdb: seconds on an idle machine, minutes on a crowded one.
  }, 300_000);

  it('refuses a buffer size PostgreSQL would not read, at start-up', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, EMBEDDED_SHARED_BUFFERS: '64 megabytes' })).toThrow(
      'EMBEDDED_SHARED_BUFFERS must be a size such as 32MB, 64MB or 1GB, got "64 megabytes"',
    );
  });
});
