import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '../../src/event-store/event-chain';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

// Each test reads the whole log or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * A question's history (every stored event with its full metadata, hash and
 * previous hash, paged) and its dossier for archiving, as JSON and as a
 * printable Swedish HTML document.
 */
describe('History and dossier of a question', () => {
  const clock = new FixedClock(new Date('2025-02-03T08:00:00Z'));
  let t: TestApp;
  let id: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock });
    for (const role of ['admin', 'working-group', 'chair', 'secretary', 'auditor']) tokens[role] = await t.token(role, 'region-varmland', `${role}.person`);
    tokens.member = await t.token('member', 'kil', 'member.kil');
    const post = async (instant: string, path: string, body: object, role = 'chair', headers: Record<string, string> = {}) => {
      clock.set(instant);
      const response = await t.http().post(path).set('Authorization', `Bearer ${tokens[role]}`).set(headers).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    id = (
      await post(
        '2025-02-03T08:00:00.000Z',
        '/questions',
        {
          title: 'Kollektivtrafik <script>alert("x")</script> & länsgränser',
          description: 'Första stycket.\n\nAndra stycket.',
          raisedBy: { kind: 'forum', id: 'transport-regional-development-forum' },
          topicArea: 'Kollektivtrafik',
        },
        'chair',
        { 'X-Correlation-Id': 'corr-raise-1' },
      )
    ).questionId;
    await post(
      '2025-02-10T09:30:00.000Z',
      `/questions/${id}/accept`,
      { forum: 'council', logic: 'process', responsible: { givenName: 'Per', familyName: 'Åberg', organisationId: 'karlstad' } },
      'working-group',
    );
    await post('2025-02-20T10:00:00.000Z', `/questions/${id}/move`, { forum: 'transport-regional-development-forum', reason: 'Hör hemma i sakområdesforumet' });
    await post('2025-03-01T11:00:00.000Z', `/questions/${id}/inputs`, { organisationId: 'kil', content: 'Kil vill ha fler turer.' }, 'member');
    await post('2025-03-15T12:00:00.000Z', `/questions/${id}/withdraw`, { reason: 'Frågan löstes i trafikförsörjningsprogrammet' });
  }, 120_000);
  afterAll(() => t?.close());

  const get = (path: string, role = 'auditor') => t.http().get(path).set('Authorization', `Bearer ${tokens[role]}`);

  describe('GET /questions/:id/history', () => {
    it('lists every stored event with who, in which role and organisation, when, why, tracing ids, hash and previous hash', async () => {
      const { body } = await get(`/questions/${id}/history`).expect(200);
      expect(body).toMatchObject({
        questionId: id,
        total: 5,
        limit: 100,
        offset: 0,
        integrity: { intact: true, firstBroken: null, events: 5, headRevision: 4 },
      });
      expect(body.items.map((item: { type: string }) => item.type)).toEqual([
        'QuestionRaised',
        'QuestionAccepted',
        'QuestionMovedToForum',
        'InputSubmitted',
        'QuestionWithdrawn',
      ]);
      const [raised, accepted, moved, input, withdrawn] = body.items;
      expect(raised).toMatchObject({
        revision: 0,
        label: 'Fråga väckt',
        schemaVersion: 1,
        previousHash: GENESIS_HASH,
        metadata: {
          actor: { userId: 'chair.person', role: 'chair', organisationId: 'region-varmland', displayName: 'Test chair (region-varmland)' },
          occurredAt: '2025-02-03T08:00:00.000Z',
          correlationId: 'corr-raise-1',
        },
      });
      expect(raised.metadata.causationId).toBe(raised.metadata.commandId);
      expect(raised.position).toMatch(/^\d+\.\d+$/);
      expect(accepted).toMatchObject({
        schemaVersion: 2,
        data: { responsible: { givenName: 'Per', familyName: 'Åberg', organisationId: 'karlstad' } },
        metadata: { actor: { role: 'working-group' } },
      });
      expect(accepted.dataInCurrentShape).toBeUndefined();
      expect(moved.metadata.reason).toBe('Hör hemma i sakområdesforumet');
      expect(input.metadata.actor).toMatchObject({ role: 'member', organisationId: 'kil' });
      expect(withdrawn).toMatchObject({
        revision: 4,
        metadata: { reason: 'Frågan löstes i trafikförsörjningsprogrammet', occurredAt: '2025-03-15T12:00:00.000Z' },
      });
      for (let i = 1; i < body.items.length; i++) expect(body.items[i].previousHash).toBe(body.items[i - 1].hash);
      expect(body.integrity.headHash).toBe(withdrawn.hash);
    });

    it('pages by revision', async () => {
      const { body } = await get(`/questions/${id}/history?limit=2&offset=1`).expect(200);
      expect(body).toMatchObject({ total: 5, limit: 2, offset: 1 });
      expect(body.items.map((item: { revision: number }) => item.revision)).toEqual([1, 2]);
      expect((await get(`/questions/${id}/history?offset=5`).expect(200)).body.items).toEqual([]);
      await get(`/questions/${id}/history?limit=0`).expect(400);
    });

    it('404 for a question that does not exist', async () => {
      await get('/questions/00000000-0000-4000-8000-000000000000/history').expect(404);
    });

    it('is for those who run the process and for auditors; members get 403', async () => {
      for (const role of ['admin', 'working-group', 'chair', 'secretary', 'auditor']) await get(`/questions/${id}/history`, role).expect(200);
      expect((await get(`/questions/${id}/history`, 'member').expect(403)).body).toMatchObject({ role: 'member', action: 'questions.history' });
    });
  });

  describe('GET /questions/:id/dossier', () => {
    it('is JSON by default: the state, every event, the integrity of the chain, who exported it and when', async () => {
      clock.set('2025-04-01T07:00:00.000Z');
      const response = await get(`/questions/${id}/dossier`).expect(200);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.headers['content-disposition']).toBe(`inline; filename="fragespar-akt-${id}-rev4.json"`);
      expect(response.body).toMatchObject({
        format: 'fragespar-dossier-v1',
        questionId: id,
        streamId: `question-${id}`,
        exportedAt: '2025-04-01T07:00:00.000Z',
        exportedBy: { userId: 'auditor.person', role: 'auditor' },
        revision: 4,
        state: { stage: 'withdrawn', forum: 'transport-regional-development-forum', responsible: { name: 'Per Åberg' } },
        integrity: { intact: true, events: 5 },
      });
      expect(response.body.events).toHaveLength(5);
      expect(response.body.integrity.headHash).toBe(response.body.events[4].hash);
    });

    it('is a printable Swedish HTML document with Accept: text/html, every value escaped', async () => {
      const response = await get(`/questions/${id}/dossier`).set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8').expect(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-disposition']).toContain('.html');
      const html: string = response.text;
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="sv">/);
      expect(html).toContain('Kollektivtrafik &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; länsgränser');
      expect(html).not.toContain('<script>');
      for (const text of [
        'Fråga väckt',
        'Fråga beredd',
        'Fråga flyttad till annat forum',
        'Inspel lämnat',
        'Fråga återkallad',
        'Per Åberg, Karlstads kommun',
        'Kollektivtrafik- och regionalt utvecklingsforum',
        'Hör hemma i sakområdesforumet',
        'Kils kommun',
        'Revisor',
        'Återkallad',
        '2025-03-15 13:00:00',
        'Kedjan av kontrollsummor är obruten',
        '<p>Första stycket.</p><p>Andra stycket.</p>',
      ]) {
        expect(html).toContain(text);
      }
      const json = (await get(`/questions/${id}/dossier`).expect(200)).body;
      expect(html).toContain(json.integrity.headHash);
      expect(html).toContain('@media print');
    });

    it('?format= overrides the Accept header', async () => {
      expect((await get(`/questions/${id}/dossier?format=html`).set('Accept', 'application/json').expect(200)).headers['content-type']).toContain('text/html');
      expect((await get(`/questions/${id}/dossier?format=json`).set('Accept', 'text/html').expect(200)).headers['content-type']).toContain('application/json');
      await get(`/questions/${id}/dossier?format=pdf`).expect(400);
    });

    it("shows a position's meeting day and the time it was recorded, each named, and is sent with a Content-Security-Policy", async () => {
      const post = async (instant: string, path: string, body: object, role = 'chair') => {
        clock.set(instant);
        const response = await t.http().post(path).set('Authorization', `Bearer ${tokens[role]}`).send(body);
        if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
        return response.body;
      };
      const positioned = (
        await post('2025-01-10T08:00:00.000Z', '/questions', {
          title: 'Gemensamt yttrande',
          description: 'Ett yttrande.',
          raisedBy: { kind: 'organisation', id: 'kil' },
          topicArea: 'Samhällsplanering',
        })
      ).questionId;
      await post(
        '2025-01-11T08:00:00.000Z',
        `/questions/${positioned}/accept`,
        { forum: 'chairs-council', logic: 'decision', responsible: { givenName: 'Per', familyName: 'Åberg', organisationId: 'karlstad' } },
        'working-group',
      );
      await post(
        '2025-01-12T08:00:00.000Z',
        `/questions/${positioned}/decision-documents`,
        { reference: 'SV 2025/1', title: 'Underlag', proposedPosition: 'Parterna ställer sig bakom yttrandet.' },
        'working-group',
      );
      // Taken at the meeting of 14 February, written down six days later.
      await post('2025-02-20T10:00:00.000Z', `/questions/${positioned}/position`, {
        text: 'Ordföranderådet ställer sig bakom yttrandet.',
        organisationsToDecide: ['kil'],
        decideBy: '2025-06-30',
        meetingReference: 'Ordföranderådet 2025-02-14 § 7',
      });
      const response = await get(`/questions/${positioned}/dossier?format=html`).expect(200);
      const text = response.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      expect(text).toContain('Sammanträdesdag 2025-02-14 Protokoll Ordföranderådet 2025-02-14 § 7 Registrerat i Frågespår 2025-02-20 11:00:00 av');
      expect(text).toContain('Registrerad 2025-02-20 11:00:00 Sammanträdesdag 2025-02-14');
      const policy = response.headers['content-security-policy'];
      expect(policy).toContain("default-src 'none'");
      expect(policy).not.toContain('unsafe-inline');
      // The document's own <style>, allowed by its hash and nothing else.
      const style = /<style>([\s\S]*?)<\/style>/.exec(response.text)![1];
      expect(policy).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    });

    it('is refused to members (403) and 404 for an unknown question', async () => {
      await get(`/questions/${id}/dossier`, 'member').expect(403);
      await get('/questions/00000000-0000-4000-8000-000000000000/dossier').expect(404);
    });
  });
});
