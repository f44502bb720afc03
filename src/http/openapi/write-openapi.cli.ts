/**
 * `npm run openapi:write [-- <file>]`
 *
 * Writes the OpenAPI document the server serves at /docs-json to <file>
 * (default dist/openapi.json), without listening on a port: the app is built on
 * an embedded database in a temporary folder, which is removed afterwards.
 * `npm run lint:openapi` lints what this writes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../config/app-config';

async function main(): Promise<void> {
  const requested = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  const file = path.resolve(requested ?? path.join('dist', 'openapi.json'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-openapi-'));
  try {
    // Its own folder and no server: a running instance's data folder or database is never touched.
    const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, EVENT_STORE: 'postgres', LOG_LEVEL: 'warn' });
    const [{ createApp }, { buildOpenApiDocument }] = await Promise.all([import('../../app.factory'), import('./openapi-document')]);
    const app = await createApp(config, {}, ['warn', 'error']);
    try {
      const document = buildOpenApiDocument(app);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      console.log(`Wrote ${file} (${Object.keys(document.paths).length} paths).`);
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
