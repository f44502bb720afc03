import { INestApplication } from '@nestjs/common';
import { DATABASE, Database } from '../../src/database/database';

/**
 * How many events the store holds, counted in its table. Not through readAll:
 * the global log shows an event only once every older transaction has ended
 * (see docs/event-store.md), so a count through it can lag behind an append,
 * and "nothing was appended" must not pass for that reason.
 */
export async function storedEventCount(app: INestApplication): Promise<number> {
  const { rows } = await app.get<Database>(DATABASE).pool.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store_events');
  return Number(rows[0].n);
}
