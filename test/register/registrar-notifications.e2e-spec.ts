import { INestApplication } from '@nestjs/common';
import { OBLIGATION_HISTORY_PROJECTION } from '../../src/follow-up/contract';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { ProjectionsService } from '../../src/projections/projections.service';
import { RegistrarOutbox } from '../../src/register/registrar-outbox';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { browser, signIn } from '../web/web-support';
import { TestDatabase, createTestDatabase } from '../support/test-database';

interface Received {
  to: string[];
  subject: string;
  body: string;
}

/** An RFC 2047 header as read (nodemailer encodes non-ASCII subjects as encoded words, Q or B). */
function decodedHeader(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/**
 * Word to each organisation (issue 27): when a position names an organisation
 * or a consultation is sent to it, its registrar is e-mailed once, through a
 * real SMTP server on loopback, with a link to the question and what is asked
 * by when; the organisation's page shows what was sent and when. Nothing is
 * sent twice: not on a second round, not after a restart.
 */
describe('word to each organisation’s registrar, over SMTP', () => {
  const clock = new FixedClock(new Date('2026-03-02T08:00:00Z'));
  const received: Received[] = [];
  let server: SMTPServer;
  let database: TestDatabase;
  let app: INestApplication | undefined;
  let smtpUrl: string;
  let position = '';
  let questionId = '';
  /** Other instances on the same database. */
  const others: INestApplication[] = [];

  const configuration = () =>
    loadConfig({
      ...process.env,
      DATABASE_URL: database.settings.databaseUrl ?? '',
      DATA_DIR: database.settings.dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      EVENT_STORE: 'postgres',
      SMTP_URL: smtpUrl,
      OUTBOX_POLL_MS: '0',
      REGISTRAR_OUTBOX_POLL_MS: '0',
      REGISTRAR_DUE_NEARS_DAYS: '7',
      PUBLIC_BASE_URL: 'https://fragespar.example',
    });
  /** An instance of the application on the test's database. */
  const instance = async () => {
    const started = await createApp(configuration(), { clock }, ['error']);
    await started.init();
    return started;
  };
  const start = async () => {
    app = await instance();
  };
  const token = (role: string, userId = role) => app!.get(TokenVerifier).mint({ userId, displayName: role, organisationId: 'region-varmland', roles: [role] });
  const ok = async (path: string, role: string, body: object = {}) => {
    const response = await request(app!.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${await token(role)}`)
      .send(body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    if (response.body.position) position = response.body.position;
    return response.body;
  };
  const registrar = async (name: string, organisationId: string, email?: string) => {
    const { personId } = await ok('/register/people', 'admin', { name, organisationId, ...(email ? { email } : {}) });
    await ok(`/register/people/${personId}/roles`, 'admin', { role: 'registrar', from: '2026-01-01' });
  };
  const sentTo = async (organisationId: string) =>
    (
      await request(app!.getHttpServer())
        .get(`/register/organisations/${organisationId}/notifications`)
        .set('Authorization', `Bearer ${await token('member')}`)
        .expect(200)
    ).body.items as Array<{ kind: string; status: string; sentAt?: string; dueBy: string; what: string }>;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: decodedHeader(/^Subject: (.*)$/im.exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? ''),
            body: raw.replace(/=\r?\n/g, ''),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
    database = await createTestDatabase();
    await start();
  }, 180_000);
  afterAll(async () => {
    await Promise.all(others.map((other) => other.close()));
    await app?.close();
    await database?.drop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a position and a consultation reach the registrars of the organisations named, once each, with a link', async () => {
    await registrar('Kim Registrator', 'kil', 'registrator@kil.se');
    await registrar('Kari Registrator', 'karlstad', 'registrator@karlstad.se');
    await registrar('Utan Adress', 'region-varmland');

    ({ questionId } = await ok('/questions', 'chair', {
      title: 'Regional kulturplan',
      description: 'Ny kulturplan 2027–2030.',
      raisedBy: { kind: 'forum', id: 'chairs-council' },
      topicArea: 'Kultur',
    }));
    await ok(`/questions/${questionId}/accept`, 'chair', {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await ok(`/questions/${questionId}/consultations`, 'working-group', {
      subject: 'Remiss: kulturplanen',
      parties: ['kil', 'torsby'],
      answerBy: '2026-04-15',
    });
    await ok(`/questions/${questionId}/decision-documents`, 'working-group', {
      reference: 'OR 2026/3',
      title: 'Underlag',
      proposedPosition: 'Att anta planen',
    });
    await ok(`/questions/${questionId}/position`, 'chair', {
      text: 'Ordföranderådet rekommenderar parterna att anta kulturplanen',
      organisationsToDecide: ['kil', 'karlstad', 'region-varmland'],
      decideBy: '2026-06-30',
    });
    await app!.get(ProjectionsService).waitFor(['registrar-notifications'], position);

    const outbox = app!.get(RegistrarOutbox);
    expect(await outbox.deliver()).toBe(3);
    expect(await outbox.deliver()).toBe(0);
    expect(received.map((mail) => [mail.to[0], mail.subject]).sort()).toEqual([
      ['registrator@karlstad.se', 'Beslut att fatta: Ordföranderådet rekommenderar parterna att anta kulturplanen'],
      ['registrator@kil.se', 'Beslut att fatta: Ordföranderådet rekommenderar parterna att anta kulturplanen'],
      ['registrator@kil.se', 'Remiss att besvara: Remiss: kulturplanen'],
    ]);
    for (const mail of received) expect(mail.body).toContain(`https://fragespar.example/web/questions/${questionId}`);
    expect(received.find((mail) => mail.subject.startsWith('Remiss'))!.body).toContain('senast 2026-04-15');

    const kil = await sentTo('kil');
    expect(kil.map((item) => [item.kind, item.status, item.dueBy])).toEqual(
      expect.arrayContaining([
        ['decision-owed', 'sent', '2026-06-30'],
        ['consultation-sent', 'sent', '2026-04-15'],
      ]),
    );
    expect(kil.every((item) => item.sentAt === '2026-03-02T08:00:00.000Z')).toBe(true);
    // Torsby has no registrar: nobody to tell. The region's registrar has no address: shown as not sent.
    expect(await sentTo('torsby')).toEqual([]);
    expect((await sentTo('region-varmland')).map((item) => item.status)).toEqual(['pending']);
  }, 60_000);

  it('after a restart nothing is sent again', async () => {
    await app!.close();
    await start();
    await app!.get(ProjectionsService).waitFor(['registrar-notifications'], position);
    expect(await app!.get(RegistrarOutbox).deliver()).toBe(0);
    expect(received).toHaveLength(3);
  }, 60_000);

  it('tells a registrar once when a decision or answer owed nears its due date and once when it has passed: two instances, a restart, the API and the page', async () => {
    // A second instance on the same database (a server; the embedded database is opened by one process).
    if (database.settings.databaseUrl) others.push(await instance());
    const outboxes = () => [app!, ...others].map((each) => each.get(RegistrarOutbox));
    /** Every instance's round, twice over, at the same time. */
    const rounds = async () => {
      for (let i = 0; i < 2; i++) await Promise.all(outboxes().map((outbox) => outbox.tick()));
    };
    const newMail = () => received.slice(3).map((mail) => [mail.to[0], mail.subject]);

    clock.set('2026-04-07T08:00:00Z');
    await rounds();
    expect(newMail()).toEqual([]);

    // Seven days before the answer is due it nears: Kil's registrar is told (Torsby has no registrar).
    clock.set('2026-04-08T08:00:00Z');
    await rounds();
    expect(newMail()).toEqual([['registrator@kil.se', 'Remissvar snart förfallet: Remiss: kulturplanen']]);

    // Karlstad records its decision in time; Kil neither answers nor decides.
    const karlstad = await app!.get(TokenVerifier).mint({ userId: 'kari', displayName: 'Kari', organisationId: 'karlstad', roles: ['member'] });
    const decided = await request(app!.getHttpServer())
      .post(`/questions/${questionId}/decisions`)
      .set('Authorization', `Bearer ${karlstad}`)
      .send({ organisationId: 'karlstad', body: 'municipal-executive-board', decidedOn: '2026-04-08', outcome: 'adopted', reference: 'KS 2026-04-08 § 12' });
    expect(decided.status).toBeLessThan(300);
    position = decided.body.position;
    await app!.get(ProjectionsService).waitFor([OBLIGATION_HISTORY_PROJECTION], position);

    clock.set('2026-04-16T08:00:00Z');
    await rounds();
    clock.set('2026-06-24T08:00:00Z');
    await rounds();
    expect(newMail()).toEqual([
      ['registrator@kil.se', 'Remissvar snart förfallet: Remiss: kulturplanen'],
      ['registrator@kil.se', 'Remissvar försenat: Remiss: kulturplanen'],
      ['registrator@kil.se', 'Beslut snart förfallet: Regional kulturplan'],
    ]);

    // Every instance restarts; the day after the decision was due Kil's registrar is told once more, and only once.
    await Promise.all(others.splice(0).map((other) => other.close()));
    await app!.close();
    await start();
    if (database.settings.databaseUrl) others.push(await instance());
    await app!.get(ProjectionsService).waitFor([OBLIGATION_HISTORY_PROJECTION, 'registrar-notifications'], position);
    clock.set('2026-07-01T08:00:00Z');
    await rounds();
    await rounds();
    expect(newMail()).toEqual([
      ['registrator@kil.se', 'Remissvar snart förfallet: Remiss: kulturplanen'],
      ['registrator@kil.se', 'Remissvar försenat: Remiss: kulturplanen'],
      ['registrator@kil.se', 'Beslut snart förfallet: Regional kulturplan'],
      ['registrator@kil.se', 'Beslut försenat: Regional kulturplan'],
    ]);
    const overdue = received[received.length - 1];
    expect(overdue.body).toContain(`https://fragespar.example/web/questions/${questionId}`);
    expect(overdue.body).toContain('senast 2026-06-30');
    await Promise.all(others.splice(0).map((other) => other.close()));

    // The API: what was sent and when.
    const kil = await sentTo('kil');
    expect(
      kil.filter((item) => !['decision-owed', 'consultation-sent'].includes(item.kind)).map((item) => [item.kind, item.status, item.dueBy, item.sentAt]),
    ).toEqual([
      ['decision-overdue', 'sent', '2026-06-30', '2026-07-01T08:00:00.000Z'],
      ['decision-due-soon', 'sent', '2026-06-30', '2026-06-24T08:00:00.000Z'],
      ['answer-overdue', 'sent', '2026-04-15', '2026-04-16T08:00:00.000Z'],
      ['answer-due-soon', 'sent', '2026-04-15', '2026-04-08T08:00:00.000Z'],
    ]);
    // Karlstad decided in time: its registrar heard of the position only. The region's registrar has no address: not sent.
    expect((await sentTo('karlstad')).map((item) => item.kind)).toEqual(['decision-owed']);
    expect((await sentTo('region-varmland')).map((item) => [item.kind, item.status])).toEqual([
      ['decision-overdue', 'pending'],
      ['decision-due-soon', 'pending'],
      ['decision-owed', 'pending'],
    ]);

    // The organisation's page shows the same.
    const agent = browser({ app: app! } as TestApp);
    await signIn(agent, 'member', 'kil');
    const page = (await agent.get('/web/organisations/kil').expect(200)).text;
    expect(page).toContain('Besked till registrator');
    for (const label of [
      'Beslut att fatta',
      'Remiss att besvara',
      'Remissvar snart förfallet',
      'Remissvar försenat',
      'Beslut snart förfallet',
      'Beslut försenat',
    ]) {
      expect(page).toContain(`<td>${label}</td>`);
    }
    expect(page).toContain('Kim Registrator');
  }, 180_000);
});
