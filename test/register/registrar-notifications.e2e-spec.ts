import { INestApplication } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { ProjectionsService } from '../../src/projections/projections.service';
import { RegistrarOutbox } from '../../src/register/registrar-outbox';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TEST_JWT_SECRET } from '../support/test-app';
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

  const start = async () => {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.settings.databaseUrl ?? '',
      DATA_DIR: database.settings.dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      EVENT_STORE: 'postgres',
      SMTP_URL: smtpUrl,
      OUTBOX_POLL_MS: '0',
      PUBLIC_BASE_URL: 'https://fragespar.example',
    });
    app = await createApp(config, { clock }, ['error']);
    await app.init();
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
    ).body.items as Array<{ kind: string; status: string; sentAt?: string; dueBy: string }>;

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
    await app?.close();
    await database?.drop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a position and a consultation reach the registrars of the organisations named, once each, with a link', async () => {
    await registrar('Kim Registrator', 'kil', 'registrator@kil.se');
    await registrar('Kari Registrator', 'karlstad', 'registrator@karlstad.se');
    await registrar('Utan Adress', 'region-varmland');

    const { questionId } = await ok('/questions', 'chair', {
      title: 'Regional kulturplan',
      description: 'Ny kulturplan 2027–2030.',
      raisedBy: { kind: 'forum', id: 'chairs-council' },
      topicArea: 'Kultur',
    });
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
});
