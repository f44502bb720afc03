import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AssignmentOutbox } from '../../src/assignments/assignment-outbox';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

interface Received {
  to: string[];
  subject: string;
  notification: string;
}

/**
 * The reminder outbox delivers through a real SMTP server on loopback, started
 * here: a refused delivery is retried after its backoff, and nothing is sent
 * twice — not on a second round, not on a second scan of the same due date;
 * and, without SMTP, by webhook to a loopback HTTP server.
 */
describe('the assignment reminder outbox, over SMTP', () => {
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  const received: Received[] = [];
  let refuseNext = 0;
  /** Runs while the mail server holds a message, before it accepts it. */
  let whileReceiving: (() => Promise<unknown>) | undefined;
  let server: SMTPServer;
  let t: TestApp;
  let outbox: AssignmentOutbox;
  let chair: string;
  let position = '';

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refuseNext > 0) {
          refuseNext--;
          const error = new Error('Mailbox temporarily unavailable') as Error & { responseCode: number };
          error.responseCode = 450;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: /^Subject: (.*)$/im.exec(raw)?.[1] ?? '',
            notification: /^X-Fragespar-Notification:\s*(.*)$/im.exec(raw.replace(/\r?\n[ \t]+/g, ''))?.[1]?.trim() ?? '',
          });
          void (whileReceiving?.() ?? Promise.resolve()).then(() => callback());
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    t = await startTestApp({
      clock,
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, OUTBOX_POLL_MS: '0', OUTBOX_RETRY_BASE_MS: '60000', ASSIGNMENT_DUE_SOON_DAYS: '7' },
    });
    outbox = t.app.get(AssignmentOutbox);
    chair = await t.token('chair', 'region-varmland', 'ordf.vrau');
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const rows = (): Promise<Array<{ kind: string; status: string; attempts: number; last_error: string | null }>> =>
    t.app.get(DataSource).query(`SELECT kind, status, attempts, last_error FROM assignment_notification ORDER BY created_at, kind`);
  /** Gives an assignment due on a date to a person with an address; waits for its "given" reminder row. Returns its id. */
  const giveAssignment = async (email: string, dueDate: string): Promise<string> => {
    const given = await t
      .http()
      .post('/assignments')
      .set('Authorization', `Bearer ${chair}`)
      .send({
        givenBy: 'chairs-council',
        title: `Uppdrag till ${email}`,
        purpose: 'Underlag',
        deliverable: 'other',
        responsible: { userId: email.split('@')[0], name: email, organisationId: 'kil', email },
        dueDate,
      })
      .expect(201);
    position = given.body.position;
    await caughtUp();
    return given.body.assignmentId as string;
  };
  const caughtUp = () => t.http().get(`/assignments?afterPosition=${position}`).set('Authorization', `Bearer ${chair}`).expect(200);

  it('sends "assignment given" once, retrying after a refused delivery without duplicates', async () => {
    const given = await t
      .http()
      .post('/assignments')
      .set('Authorization', `Bearer ${chair}`)
      .send({
        givenBy: 'chairs-council',
        title: 'Sammanställ remissvaren',
        purpose: 'Underlag till Ordföranderådet',
        deliverable: 'other',
        responsible: { userId: 'anna.andersson', name: 'Anna Andersson', organisationId: 'karlstad', email: 'anna@karlstad.se' },
        dueDate: '2026-03-20',
      })
      .expect(201);
    position = given.body.position;
    await caughtUp();

    refuseNext = 1;
    expect(await outbox.deliver()).toBe(0);
    expect(await rows()).toEqual([expect.objectContaining({ kind: 'given', status: 'pending', attempts: 1, last_error: expect.stringContaining('450') })]);
    // Before the backoff has passed, nothing is tried again.
    expect(await outbox.deliver()).toBe(0);
    expect(received).toHaveLength(0);

    clock.set('2026-03-02T08:01:01Z');
    expect(await outbox.deliver()).toBe(1);
    expect(await outbox.deliver()).toBe(0);
    expect(received).toEqual([
      {
        to: ['anna@karlstad.se'],
        subject: expect.stringContaining('Nytt_uppdrag'),
        notification: expect.stringContaining(':given:2026-03-20:anna.andersson:'),
      },
    ]);
    expect(await rows()).toEqual([expect.objectContaining({ kind: 'given', status: 'sent', attempts: 2, last_error: null })]);
  });

  it('the scanner adds "due soon" and then "overdue" from the clock, each once per due date and recipient', async () => {
    clock.set('2026-03-14T07:00:00Z');
    await outbox.scan();
    await outbox.scan();
    expect(await outbox.deliver()).toBe(1);
    clock.set('2026-03-21T07:00:00Z');
    await outbox.tick();
    await outbox.tick();
    // The header names the outbox row's key: assignment:kind:due date:recipient:causing event.
    expect(received.map((mail) => mail.notification.split(':').slice(1, 4).join(':'))).toEqual([
      'given:2026-03-20:anna.andersson',
      'due-soon:2026-03-20:anna.andersson',
      'overdue:2026-03-20:anna.andersson',
    ]);
    expect((await rows()).map((row) => [row.kind, row.status])).toEqual([
      ['given', 'sent'],
      ['due-soon', 'sent'],
      ['overdue', 'sent'],
    ]);
  });

  it('takes over a claim left by an instance that died once its lease has run out, and sends it once', async () => {
    const given = await giveAssignment('kim@kil.se', '2026-06-30');
    // Another instance claimed the "given" reminder and died before handing it over.
    await t.app
      .get(DataSource)
      .query(`UPDATE assignment_notification SET lease_owner = 'a-dead-instance', lease_until = $2 WHERE assignment_id = $1 AND kind = 'given'`, [
        given,
        new Date(clock.now().getTime() + 60_000).toISOString(),
      ]);
    expect(await outbox.deliver()).toBe(0);
    clock.set(new Date(clock.now().getTime() + 60_001));
    expect(await outbox.deliver()).toBe(1);
    expect(await outbox.deliver()).toBe(0);
    expect(received.filter((mail) => mail.notification.startsWith(`${given}:given:`))).toHaveLength(1);
    expect((await rows()).filter((row) => row.kind === 'given').every((row) => row.status === 'sent')).toBe(true);
  });

  it('records a delivery as sent, once, when PostgreSQL ends every session of the app while the mail is being accepted', async () => {
    if (t.database.kind !== 'server') return; // the embedded database has no sessions to end
    const admin = new Client({ connectionString: t.database.settings.databaseUrl });
    await admin.connect();
    try {
      const given = await giveAssignment('lo@torsby.se', '2026-07-31');
      whileReceiving = () =>
        admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      expect(await outbox.deliver()).toBe(1);
      whileReceiving = undefined;
      expect(await outbox.deliver()).toBe(0);
      expect(received.filter((mail) => mail.notification.startsWith(`${given}:given:`))).toHaveLength(1);
      const [row] = await t.app.get(DataSource).query(`SELECT status, attempts FROM assignment_notification WHERE assignment_id = $1`, [given]);
      expect(row).toEqual({ status: 'sent', attempts: 1 });
    } finally {
      whileReceiving = undefined;
      await admin.end();
    }
  });
});

