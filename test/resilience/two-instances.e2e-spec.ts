import * as net from 'node:net';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { APP_MIGRATIONS } from '../../src/app-modules';
import { TEST_JWT_SECRET } from '../support/test-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';
import { Running, startTs } from '../support/run-ts';

// Several instances on one PostgreSQL server; the embedded database is opened by one process only.
const onServer = Boolean(loadConfig().databaseUrl);

const ASSIGNMENTS_PER_INSTANCE = 8;
const RATE_LIMIT = 40;

interface Mail {
  from: string;
  notification: string;
}

/**
 * Two instances of the server, each a process of its own as behind a load
 * balancer (docs/operations.md), started at the same moment on one empty
 * PostgreSQL database: both come up (the migrations run once, under the
 * lock), every reminder goes out exactly once through a real SMTP server on
 * loopback while both instances deliver the same outbox, and the rate limit
 * is counted per instance, as documented.
 */
(onServer ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  const mails: Mail[] = [];
  let smtp: SMTPServer;
  let database: TestDatabase;
  let instances: Array<{ name: string; url: string; process: Running }> = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            notification: /^X-Fragespar-Notification:\s*(.*)$/im.exec(raw.replace(/\r?\n[ \t]+/g, ''))?.[1]?.trim() ?? '',
          });
          // A slow mail server widens the window in which both instances see the same pending rows.
          setTimeout(callback, 20);
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.process.stop()));
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await database?.drop();
  });

  it('both come up when started at once on an empty database; the migrations run once', async () => {
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const ports = [await freePort(), await freePort()];
    instances = ['a', 'b'].map((name, i) => ({
      name,
      url: `http://127.0.0.1:${ports[i]}`,
      process: startTs('src/main.ts', {
        DATABASE_URL: database.settings.databaseUrl!,
        PORT: String(ports[i]),
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        // Each instance signs its mail, so the test sees that both delivered.
        MAIL_FROM: `instance-${name}@fragespar.test`,
        OUTBOX_POLL_MS: '100',
        ASSIGNMENT_DUE_SOON_DAYS: '30',
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      }),
    }));
    await Promise.all(instances.map((instance) => ready(instance.url, instance.process)));

    const client = new Client({ connectionString: database.settings.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; count: string }>('SELECT name, count(*) AS count FROM migrations GROUP BY name');
      expect(rows.map((row) => row.name).sort()).toEqual(APP_MIGRATIONS.map((migration) => migration.name).sort());
      expect(rows.filter((row) => row.count !== '1')).toEqual([]);
    } finally {
      await client.end();
    }
    // Neither instance logged an error (a race on the migrations would have).
    for (const instance of instances) expect(errorLines(instance.process.output())).toEqual([]);
  }, 300_000);

  it('sends every reminder once while both instances deliver the same outbox', async () => {
    const verifier = TokenVerifier.create(loadConfig({ ...process.env, AUTH_JWT_SECRET: TEST_JWT_SECRET }));
    const chair = await verifier.mint({ userId: 'ordf.vrau', displayName: 'Ordförande', organisationId: 'region-varmland', roles: ['chair'] });
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const given: string[] = [];
    // Given through both instances; each assignment makes a "given" reminder, and each instance's scan a "due soon" one.
    for (let i = 0; i < ASSIGNMENTS_PER_INSTANCE; i++) {
      for (const instance of instances) {
        const response = await fetch(`${instance.url}/assignments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${chair}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            givenBy: 'chairs-council',
            title: `Uppdrag ${instance.name}${i}`,
            purpose: 'Underlag till Ordföranderådet',
            deliverable: 'other',
            responsible: {
              userId: `person-${instance.name}${i}`,
              name: `Person ${i}`,
              organisationId: 'karlstad',
              email: `person-${instance.name}${i}@karlstad.se`,
            },
            dueDate: soon,
          }),
        });
        expect(response.status).toBe(201);
        given.push(((await response.json()) as { assignmentId: string }).assignmentId);
      }
    }
    const expected = given.length * 2;
    const deadline = Date.now() + 120_000;
    while (mails.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    // Several more rounds of both pollers: nothing more goes out.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const kinds = mails.map((mail) => mail.notification.split(':')[1]);
    expect({
      mails: mails.length,
      given: kinds.filter((kind) => kind === 'given').length,
      dueSoon: kinds.filter((kind) => kind === 'due-soon').length,
    }).toEqual({
      mails: expected,
      given: given.length,
      dueSoon: given.length,
    });
    expect(new Set(mails.map((mail) => mail.notification)).size).toBe(expected);
    expect(new Set(mails.map((mail) => mail.notification.split(':')[0]))).toEqual(new Set(given));
    const bySender = Object.fromEntries(
      instances.map((instance) => [instance.name, mails.filter((mail) => mail.from.startsWith(`instance-${instance.name}@`)).length]),
    );
    console.log(`reminders sent by instance: ${JSON.stringify(bySender)}`);
    expect(bySender.a + bySender.b).toBe(expected);

    const client = new Client({ connectionString: database.settings.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; attempts: number; count: string }>(
        'SELECT status, attempts, count(*) AS count FROM assignment_notification GROUP BY status, attempts',
      );
      expect(rows).toEqual([{ status: 'sent', attempts: 1, count: String(expected) }]);
    } finally {
      await client.end();
    }
  }, 300_000);

  it('counts the rate limit per instance: a client turned away by one is still served by the other', async () => {
    const verifier = TokenVerifier.create(loadConfig({ ...process.env, AUTH_JWT_SECRET: TEST_JWT_SECRET }));
    const chair = await verifier.mint({ userId: 'ordf.vrau', displayName: 'Ordförande', organisationId: 'region-varmland', roles: ['chair'] });
    const read = (url: string) => fetch(`${url}/assignments`, { headers: { authorization: `Bearer ${chair}` } }).then((response) => response.status);
    const [a, b] = instances;
    let status = 200;
    for (let i = 0; i <= RATE_LIMIT && status !== 429; i++) status = await read(a.url);
    expect(status).toBe(429);
    expect(await read(b.url)).toBe(200);
  }, 120_000);

  it('both stop on SIGTERM without an error', async () => {
    await Promise.all(instances.map((instance) => instance.process.stop()));
    for (const instance of instances) expect(errorLines(instance.process.output())).toEqual([]);
  }, 120_000);
});

async function ready(url: string, process: Running): Promise<void> {
  const deadline = Date.now() + 280_000;
  for (;;) {
    if (process.child.exitCode !== null) throw new Error(`an instance exited with ${process.child.exitCode}: ${process.output()}`);
    const ok = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} was not ready in time: ${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Log lines at level error or worse (pino: 50 and up). */
function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return false;
    }
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
