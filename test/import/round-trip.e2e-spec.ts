import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { csvRecords } from '../../src/import/import-file';
import { FixedClock } from '../../src/shared-kernel/clock';
import { waitForLogHead } from '../support/events';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

/**
 * Export, then import into an empty database: the same follow-up grid and the
 * same outstanding log. The first database holds the seeds' questions imported
 * with their 2024–2025 dates and a question entered live over HTTP; the export
 * writes both in the template, and the second database, empty, imports it.
 */
describe('Export → import into an empty database', () => {
  const clock = new FixedClock(new Date('2025-09-01T08:00:00.000Z'));
  let first: TestApp;
  let second: TestApp;
  let exported: Buffer;

  const as = async (t: TestApp) => `Bearer ${await t.token('admin', 'region-varmland', 'ida.admin')}`;
  const post = async (t: TestApp, url: string, body: object) => {
    const response = await t
      .http()
      .post(url)
      .set('Authorization', await as(t))
      .send(body);
    if (response.status >= 300) throw new Error(`${url}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const reached = new Map<TestApp, string>();
  const upload = async (t: TestApp, file: Buffer, name: string) => {
    const response = await t
      .http()
      .post('/imports')
      .set('Authorization', await as(t))
      .attach('file', file, { filename: name, contentType: 'text/csv' });
    expect(response.body.refusals).toEqual([]);
    expect(response.status).toBe(201);
    await waitForLogHead(t.app.get<EventStore>(EVENT_STORE), response.body.position);
    reached.set(t, response.body.position);
  };
  const views = async (t: TestApp) => {
    const auth = await as(t);
    // The views answer once their projections have reached what was written last (X-After-Position).
    const after = reached.get(t)!;
    const grid = (await t.http().get('/follow-up').set('Authorization', auth).set('X-After-Position', after).expect(200)).body;
    const log = (await t.http().get('/log').set('Authorization', auth).set('X-After-Position', after).expect(200)).body;
    const sunne = (await t.http().get('/organisations/sunne/follow-up').set('Authorization', auth).set('X-After-Position', after).expect(200)).body;
    return { grid, log, sunne };
  };

  beforeAll(async () => {
    [first, second] = await Promise.all([startTestApp({ clock }), startTestApp({ clock })]);
    await upload(first, fs.readFileSync(path.join(__dirname, 'fixtures/seed-questions-2024-2025.csv')), 'utestående-logg.csv');
    // Every other step of the template: a move, input, a consultation answered and closed, tabling, a position sent back, a corrected decision, feedback at home, a close and a reopening, a declined question.
    await upload(first, fs.readFileSync(path.join(__dirname, 'fixtures/every-step-2025.csv')), 'alla-steg.csv');
    const { questionId } = await post(first, '/questions', {
      title: 'Civilt försvar och samhällets beredskap',
      description: 'Gemensam planering för civilt försvar.',
      raisedBy: { kind: 'forum', id: 'working-group' },
      topicArea: 'Beredskap',
    });
    await post(first, `/questions/${questionId}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Lars', familyName: 'Ek', organisationId: 'region-varmland' },
    });
    // Input and a consultation entered here: the export names the consultation by its id.
    await post(first, `/questions/${questionId}/inputs`, { organisationId: 'sunne', content: 'Sunne vill samordna övningar.' });
    await post(first, `/questions/${questionId}/consultations`, { subject: 'Remiss: beredskapsplan', parties: ['torsby', 'sunne'], answerBy: '2025-10-01' });
    const consultationId = (
      await first
        .http()
        .get(`/questions/${questionId}`)
        .set('Authorization', await as(first))
        .expect(200)
    ).body.consultations[0].id;
    await post(first, `/questions/${questionId}/consultations/${consultationId}/answers`, { organisationId: 'torsby', answer: 'Torsby tillstyrker.' });
    await post(first, `/questions/${questionId}/consultations/${consultationId}/close`, {});
    await post(first, `/questions/${questionId}/decision-documents`, { reference: 'VRAU 2025/20', title: 'Underlag', proposedPosition: 'Anta planen.' });
    await post(first, `/questions/${questionId}/position`, {
      text: 'Parterna rekommenderas anta planen.',
      organisationsToDecide: ['torsby', 'sunne'],
      decideBy: '2025-08-15',
    });
    // Decisions recorded today (2025-09-01) that their bodies took earlier: the one in time, the other late, as the grid shows; the export keeps each body's day and name.
    await post(first, `/questions/${questionId}/decisions`, {
      organisationId: 'torsby',
      body: 'municipal-executive-board',
      decidedOn: '2025-08-12',
      outcome: 'adopted',
      reference: 'KS 2025-08-12 § 7',
    });
    const last = await post(first, `/questions/${questionId}/decisions`, {
      organisationId: 'sunne',
      body: 'committee',
      bodyName: 'Kommunstyrelsens arbetsutskott',
      decidedOn: '2025-08-28',
      outcome: 'adopted-with-changes',
      reference: 'KSAU 2025-08-28 § 31',
    });
    await waitForLogHead(first.app.get<EventStore>(EVENT_STORE), last.position);
    reached.set(first, last.position);
    const response = await first
      .http()
      .get('/imports/export')
      .set('Authorization', await as(first))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['x-omitted-events']).toBe('0');
    exported = response.body as Buffer;
    await upload(second, exported, 'export.csv');
  }, 400_000);
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('gives the same follow-up grid and the same outstanding log', async () => {
    const [before, after] = await Promise.all([views(first), views(second)]);
    expect(after.grid).toEqual(before.grid);
    expect(after.log).toEqual(before.log);
    expect(after.sunne).toEqual(before.sunne);
    expect(JSON.stringify(before.grid)).toContain('Civilt försvar');
    expect(JSON.stringify(before.log)).toContain('Utvärdering av sakområdesforumen');
    expect(JSON.stringify(before.grid)).toContain('Trafikförsörjningsprogram 2026–2030');
    expect(JSON.stringify(before.grid)).toContain('2025-08-12');
    expect(JSON.stringify(before.sunne)).toContain('Kommunstyrelsens arbetsutskott');
  });

  it('writes every step of the template, the consultations by the key they had in the file or by their id', () => {
    const [header, ...rows] = csvRecords(exported.toString('utf8'));
    const cell = (row: string[], column: string) => row[header.indexOf(column)];
    const steps = new Set(rows.map((row) => cell(row, 'steg')));
    for (const step of [
      'flyttad',
      'inspel',
      'remiss',
      'remissvar',
      'remiss avslutad',
      'bordlagd',
      'återförvisad',
      'beslut rättat',
      'återkoppling',
      'återöppnad',
      'avvisad',
    ]) {
      expect({ step, written: steps.has(step) }).toEqual({ step, written: true });
    }
    const consultations = rows.filter((row) => cell(row, 'steg') === 'remiss');
    expect(consultations.map((row) => [cell(row, 'datum'), cell(row, 'titel'), cell(row, 'organisationer')])).toEqual([
      ['2025-03-05', 'Remiss: förslag till trafikförsörjningsprogram', 'karlstad, kil, torsby'],
      ['2025-09-01', 'Remiss: beredskapsplan', 'torsby, sunne'],
    ]);
    expect(cell(consultations[0], 'remiss')).toBe('R1');
    expect(cell(consultations[1], 'remiss')).toMatch(/^[0-9a-f-]{36}$/);
    const decisions = rows.filter(
      (row) => cell(row, 'steg') === 'beslut' && ['torsby', 'sunne'].includes(cell(row, 'organisation')) && cell(row, 'datum') === '2025-09-01',
    );
    expect(
      decisions.map((row) => [cell(row, 'organisation'), cell(row, 'datum'), cell(row, 'beslutsdatum'), cell(row, 'beslutsorgan'), cell(row, 'organets namn')]),
    ).toEqual([
      ['torsby', '2025-09-01', '2025-08-12', 'KS', ''],
      ['sunne', '2025-09-01', '2025-08-28', 'nämnd', 'Kommunstyrelsens arbetsutskott'],
    ]);
    const correction = rows.find((row) => cell(row, 'steg') === 'beslut rättat')!;
    expect([cell(correction, 'datum'), cell(correction, 'beslutsdatum'), cell(correction, 'utfall')]).toEqual([
      '2025-06-25',
      '2025-06-20',
      'bifallit med ändringar',
    ]);
  });

  it('exports the second database to the same file', async () => {
    const again = await second
      .http()
      .get('/imports/export')
      .set('Authorization', await as(second))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect((again.body as Buffer).toString('utf8')).toBe(exported.toString('utf8'));
  });

  it('importing the export into the first database appends nothing: imported rows are passed over, a live question is refused whole', async () => {
    const response = await first
      .http()
      .post('/imports')
      .set('Authorization', await as(first))
      .attach('file', exported, { filename: 'export.csv', contentType: 'text/csv' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ imported: false, created: [] });
    expect(response.body.alreadyImported).toHaveLength(13 + 22);
    // The live question's events were not imported from a row: its rows name it, and it exists.
    expect(response.body.refusals[0]).toMatchObject({ column: 'fråga', rule: 'question-already-exists' });
  });
});
