import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { EVENT_STORE, EventStore, formatPosition } from '../../src/event-store/event-store.port';
import { TEST_JWT_SECRET } from '../support/test-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';

const role = { sv: 'Roll', en: 'Role' };
const dalsland = {
  collaboration: 'Samverkan Dalsland',
  organisations: [
    { id: 'bengtsfors', name: 'Bengtsfors kommun', kind: 'municipality', joinedOn: '2020-01-01' },
    { id: 'mellerud', name: 'Melleruds kommun', kind: 'municipality', joinedOn: '2020-01-01' },
    { id: 'amal', name: 'Åmåls kommun', kind: 'municipality', joinedOn: '2020-01-01', leftOn: '2024-01-01', leftBecause: 'Utträde' },
  ],
  forums: [
    { id: 'dalsrad', kind: 'council', nameSv: 'Dalsrådet', nameEn: 'Dals Council', role, establishedOn: '2020-01-01', establishedBy: 'Avtalet' },
    { id: 'presidium', kind: 'chairs-council', nameSv: 'Presidiet', nameEn: 'Presidium', role, establishedOn: '2020-01-01', establishedBy: 'Avtalet' },
  ],
};

/**
 * Another county's collaboration from its own structure file, no code change
 * (docs/structure.md): started with STRUCTURE_FILE naming a file of three
 * organisations and two forums, the first start loads it; the organisations
 * and forums the API lists are the file's, on any date; a position naming a
 * Värmland organisation is refused as no member. And on a database whose
 * events already name Värmland's ids, the ids they name are added from the
 * reference data beside the file's (the migration).
 */
