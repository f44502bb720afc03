import { randomUUID } from 'node:crypto';
import { Database } from '../../src/database/database';
import { inTransaction } from '../../src/database/sql-pool';
import { GlobalPosition, RecordedEvent, comparePositions } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { testEvent } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * The gap problem: positions are handed out at insert, rows become visible at
 * commit. Writers here hold their transactions open for a random while (and some
 * roll back), so later positions routinely commit before earlier ones. A reader
 * following the log concurrently must still see every committed event exactly
 * once, in an order consistent with each stream.
 */
describe('PostgreSQL global log under concurrent, late-committing writers', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let store: PostgresEventStore;

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrated: true });
    ({ database } = await openMigratedDatabase(testDatabase));
    store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
  });

  afterAll(async () => {
    await store?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('a reader following the log sees every committed event once and never one that rolled back', async () => {
    const writers = testDatabase.kind === 'server' ? 12 : 3;
    const appendsPerWriter = testDatabase.kind === 'server' ? 25 : 10;
    const seen: RecordedEvent[] = [];
    // Follows the log as a projection runner does: read after the last position seen, again and again, while the writers race.
    let following = true;
    const follower = (async () => {
      let after: GlobalPosition | undefined;
      while (following) {
        const page = await store.readAll({ after, maxCount: 500 });
        for (const event of page) {
          seen.push(event);
          after = event.position;
        }
        if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    const writer = async (writerIndex: number) => {
      // Two writers share each stream, so revisions also race.
      const streamId = `gap-test-${writerIndex % Math.ceil(writers / 2)}`;
      for (let i = 0; i < appendsPerWriter; i++) {
        const events = [testEvent('GapProbe', { writerIndex, i }), testEvent('GapProbe', { writerIndex, i, second: true })];
        const rollBack = i % 7 === 3;
        for (;;) {
          try {
            await inTransaction(database.pool, async (client) => {
              const result = await store.appendWithin(client, streamId, events, 'any');
              if (!result) throw new Error('append with expected revision any must not be refused');
              // Hold the transaction open so that positions taken later can commit first.
              await client.query('SELECT pg_sleep($1)', [Math.random() * 0.02]);
              if (rollBack) throw new RollBack();
            });
            events.forEach((event) => committed.add(event.id));
            break;
          } catch (error) {
            if (error instanceof RollBack) {
              events.forEach((event) => rolledBack.add(event.id));
              break;
            }
            // The other writer of this stream took the same revision first: try again, as a client would.
            if ((error as { code?: string }).code !== '23505') throw error;
          }
        }
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: writers }, (_, index) => writer(index)));
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    const rollbacksPerWriter = Array.from({ length: appendsPerWriter }, (_, i) => i).filter((i) => i % 7 === 3).length;
    expect(committed.size).toBe(writers * (appendsPerWriter - rollbacksPerWriter) * 2);

    const deadline = Date.now() + 10_000;
    while (seen.filter((event) => event.type === 'GapProbe').length < committed.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    following = false;
    await follower;

    const probes = seen.filter((event) => event.type === 'GapProbe');
    const ids = probes.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(committed);
    expect(ids.filter((id) => rolledBack.has(id))).toEqual([]);

    for (let i = 1; i < seen.length; i++) {
      expect(comparePositions(seen[i - 1].position, seen[i].position)).toBe(-1);
    }
    const lastRevision = new Map<string, number>();
    for (const event of probes) {
      expect(event.revision).toBeGreaterThan(lastRevision.get(event.streamId) ?? -1);
      lastRevision.set(event.streamId, event.revision);
    }
  }, 60_000);

  it('holds a reader back, rather than letting it skip, while an earlier transaction is open', async () => {
    if (testDatabase.kind === 'embedded') {
      // PGlite has a single connection, so no transaction can be open beside the reader.
      return;
    }
    const head = await store.headPosition();
    const slow = await database.pool.connect();
    try {
      await slow.query('BEGIN');
      const early = testEvent('LateCommit');
      await store.appendWithin(slow, `late-${randomUUID()}`, [early], 'no_stream');
      const later = testEvent('EarlyCommit');
      await store.appendToStream(`early-${randomUUID()}`, [later], 'no_stream');

      const beforeCommit = await store.readAll({ after: head });
      expect(beforeCommit.map((event) => event.id)).not.toContain(later.id);

      await slow.query('COMMIT');
      const afterCommit = await store.readAll({ after: head });
      expect(afterCommit.map((event) => event.id)).toEqual([early.id, later.id]);
    } finally {
      slow.release();
    }
  });
});

class RollBack extends Error {}
