import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { csvRecords, sha256Of, xlsxBytes } from '../../src/import/import-file';
import { importedQuestionId } from '../../src/import/import-rows';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

const FIXTURE = path.join(__dirname, 'fixtures/seed-questions-2024-2025.csv');

/**
 * Importing the existing record: the seeds' questions with their 2024–2025
 * dates, entered on 1 September 2025, through the question decider; a dry run
 * first, a file with a refused row that stores nothing, the import, the same
 * file again that appends nothing, and the questions asked "as in effect on"
 * days between their steps.
 */
describe('Import of questions with the dates things happened', () => {
  const clock = new FixedClock(new Date('2025-09-01T08:00:00.000Z'));
  const bytes = fs.readFileSync(FIXTURE);
  let t: TestApp;
  let admin: string;
  let store: EventStore;
  const evaluation = importedQuestionId('VR-2024-07');

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.token('admin', 'region-varmland', 'ida.admin');
    store = t.app.get(EVENT_STORE);
  }, 120_000);
  afterAll(() => t?.close());

  const upload = (file: Buffer, name: string, query = '', contentType = 'text/csv', token = admin) =>
    t.http().post(`/imports${query}`).set('Authorization', `Bearer ${token}`).attach('file', file, { filename: name, contentType });
  const question = (id: string, query = '') => t.http().get(`/questions/${id}${query}`).set('Authorization', `Bearer ${admin}`);

  it('a dry run reports what would be created and stores nothing', async () => {
    const { body } = await upload(bytes, 'utestående-logg.csv', '?dryRun=true').expect(200);
    expect(body).toMatchObject({
      dryRun: true,
      imported: false,
      rows: 13,
      refusals: [],
      questions: 3,
      events: 13,
      file: { name: 'utestående-logg.csv', kind: 'csv', sha256: sha256Of(bytes) },
    });
    expect(body.created[0]).toEqual({
      row: 2,
      question: 'VR-2024-07',
      questionId: evaluation,
      step: 'väckt',
      command: 'RaiseQuestion',
      events: ['QuestionRaised'],
    });
    expect(await store.streamRevision(`question-${evaluation}`)).toBe(-1);
  });

  it('a file with a refused row stores nothing, and names each refused row, column and rule', async () => {
    const broken = Buffer.from(
      bytes
        .toString('utf8')
        .replace('VR-2024-07;beslut;2025-03-04;', 'VR-2024-07;beslut;2025-02-10;')
        .replace(';;;;;;;;;;;;;;;kil;', ';;;;;;;;;;;;;;;kil;')
        .trimEnd() + '\r\nVR-2025-02;beslut;2025-06-01;;;;;;;;;;;KS 2025-06-01 § 3;;;torsby;KS;bifallit;\r\n',
    );
    const { body } = await upload(broken, 'fel.csv').expect(422);
    expect(body.imported).toBe(false);
    expect(body.refusals.map(({ row, column, rule }: { row: number; column: string; rule: string }) => ({ row, column, rule }))).toEqual([
      { row: 6, column: 'datum', rule: 'effective-date-out-of-order' },
      { row: 15, column: 'steg', rule: 'no-position-in-force' },
    ]);
    expect(body.refusals[0].message).toContain('Row 6, datum');
    expect(await store.streamRevision(`question-${evaluation}`)).toBe(-1);
  });

  it('imports whole, attributed to who ran it, with the file’s name and hash and each event’s day', async () => {
    const { body } = await upload(bytes, 'utestående-logg.csv').expect(201);
    expect(body).toMatchObject({ imported: true, events: 13, questions: 3, refusals: [] });
    const history = (await t.http().get(`/questions/${evaluation}/history`).set('Authorization', `Bearer ${admin}`).expect(200)).body.items;
    expect(history.map((event: { type: string }) => event.type)).toEqual([
      'QuestionRaised',
      'QuestionAccepted',
      'DecisionDocumentAttached',
      'PositionTaken',
      'MemberDecisionRecorded',
      'MemberDecisionRecorded',
    ]);
    expect(history[0].metadata).toMatchObject({
      actor: { userId: 'ida.admin', role: 'admin' },
      occurredAt: '2025-09-01T08:00:00.000Z',
      effectiveOn: '2024-10-11',
      imported: { fileName: 'utestående-logg.csv', fileSha256: sha256Of(bytes), row: 2 },
    });
    expect(history.map((event: { metadata: { effectiveOn: string } }) => event.metadata.effectiveOn)).toEqual([
      '2024-10-11',
      '2024-10-25',
      '2025-01-20',
      '2025-02-14',
      '2025-03-04',
      '2025-04-08',
    ]);
    const now = (await question(evaluation).expect(200)).body;
    expect(now).toMatchObject({ stage: 'position-taken', raisedOn: '2024-10-11', raisedAt: '2025-09-01T08:00:00.000Z', pendingDecisions: ['kil'] });
    expect((await question(importedQuestionId('VR-2024-03')).expect(200)).body.stage).toBe('withdrawn');
  });

  it('importing the same file again appends nothing', async () => {
    const before = await store.streamRevision(`question-${evaluation}`);
    const { body } = await upload(bytes, 'utestående-logg-igen.csv').expect(200);
    expect(body).toMatchObject({ imported: false, events: 0, created: [], refusals: [] });
    expect(body.alreadyImported).toHaveLength(13);
    expect(await store.streamRevision(`question-${evaluation}`)).toBe(before);
  });

  it.each([
    ['2024-10-10', 404, undefined],
    ['2024-12-31', 200, 'accepted'],
    ['2025-02-01', 200, 'decision-document'],
    ['2025-03-10', 200, 'position-taken'],
  ])('as in effect on %s, between its steps', async (day, status, stage) => {
    const response = await question(evaluation, `?inEffectOn=${day}`).expect(status);
    if (stage) expect(response.body.stage).toBe(stage);
    if (day === '2025-03-10') expect(response.body.pendingDecisions).toEqual(['region-varmland', 'kil']);
  });

  it('as recorded by 1 June 2025 the record held none of it: it was entered on 1 September', async () => {
    await question(evaluation, '?asOf=2025-06-01').expect(404);
    const both = await question(evaluation, '?asOf=2025-09-01&inEffectOn=2025-03-10').expect(200);
    expect(both.body.memberDecisions.karlstad).toBeDefined();
  });

  it('reads the same template as an XLSX workbook', async () => {
    const workbook = await xlsxBytes(csvRecords(bytes.toString('utf8')));
    const { body } = await upload(workbook, 'utestående-logg.xlsx', '?dryRun=true', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').expect(
      200,
    );
    expect(body).toMatchObject({ file: { kind: 'xlsx' }, refusals: [], created: [], rows: 13 });
    expect(body.alreadyImported).toHaveLength(13);
  });

  it('checks the upload: its type, its size, that there is one, and who sends it', async () => {
    await upload(Buffer.from('%PDF-1.7'), 'protokoll.pdf', '', 'application/pdf').expect(415);
    const notTheTemplate = await upload(Buffer.from('%PDF-1.7'), 'protokoll.csv', '', 'application/octet-stream').expect(422);
    expect(notTheTemplate.body.refusals).toContainEqual(expect.objectContaining({ row: 1, column: 'fråga', rule: 'missing-column' }));
    await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'utestående-logg.csv').expect(415);
    await upload(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'stor.csv').expect(413);
    await t.http().post('/imports').set('Authorization', `Bearer ${admin}`).expect(400);
    await upload(bytes, 'utestående-logg.csv', '', 'text/csv', await t.token('working-group', 'region-varmland')).expect(403);
  });
});