describe('another county’s structure file', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-county-'));
  const file = path.join(scratch, 'dalsland.structure.json');
  fs.writeFileSync(file, JSON.stringify(dalsland));
  const databases: TestDatabase[] = [];
  let app: INestApplication | undefined;

  const start = async (database: TestDatabase, env: Record<string, string>) => {
    app = await createApp(
      loadConfig({
        ...process.env,
        DATABASE_URL: database.settings.databaseUrl ?? '',
        DATA_DIR: database.settings.dataDir,
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        EVENT_STORE: 'postgres',
        OUTBOX_POLL_MS: '0',
        ...env,
      }),
      {},
      ['error'],
    );
    await app.init();
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  const token = (roles: string[], organisationId = 'bengtsfors') =>
    app!.get(TokenVerifier).mint({ userId: `${roles[0]}.${organisationId}`, displayName: 'Test', organisationId, roles });
  const registerHead = async () => {
    const events = await app!.get<EventStore>(EVENT_STORE).readStream('register-structure');
    return formatPosition(events[events.length - 1].position);
  };
  const get = async (pathAndQuery: string) =>
    request(app!.getHttpServer())
      .get(pathAndQuery)
      .set('Authorization', `Bearer ${await token(['chair'])}`);
  const post = async (pathAndQuery: string, roles: string[], body: object) =>
    request(app!.getHttpServer())
      .post(pathAndQuery)
      .set('Authorization', `Bearer ${await token(roles, 'region-varmland')}`)
      .send(body);

  afterAll(async () => {
    await stop();
    for (const database of databases) await database.drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('lists the file’s organisations and forums, as of any date, and refuses a position naming a Värmland organisation', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await start(database, { STRUCTURE_FILE: file });
    const after = `afterPosition=${await registerHead()}`;

    expect((await get(`/organisations?${after}`)).body).toEqual([
      { id: 'bengtsfors', name: 'Bengtsfors kommun', kind: 'municipality' },
      { id: 'mellerud', name: 'Melleruds kommun', kind: 'municipality' },
    ]);
    expect((await get(`/organisations?asOf=2023-06-01&${after}`)).body.map((organisation: { id: string }) => organisation.id)).toEqual([
      'bengtsfors',
      'mellerud',
      'amal',
    ]);
    expect((await get(`/organisations?asOf=2019-06-01&${after}`)).body).toEqual([]);
    expect((await get(`/forums?${after}`)).body.map((forum: { id: string; nameSv: string }) => [forum.id, forum.nameSv])).toEqual([
      ['dalsrad', 'Dalsrådet'],
      ['presidium', 'Presidiet'],
    ]);
    const badDate = await get(`/forums?asOf=igår&${after}`);
    expect(badDate.status).toBe(400);

    // Dalsland's own forum and organisations carry a question from raising to the decisions at home, and its follow-up.
    const { questionId } = (
      await post('/questions', ['chair'], {
        title: 'Gemensam översiktsplan',
        description: 'Underlag',
        raisedBy: { kind: 'forum', id: 'presidium' },
        topicArea: 'Samhällsplanering',
      })
    ).body as { questionId: string };
    expect(questionId).toEqual(expect.any(String));
    const question = `/questions/${questionId}`;
    const events = async () => (await app!.get<EventStore>(EVENT_STORE).readStream(`question-${questionId}`)).length;
    const expectRefused = async (response: request.Response, status: number, expected: object) => {
      const before = await events();
      expect({ status: response.status, ...response.body }).toMatchObject({ status, ...expected });
      expect(await events()).toBe(before);
    };

    // Värmland's ids are no part of this collaboration: refused with the rule, nothing appended.
    await expectRefused(
      await post(`${question}/accept`, ['chair'], {
        forum: 'chairs-council',
        logic: 'decision',
        responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'bengtsfors' },
      }),
      422,
      { rule: 'unknown-forum', field: 'forum' },
    );
    await expectRefused(
      await post(`${question}/accept`, ['chair'], {
        forum: 'presidium',
        logic: 'decision',
        responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
      }),
      422,
      { rule: 'unknown-organisation', field: 'responsible.organisationId' },
    );
    // An id that is no id at all is bad input: 400 naming the field and the rule of its form.
    const malformed = await post(`${question}/accept`, ['chair'], {
      forum: 'Presidiet!',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'bengtsfors' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'forum', rule: 'isStructureId' })]);

    expect(
      (
        await post(`${question}/accept`, ['chair'], {
          forum: 'presidium',
          logic: 'decision',
          responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'bengtsfors' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await post(`${question}/decision-documents`, ['working-group'], { reference: 'P 1', title: 'Underlag', proposedPosition: 'Att ställa sig bakom' }))
        .status,
    ).toBe(200);
    await expectRefused(
      await post(`${question}/position`, ['chair'], { text: 'Ställningstagande', organisationsToDecide: ['bengtsfors', 'kil'], decideBy: '2030-06-30' }),
      422,
      { rule: 'organisation-not-a-member' },
    );
    // Åmål left the collaboration in 2024: known to the register, but no member to take a position home.
    await expectRefused(
      await post(`${question}/position`, ['chair'], { text: 'Ställningstagande', organisationsToDecide: ['bengtsfors', 'amal'], decideBy: '2030-06-30' }),
      422,
      { rule: 'organisation-not-a-member' },
    );
    const position = await post(`${question}/position`, ['chair'], {
      text: 'Ställningstagande',
      organisationsToDecide: ['bengtsfors', 'mellerud'],
      decideBy: '2030-06-30',
    });
    expect(position.status).toBe(200);

    const decision = (organisationId: string) => ({
      organisationId,
      body: 'municipal-council',
      decidedOn: '2026-01-15',
      outcome: 'adopted',
      reference: `KF 2026-01-15 § 4 (${organisationId})`,
    });
    await expectRefused(await post(`${question}/decisions`, ['secretary'], decision('kil')), 422, { rule: 'unknown-organisation', field: 'organisationId' });
    const decided = await post(`${question}/decisions`, ['secretary'], decision('bengtsfors'));
    expect(decided.status).toBe(200);

    // The follow-up: Bengtsfors has decided, Mellerud still owes its decision; the grid's columns are the register's.
    const afterDecision = `afterPosition=${decided.body.position}`;
    const bengtsfors = await get(`/organisations/bengtsfors/follow-up?${afterDecision}`);
    expect(bengtsfors.status).toBe(200);
    expect(bengtsfors.body.organisation).toEqual({ id: 'bengtsfors', name: 'Bengtsfors kommun', kind: 'municipality' });
    expect(bengtsfors.body.done).toEqual([expect.objectContaining({ question: expect.objectContaining({ id: questionId }), kind: 'member-decision' })]);
    const mellerud = await get(`/organisations/mellerud/follow-up?${afterDecision}`);
    expect(mellerud.body.owed).toEqual([expect.objectContaining({ question: expect.objectContaining({ id: questionId }), kind: 'member-decision' })]);
    expect((await get(`/organisations/kil/follow-up?${afterDecision}`)).status).toBe(404);
    expect((await get(`/organisations/kil`)).status).toBe(404);
    expect((await get(`/organisations/mellerud`)).body).toEqual({ id: 'mellerud', name: 'Melleruds kommun', kind: 'municipality' });
    const grid = await get(`/follow-up?${afterDecision}`);
    expect(grid.body.organisations.map((organisation: { id: string }) => organisation.id)).toEqual(['bengtsfors', 'mellerud', 'amal']);
    expect(grid.body.items[0].cells.map((cell: { organisationId: string; status: string }) => [cell.organisationId, cell.status])).toEqual([
      ['bengtsfors', 'decided'],
      ['mellerud', 'awaiting'],
      ['amal', 'not-concerned'],
    ]);

    // The web pages list and name the register's organisations and forums, not Värmland's.
    const page = async (path: string) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      return response.text;
    };
    const organisationsPage = await page('/web/organisations');
    expect(organisationsPage).toContain('Bengtsfors kommun');
    expect(organisationsPage).toContain('href="/web/organisations/mellerud"');
    expect(organisationsPage).not.toContain('Kils kommun');
    const gridPage = await page('/web/follow-up');
    expect(gridPage).toContain('Melleruds kommun');
    expect(gridPage).toContain('Presidiet');
    expect(gridPage).not.toContain('Ordföranderådet');
    expect(await page('/web/organisations/bengtsfors')).toContain('Bengtsfors kommun');
    expect((await get('/web/organisations/kil')).status).toBe(404);
    const questionPage = await page(`/web/questions/${questionId}`);
    expect(questionPage).toContain('Presidiet');
    expect(questionPage).not.toContain('Kils kommun');
    // The form for the decision still owed offers Mellerud, which owes it, and no one else.
    const form = await request(app!.getHttpServer())
      .get(`/web/questions/${questionId}/act/decision`)
      .set('Authorization', `Bearer ${await token(['secretary'], 'region-varmland')}`);
    expect(form.status).toBe(200);
    const decisionForm = form.text;
    expect(decisionForm).toContain('<option value="mellerud"');
    expect(decisionForm).not.toContain('<option value="bengtsfors"');
    expect(decisionForm).not.toContain('<option value="kil"');
    await stop();
  }, 180_000);

  it('gives assignments from its own forums, to members of its own working group: Värmland’s forums, an ended forum and a non-member refused with the rule, nothing appended', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await start(database, { STRUCTURE_FILE: file });
    const store = app!.get<EventStore>(EVENT_STORE);
    const expectOk = async (response: request.Response) => {
      expect({ status: response.status, body: response.body }).toMatchObject({ status: expect.any(Number) });
      expect(response.status).toBeLessThan(300);
      return response.body;
    };
    // The collaboration's working group, a forum it discontinued, and a person who is a member of the working group.
    await expectOk(
      await post('/register/forums', ['admin'], {
        forumId: 'arbetsgruppen',
        kind: 'working-group',
        nameSv: 'Arbetsgruppen',
        nameEn: 'Working group',
        role,
        establishedOn: '2020-01-01',
        establishedBy: 'Presidiet',
      }),
    );
    await expectOk(
      await post('/register/forums', ['admin'], {
        forumId: 'kulturrad',
        kind: 'topic-forum',
        nameSv: 'Kulturrådet',
        nameEn: 'Culture Council',
        role,
        establishedOn: '2021-01-01',
        establishedBy: 'Dalsrådet',
      }),
    );
    await expectOk(await post('/register/forums/kulturrad/discontinue', ['admin'], { discontinuedOn: '2024-01-01', reason: 'Utvärderat' }));
    await expectOk(
      await post('/register/people', ['admin'], {
        name: 'Eva Ek',
        organisationId: 'bengtsfors',
        userId: 'eva.ek',
        roles: [{ role: 'member', forumId: 'arbetsgruppen', from: '2020-01-01' }],
      }),
    );

    const assignment = (change: object) => ({
      givenBy: 'presidium',
      title: 'Beslutsunderlag om översiktsplan',
      purpose: 'Inför ställningstagande i Presidiet',
      deliverable: 'other',
      responsible: { userId: 'eva.ek', name: 'Eva Ek', organisationId: 'bengtsfors' },
      dueDate: '2030-06-30',
      ...change,
    });
    const head = async () => store.countEventsAfter(undefined, 100_000);
    const expectRefused = async (change: object, status: number, expected: object) => {
      const before = await head();
      const response = await post('/assignments', ['chair'], assignment(change));
      expect({ status: response.status, ...response.body }).toMatchObject({ status, ...expected });
      expect(await head()).toBe(before);
    };
    await expectRefused({ givenBy: 'chairs-council' }, 422, {
      rule: 'unknown-assigning-forum',
      detail: expect.stringContaining('givenBy "chairs-council" is no forum in the structure register'),
    });
    await expectRefused({ givenBy: 'kulturrad' }, 422, { rule: 'forum-not-open', detail: expect.stringContaining('discontinued on 2024-01-01') });
    await expectRefused({ responsible: { userId: 'karin.berg', name: 'Karin Berg', organisationId: 'bengtsfors' } }, 422, {
      rule: 'responsible-not-working-group-member',
    });
    const malformed = await post('/assignments', ['chair'], assignment({ givenBy: 'Presidiet!' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'givenBy', rule: 'isStructureId' })]);

    for (const givenBy of ['presidium', 'dalsrad', 'arbetsgruppen']) {
      const given = await post('/assignments', ['chair'], assignment({ givenBy }));
      expect(given.status).toBe(201);
      const [stored] = await store.readStream(`assignment-${given.body.assignmentId}`);
      expect(stored).toMatchObject({ type: 'AssignmentGiven', data: { givenBy } });
    }
    // The form offers the collaboration's forums under their names, not Värmland's.
    const form = await request(app!.getHttpServer())
      .get('/web/assignments/new')
      .set('Authorization', `Bearer ${await token(['chair'], 'region-varmland')}`);
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<option value="presidium"[^>]*>Presidiet<\/option>/);
    expect(form.text).not.toContain('value="chairs-council"');
    await stop();
  }, 180_000);

  it('imports a file naming its own organisations and forums, by id or name; Värmland’s names, and Åmål in a position after it left, are refused row by row, nothing stored', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await start(database, { STRUCTURE_FILE: file });
    const store = app!.get<EventStore>(EVENT_STORE);
    const header =
      'fråga;steg;datum;titel;beskrivning;väckt av;sakområde;forum;logik;ansvarig förnamn;ansvarig efternamn;ansvarig organisation;referens;text;organisationer;beslut senast';
    const rows = (position: string, acceptedInto = 'Presidiet', raisedBy = 'Bengtsfors kommun', positionOn = '2023-04-01') =>
      Buffer.from(
        [
          header,
          `D-1;väckt;2023-02-01;Gemensam översiktsplan;Underlag;${raisedBy};Samhällsplanering;;;;;;;;;`,
          `D-1;beredd;2023-02-10;;;;;${acceptedInto};beslut;Karin;Berg;mellerud;;;;`,
          'D-1;beslutsunderlag;2023-03-01;Underlag;;;;;;;;;P 1;Att ställa sig bakom;;',
          `D-1;ställningstagande;${positionOn};;;;;;;;;;;Presidiet ställer sig bakom;${position};2024-06-30`,
        ].join('\n'),
      );
    const upload = async (bytes: Buffer, query = '') =>
      request(app!.getHttpServer())
        .post(`/imports${query}`)
        .set('Authorization', `Bearer ${await token(['admin'], 'bengtsfors')}`)
        .attach('file', bytes, { filename: 'dalsland.csv', contentType: 'text/csv' });
    const count = () => store.countEventsAfter(undefined, 100_000);
    const before = await count();

    // Värmland's forum and organisation are no part of this collaboration: refused with the row, the column and the rule.
    const varmland = await upload(rows('bengtsfors, mellerud', 'Ordföranderådet', 'Kils kommun'));
    expect(varmland.status).toBe(422);
    expect(varmland.body).toMatchObject({ imported: false });
    // (The later rows follow from the first refused: their question was not raised.)
    expect(varmland.body.refusals.slice(0, 2)).toEqual([
      expect.objectContaining({ row: 2, column: 'väckt av', rule: 'unknown-raiser', message: expect.stringContaining('in the structure register') }),
      expect.objectContaining({
        row: 3,
        column: 'forum',
        rule: 'unknown-forum',
        message: expect.stringContaining('"Ordföranderådet" is no forum in the structure register'),
      }),
    ]);
    // Åmål was a member in 2023 (it left in 2024): named by the position of that date, it is taken; Kil, unknown, is refused.
    const unknown = await upload(rows('bengtsfors, kil'));
    expect(unknown.body.refusals).toEqual([expect.objectContaining({ row: 5, column: 'organisationer', rule: 'unknown-organisation' })]);
    const departed = await upload(rows('bengtsfors, amal', 'Presidiet', 'Bengtsfors kommun', '2024-02-01'));
    expect(departed.body.refusals).toEqual([
      expect.objectContaining({
        row: 5,
        column: 'organisationer',
        rule: 'organisation-not-a-member',
        message: expect.stringContaining('amal is not a member organisation on 2024-02-01'),
      }),
    ]);
    expect(await count()).toBe(before);

    const imported = await upload(rows('Bengtsfors kommun, amal'));
    expect({ status: imported.status, refusals: imported.body.refusals, imported: imported.body.imported }).toEqual({
      status: 201,
      refusals: [],
      imported: true,
    });
    const [, accepted, , position] = await store.readStream(`question-${imported.body.created[0].questionId}`);
    expect(accepted).toMatchObject({ type: 'QuestionAccepted', data: { forum: 'presidium', responsible: { organisationId: 'mellerud' } } });
    expect(position).toMatchObject({ type: 'PositionTaken', data: { organisationsToDecide: ['bengtsfors', 'amal'] } });
    await stop();
  }, 180_000);

  it('on a database whose events name Värmland’s ids, the first start adds those ids from the reference data beside the file’s', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await start(database, { STRUCTURE_SEED: 'off' });
    const raised = await post('/questions', ['member'], {
      title: 'Före registret',
      description: 'Underlag',
      raisedBy: { kind: 'organisation', id: 'region-varmland' },
      topicArea: 'Kultur',
    });
    expect(raised.status).toBe(201);
    await stop();

    await start(database, { STRUCTURE_FILE: file });
    const after = `afterPosition=${await registerHead()}`;
    expect((await get(`/organisations?${after}`)).body.map((organisation: { id: string }) => organisation.id).sort()).toEqual([
      'bengtsfors',
      'mellerud',
      'region-varmland',
    ]);
    expect((await get(`/forums?${after}`)).body.map((forum: { id: string }) => forum.id)).toEqual(['dalsrad', 'presidium']);
    await stop();
  }, 180_000);
});
