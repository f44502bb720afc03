import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { FORUMS } from '../../src/reference-data/forums';
import { ORGANISATIONS } from '../../src/reference-data/organisations';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

const role = { sv: 'Roll', en: 'Role' };
/** A fictional collaboration whose chairs' council was renamed mid-year: the names then and now differ. */
const dalsland = {
  collaboration: 'Samverkan Dalsland',
  organisations: [
    { id: 'bengtsfors', name: 'Bengtsfors kommun', kind: 'municipality', joinedOn: '2020-01-01' },
    { id: 'mellerud', name: 'Melleruds kommun', kind: 'municipality', joinedOn: '2020-01-01' },
  ],
  forums: [
    { id: 'dalsrad', kind: 'council', nameSv: 'Dalsrådet', nameEn: 'Dals Council', role, establishedOn: '2020-01-01', establishedBy: 'Avtalet' },
    {
      id: 'presidium',
      kind: 'chairs-council',
      nameSv: 'Presidiet',
      nameEn: 'Presidium',
      role,
      establishedOn: '2020-01-01',
      establishedBy: 'Avtalet',
      renamed: [{ nameSv: 'Dalspresidiet', nameEn: 'Dals Presidium', renamedOn: '2027-06-01' }],
    },
  ],
};
const IDS = ['bengtsfors', 'mellerud', 'dalsrad', 'presidium'];
const NAMES: Record<string, string[]> = {
  bengtsfors: ['Bengtsfors kommun'],
  mellerud: ['Melleruds kommun'],
  dalsrad: ['Dalsrådet', 'Dals Council'],
  presidium: ['Presidiet', 'Presidium', 'Dalspresidiet', 'Dals Presidium'],
};
/** Every name the default data (Värmland's) gives an organisation or a forum. */
const VARMLAND_NAMES: string[] = [
  ...ORGANISATIONS.map((organisation) => organisation.name),
  ...FORUMS.flatMap((forum): string[] => [forum.nameSv, forum.nameEn, ...('formerNameSv' in forum && forum.formerNameSv ? [forum.formerNameSv] : [])]),
];
/** Fields that carry an id by design (a key, a filter, a link), never shown as a name. */
const ID_FIELDS = new Set([
  'id',
  'forum',
  'forumId',
  'organisationId',
  'organisationsToDecide',
  'pendingDecisions',
  'intoForumId',
  'givenBy',
  'streamId',
  'organisation_id',
  'key',
]);
const BARE_ID = new RegExp(`\\b(${IDS.join('|')})\\b`);

/** What a person sees in a JSON answer that names Värmland or shows one of the file's ids where a name belongs. */
function findingsInJson(where: string, value: unknown, key = '', found: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const name of VARMLAND_NAMES) if (value.includes(name)) found.push(`${where}: ${key} names Värmland's "${name}": ${value.slice(0, 160)}`);
    if (!ID_FIELDS.has(key) && BARE_ID.test(value)) found.push(`${where}: ${key} shows a bare id: ${value.slice(0, 160)}`);
  } else if (Array.isArray(value)) {
    for (const item of value) findingsInJson(where, item, key, found);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && IDS.includes(record.id) && 'name' in record && !NAMES[record.id].includes(record.name as string)) {
      found.push(`${where}: ${key} {id: ${record.id}} is named ${JSON.stringify(record.name)}`);
    }
    for (const [field, inner] of Object.entries(record)) findingsInJson(where, inner, field, found);
  }
  return found;
}

/** The same for a page or an export: its text, without markup (links and form values carry ids by design). */
function findingsInText(where: string, text: string): string[] {
  const shown = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  const found: string[] = [];
  for (const name of VARMLAND_NAMES) if (shown.includes(name)) found.push(`${where}: names Värmland's "${name}"`);
  const bare = shown.match(new RegExp(`.{0,60}\\b(${IDS.join('|')})\\b.{0,60}`));
  if (bare) found.push(`${where}: shows a bare id: ${bare[0]}`);
  return found;
}

/**
 * Another collaboration, no code change (docs/structure.md): started from
 * Dalsland's structure file, a year of its work — questions raised in its
 * forums, a meeting of its presidium whose outcomes take a position and table a
 * question, a decision at home, the presidium renamed — and then every answer
 * and page a person reads that names organisations and forums is read (JSON,
 * HTML, CSV, iCalendar, and as of a past point): none names an organisation or
 * forum of Värmland's default data, none shows one of the file's ids where a
 * name belongs, and the meeting reference names the presidium as it was named
 * on the meeting's day.
 */