describe('the assignment reminder outbox, by webhook', () => {
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  const posted: Array<Record<string, unknown>> = [];
  let failNext = 0;
  let server: Server;
  let t: TestApp;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (failNext > 0) {
          failNext--;
          response.writeHead(503).end();
          return;
        }
        posted.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startTestApp({ clock, env: { WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/fragespar`, OUTBOX_POLL_MS: '0', OUTBOX_RETRY_BASE_MS: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts a reminder for a person without an e-mail address, retrying a 503 once, and never twice', async () => {
    const chair = await t.token('chair', 'region-varmland', 'ordf.vrau');
    const given = await t
      .http()
      .post('/assignments')
      .set('Authorization', `Bearer ${chair}`)
      .send({
        givenBy: 'council',
        title: 'Förbered rådslag',
        purpose: 'Värmlandsrådet i april',
        deliverable: 'other',
        responsible: { userId: 'kim.kil', name: 'Kim Kil', organisationId: 'kil' },
        dueDate: '2026-04-01',
      })
      .expect(201);
    await t.http().get(`/assignments?afterPosition=${given.body.position}`).set('Authorization', `Bearer ${chair}`).expect(200);
    const outbox = t.app.get(AssignmentOutbox);
    failNext = 1;
    expect(await outbox.deliver()).toBe(0);
    clock.set('2026-03-02T08:00:02Z');
    expect(await outbox.deliver()).toBe(1);
    expect(await outbox.deliver()).toBe(0);
    expect(posted).toEqual([expect.objectContaining({ kind: 'given', assignmentId: given.body.assignmentId, recipient: 'kim.kil', dueDate: '2026-04-01' })]);
  });
});
