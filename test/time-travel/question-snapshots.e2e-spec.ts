import { DataSource } from 'typeorm';
import { eventsAsOf } from '../support/events-as-of';
import { foldEvents } from '../../src/command-handling/execute-with-decider';
import { EVENT_STORE, EventStore, ReadStreamOptions } from '../../src/event-store/event-store.port';
import { ProjectionsService } from '../../src/projections/projections.service';
import { questionAt } from '../../src/time-travel/contract';
import { questionDecider } from '../../src/questions/question.decider';
import { SNAPSHOT_TABLE, snapshotLookup } from '../../src/time-travel/question-snapshots';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

/**
 * Time travel on a long question starts from a snapshot of its state (every
 * 100 events, kept by question-snapshots) and gives exactly what folding every
 * event up to the point gives; a snapshot that no longer matches the stored
 * event it was taken after is ignored.
 */
describe('Time travel from snapshots', () => {
  const clock = new FixedClock(new Date('2025-01-10T09:00:00Z'));
  let t: TestApp;
  let chair: string;
  let id: string;
  let store: EventStore;
  let dataSource: DataSource;
  const INPUTS = 240;

  beforeAll(async () => {
    // 240 appends before the first read: under a loaded machine the snapshots view can need more than the default 2 s to reach them.
    t = await startTestApp({ clock, env: { READ_YOUR_WRITES_TIMEOUT_MS: '10000' } });
    store = t.app.get(EVENT_STORE);
    dataSource = t.app.get(DataSource);
    chair = await t.token('chair', 'region-varmland', 'anna.chair');
    const member = await t.token('member', 'karlstad');
    let hour = 0;
    const post = async (path: string, body: object, token = chair) => {
      clock.set(new Date(Date.parse('2025-01-10T09:00:00Z') + hour++ * 3_600_000).toISOString());
      const response = await t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    id = (
      await post('/questions', {
        title: 'Lång fråga med många inspel',
        description: 'Ett år av inspel.',
        raisedBy: { kind: 'organisation', id: 'karlstad' },
        topicArea: 'Kultur',
      })
    ).questionId;
    await post(`/questions/${id}/accept`, {
      forum: 'council',
      logic: 'decision',
      responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' },
    });
    let last: { position: string } = { position: '' };
    for (let i = 0; i < INPUTS; i++) last = await post(`/questions/${id}/inputs`, { organisationId: 'karlstad', content: `Inspel ${i}` }, member);
    await t.app.get(ProjectionsService).waitFor(['question-snapshots'], last.position);
  }, 180_000);
  afterAll(() => t?.close());

  const reference = async (point: { asOf?: Date; revision?: number }) => {
    const all = await store.readStream(`question-${id}`);
    const then = eventsAsOf(all, point);
    return { ...foldEvents(questionDecider, then), revision: then.length - 1 };
  };
  const viaHttp = async (query: string) => {
    const response = await t.http().get(`/questions/${id}?${query}`).set('Authorization', `Bearer ${chair}`);
    expect(response.status).toBe(200);
    const { asOf: _asOf, latestRevision, ...state } = response.body;
    expect(latestRevision).toBe(INPUTS + 1);
    return state;
  };

  it('has taken a snapshot after every 100th event', async () => {
    const rows: Array<{ revision: number }> = await dataSource.query(`SELECT revision FROM ${SNAPSHOT_TABLE} WHERE question_id = $1 ORDER BY revision`, [id]);
    expect(rows.map((row) => row.revision)).toEqual([99, 199]);
  });

  it.each([0, 1, 98, 99, 100, 150, 199, 200, 230, INPUTS + 1])('?revision=%i equals folding every event up to it', async (revision) => {
    expect(await viaHttp(`revision=${revision}`)).toEqual(JSON.parse(JSON.stringify(await reference({ revision }))));
  });

  it('?asOf= at, and just before, the instants of snapshot boundaries equals folding every event up to then', async () => {
    const all = await store.readStream(`question-${id}`);
    for (const revision of [99, 100, 199, 200, 215]) {
      for (const offsetMs of [0, -1]) {
        const asOf = new Date(Date.parse(all[revision].metadata.occurredAt) + offsetMs);
        const answer = await viaHttp(`asOf=${encodeURIComponent(asOf.toISOString())}`);
        expect(answer).toEqual(JSON.parse(JSON.stringify(await reference({ asOf }))));
        expect(answer.revision).toBe(offsetMs === 0 ? revision : revision - 1);
      }
    }
  });

  it('the current state (no point) equals folding every event, with the revision as ETag', async () => {
    const response = await t.http().get(`/questions/${id}`).set('Authorization', `Bearer ${chair}`);
    expect(response.headers.etag).toBe(`"${INPUTS + 1}"`);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(await reference({}))));
  });

  /** The store, counting the events it reads. */
  const countingStore = () => {
    const counted = { eventsRead: 0, store: Object.create(store) as EventStore };
    counted.store.readStream = async (streamId: string, options?: ReadStreamOptions) => {
      const events = await store.readStream(streamId, options);
      counted.eventsRead += events.length;
      return events;
    };
    return counted;
  };

  it('reads only the events from the snapshot up to the point, not the rest of the interval', async () => {
    const lookup = snapshotLookup((sql, params) => dataSource.query(sql, params));
    const byRevision = countingStore();
    const then = await questionAt(byRevision.store, lookup, id, { revision: 230 });
    expect(then.revision).toBe(230);
    expect(byRevision.eventsRead).toBe(230 - 199 + 1); // the snapshot's own event (its hash is checked) and 200..230
    expect({ ...then.state, revision: then.revision }).toEqual(await reference({ revision: 230 }));

    const asOf = new Date((await store.readStream(`question-${id}`, { fromRevision: 205, maxCount: 1 }))[0].metadata.occurredAt);
    const byInstant = countingStore();
    const before = await questionAt(byInstant.store, lookup, id, { asOf });
    expect(before.revision).toBe(205);
    expect(byInstant.eventsRead).toBe(205 - 199 + 1);
    expect({ ...before.state, revision: before.revision }).toEqual(await reference({ asOf }));
  });

  it('keeps the last snapshot read: asked again, the database leaves its state out, and a changed row is read anew', async () => {
    const sent: Array<string | null> = [];
    const lookup = snapshotLookup(async (sql, params) => {
      const rows = (await dataSource.query(sql, params)) as Array<{ state: string | null }>;
      sent.push(...rows.map((row) => row.state));
      return rows;
    });
    const first = await lookup(id, { revision: 150 });
    const again = await lookup(id, { revision: 160 });
    expect(first?.revision).toBe(99);
    expect(again).toBe(first);
    expect(sent.map((state) => (state === null ? null : 'state'))).toEqual(['state', null]);
    expect(Object.isFrozen(first!.state)).toBe(true);
    // Another snapshot, then a row whose hash changed: each is read with its state.
    expect((await lookup(id, { revision: 230 }))?.revision).toBe(199);
    await dataSource.query(`UPDATE ${SNAPSHOT_TABLE} SET event_hash = repeat('1', 64) WHERE question_id = $1 AND revision = 199`, [id]);
    expect(await lookup(id, { revision: 230 })).toMatchObject({ revision: 199, eventHash: '1'.repeat(64) });
    expect(sent.map((state) => (state === null ? null : 'state'))).toEqual(['state', null, 'state', 'state']);
  });

  it('ignores a snapshot whose event no longer has the hash it was taken after, and folds from the start', async () => {
    await dataSource.query(
      `UPDATE ${SNAPSHOT_TABLE} SET event_hash = repeat('0', 64), state = jsonb_set(state::jsonb, '{title}', '"Förfalskad titel"')::text WHERE question_id = $1 AND revision = 199`,
      [id],
    );
    const answer = await viaHttp('revision=230');
    expect(answer.title).toBe('Lång fråga med många inspel');
    expect(answer).toEqual(JSON.parse(JSON.stringify(await reference({ revision: 230 }))));
  });
});