describe('another collaboration’s names in every view', () => {
  const clock = new FixedClock(new Date('2026-11-12T08:00:00Z'));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-county-views-'));
  const file = path.join(scratch, 'dalsland.structure.json');
  fs.writeFileSync(file, JSON.stringify(dalsland));
  let t: TestApp;
  let position = '';
  const tokens: Record<string, string> = {};

  const mint = (role: string, userId: string, displayName: string, forums?: string[]) =>
    t.app.get(TokenVerifier).mint({ userId, displayName, organisationId: 'bengtsfors', roles: [role], ...(forums ? { forums } : {}) });
  const ok = async (pathAndQuery: string, as: string, body: object = {}) => {
    const response = await t.http().post(pathAndQuery).set('Authorization', `Bearer ${tokens[as]}`).send(body);
    if (response.status >= 300) throw new Error(`${pathAndQuery}: ${response.status} ${JSON.stringify(response.body)}`);
    if (typeof response.body?.position === 'string') position = response.body.position;
    return response.body;
  };
  const read = async (pathAndQuery: string, as = 'chair', language = 'sv') => {
    // Reads its own writes (the header, which a read folded from its stream ignores).
    const response = await t
      .http()
      .get(pathAndQuery)
      .set('Authorization', `Bearer ${tokens[as]}`)
      .set('X-After-Position', position)
      .set('Accept-Language', language);
    if (response.status >= 300) throw new Error(`${pathAndQuery}: ${response.status} ${response.text.slice(0, 300)}`);
    return response;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { STRUCTURE_FILE: file, STRUCTURE_SEED: 'on-start', OUTBOX_POLL_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' } });
    tokens.chair = await mint('chair', 'eva.ek', 'Eva Ek');
    tokens.secretary = await mint('secretary', 'sara.sekr', 'Sara Sekreterare', ['presidium', 'dalsrad']);
    tokens.workingGroup = await mint('working-group', 'karin.berg', 'Karin Berg');
    tokens.auditor = await mint('auditor', 'rolf.revisor', 'Rolf Revisor');
    tokens.member = await mint('member', 'mona.member', 'Mona Medlem');
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('names the file’s organisations and forums — as they were named then where the day matters — in every answer and page', async () => {
    const raise = async (title: string, raisedBy: object, logic: 'process' | 'decision') => {
      const { questionId } = await ok('/questions', 'chair', { title, description: 'Underlag', raisedBy, topicArea: 'Samhällsplanering' });
      await ok(`/questions/${questionId}/accept`, 'chair', {
        forum: 'presidium',
        logic,
        responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'mellerud' },
      });
      return questionId as string;
    };
    const planQuestion = await raise('Gemensam översiktsplan', { kind: 'organisation', id: 'bengtsfors' }, 'decision');
    await ok(`/questions/${planQuestion}/decision-documents`, 'workingGroup', {
      reference: 'P 1',
      title: 'Underlag',
      proposedPosition: 'Att ställa sig bakom',
    });
    const roadsQuestion = await raise('Vägar och kollektivtrafik', { kind: 'forum', id: 'dalsrad' }, 'process');

    const { meetingId } = await ok('/meetings', 'chair', {
      forum: 'presidium',
      title: 'Sammanträde i februari',
      startsAt: '2027-02-11T09:00:00+01:00',
      agendaDeadline: '2027-01-28T16:00:00+01:00',
      place: 'Bengtsfors',
    });
    // The presidium is this collaboration's chairs' council: the question with a decision document awaits its position.
    const waiting = (await read('/questions')).body.items.find((item: { id: string }) => item.id === planQuestion);
    expect(waiting.nextStep).toMatchObject({ code: 'take-position', owner: { kind: 'forum', id: 'presidium', name: 'Presidiet' } });
    const proposal = await ok(`/meetings/${meetingId}/agenda/proposal`, 'chair');
    expect(proposal.items.map((item: { questionId: string; kind: string }) => [item.questionId, item.kind])).toEqual([
      [planQuestion, 'position'],
      [roadsQuestion, 'dialogue'],
    ]);
    await ok(`/meetings/${meetingId}/agenda`, 'chair', { items: proposal.items.map(({ late: _late, ...item }: { late: boolean }) => item) });
    await ok(`/meetings/${meetingId}/agenda/publish`, 'secretary');
    clock.set('2027-02-11T11:00:00Z');
    await ok(`/meetings/${meetingId}/attendance`, 'secretary', {
      attendance: [
        { organisationId: 'bengtsfors', status: 'attended', name: 'Eva Ek', capacity: 'ordförande' },
        { organisationId: 'mellerud', status: 'absent' },
      ],
    });
    const meeting = (await read(`/meetings/${meetingId}`)).body;
    const [positionItem, dialogueItem] = meeting.agenda as Array<{ itemId: string }>;
    await ok(`/meetings/${meetingId}/items/${positionItem.itemId}/outcome`, 'chair', {
      status: 'concluded',
      summary: 'Ställning togs enligt förslaget',
      position: { text: 'Kommunerna ställer sig bakom planen', organisationsToDecide: ['bengtsfors', 'mellerud'], decideBy: '2027-05-31' },
    });
    await ok(`/meetings/${meetingId}/items/${dialogueItem.itemId}/outcome`, 'secretary', { status: 'continued', summary: 'Bordlades till nästa sammanträde' });
    await ok(`/meetings/${meetingId}/minutes`, 'secretary', { adjusters: [{ userId: 'eva.ek', name: 'Eva Ek', organisationId: 'bengtsfors' }] });
    await ok(`/meetings/${meetingId}/minutes/approve`, 'chair');
    await ok(`/meetings/${meetingId}/minutes/publish`, 'secretary');
    clock.set('2027-03-01T10:00:00Z');
    await ok(`/questions/${planQuestion}/decisions`, 'secretary', {
      organisationId: 'bengtsfors',
      body: 'municipal-council',
      decidedOn: '2027-02-28',
      outcome: 'adopted',
      reference: 'KF 2027-02-28 § 4',
    });
    const pointBeforeRename = clock.now().toISOString();
    // The presidium is renamed on 2027-06-01 (the file says so); Mellerud's decision was due on 2027-05-31.
    clock.set('2027-08-01T10:00:00Z');

    // The meeting reference is the presidium's name on the meeting's day, not the default data's name, nor the id.
    const stored = await t.app.get<EventStore>(EVENT_STORE).readStream(`question-${planQuestion}`);
    expect(stored.find((event) => event.type === 'PositionTaken')!.data).toMatchObject({ meetingReference: 'Presidiet 2027-02-11 § 1' });
    const tabled = (await t.app.get<EventStore>(EVENT_STORE).readStream(`question-${roadsQuestion}`)).find((event) => event.type === 'QuestionTabled');
    expect(tabled!.data).toMatchObject({ meetingReference: 'Presidiet 2027-02-11 § 2' });

    // The timeline names the presidium that took the position as it was named that day, with today's name beside.
    const timeline = (await read(`/questions/${planQuestion}/timeline`)).body.items as Array<{ type: string; sentence: string }>;
    expect(timeline.find((entry) => entry.type === 'PositionTaken')!.sentence).toMatch(
      /^Presidiet \(i dag Dalspresidiet\) tog ställning \(Presidiet 2027-02-11 § 1\)/,
    );

    // The grid's question rows carry the meeting reference; the log's meeting item names the presidium by today's name.
    const grid = (await read('/follow-up')).body;
    expect(grid.items[0].question).toMatchObject({ id: planQuestion, position: { meetingReference: 'Presidiet 2027-02-11 § 1' } });
    const logged = (await read('/log')).body.items.find((item: { id: string }) => item.id === roadsQuestion);
    expect(logged.openItems).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'meeting-item', owedBy: { kind: 'forum', id: 'presidium', name: 'Dalspresidiet' } })]),
    );
    const loggedEn = (await read('/log', 'chair', 'en')).body.items.find((item: { id: string }) => item.id === roadsQuestion);
    expect(loggedEn.openItems).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'meeting-item', owedBy: { kind: 'forum', id: 'presidium', name: 'Dals Presidium' } })]),
    );

    const json = [
      '/organisations',
      '/forums',
      '/register',
      '/questions',
      `/questions/${planQuestion}`,
      `/questions/${roadsQuestion}`,
      `/questions/${planQuestion}/timeline`,
      `/questions/${roadsQuestion}/timeline`,
      `/questions/${planQuestion}/dossier`,
      `/questions/${roadsQuestion}/dossier`,
      '/log',
      '/log?organisation=mellerud',
      '/follow-up',
      `/follow-up?asOf=${pointBeforeRename}`,
      '/follow-up?inEffectOn=2027-04-01',
      '/organisations/bengtsfors/follow-up',
      '/organisations/mellerud/follow-up',
      `/organisations/mellerud/follow-up?asOf=${pointBeforeRename}`,
      '/meetings',
      `/meetings/${meetingId}`,
      `/meetings/${meetingId}/agenda`,
      `/meetings/${meetingId}/minutes`,
      `/public/meetings/${meetingId}/agenda`,
      `/public/meetings/${meetingId}/minutes`,
      '/reports/structure/2027',
    ];
    const found: string[] = [];
    for (const pathAndQuery of json) found.push(...findingsInJson(pathAndQuery, (await read(pathAndQuery)).body));
    found.push(
      ...findingsInJson(
        '/audit/organisations/mellerud/follow-up',
        (await read(`/audit/organisations/mellerud/follow-up?asOf=${pointBeforeRename}`, 'auditor')).body,
      ),
    );

    const texts = [
      `/questions/${planQuestion}/dossier?format=html`,
      `/questions/${roadsQuestion}/dossier?format=html`,
      `/web/questions/${roadsQuestion}/dossier`,
      `/web/questions/${planQuestion}/history`,
      `/meetings/${meetingId}/agenda?format=html`,
      `/meetings/${meetingId}/minutes?format=html`,
      `/public/meetings/${meetingId}/minutes?format=html`,
      '/public/forums/presidium/meetings.ics',
      '/web',
      '/web/log',
      '/web/follow-up',
      '/web/organisations',
      '/web/organisations/mellerud',
      `/web/questions/${planQuestion}`,
      `/web/questions/${roadsQuestion}`,
      `/web/questions/${planQuestion}/dossier`,
      '/web/meetings',
      `/web/meetings/${meetingId}`,
      '/web/public',
      `/web/public/meetings/${meetingId}`,
      '/web/reports/structure/2027',
      '/web/log/export.csv',
      '/web/follow-up/export.csv',
    ];
    for (const pathAndQuery of texts) found.push(...findingsInText(pathAndQuery, (await read(pathAndQuery)).text));
    expect(found).toEqual([]);
  }, 240_000);
});
