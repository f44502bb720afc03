import type { RecordedEvent } from '../event-store/event-store.port';
import { type StreamFold, StreamStates, forEachPath, forEachStep } from './stream-states';

/** Counts a stream's events: enough to see what a walk gives before and after. */
const counted: StreamFold<number> = {
  name: 'counted',
  follows: (event) => event.streamId.startsWith('counted-'),
  initial: () => 0,
  evolve: (state) => state + 1,
};

function eventOf(streamId: string, revision: number, seq: number): RecordedEvent {
  return {
    id: `${streamId}/${revision}`,
    streamId,
    revision,
    type: 'Counted',
    schemaVersion: 1,
    data: {},
    metadata: { occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString() },
    position: { commit: 0n, prepare: BigInt(seq) },
    recordedAt: new Date(0),
    hash: '',
    previousHash: '',
  } as RecordedEvent;
}

/** A batch of `streams` new streams, two events each, interleaved, and one event of a stream the fold does not follow. */
function batchOf(streams: number): RecordedEvent[] {
  const events: RecordedEvent[] = [eventOf('other-1', 0, 0)];
  for (let revision = 0; revision < 2; revision++)
    for (let stream = 0; stream < streams; stream++) events.push(eventOf(`counted-${stream}`, revision, events.length));
  return events;
}

const contextOf = (states = new StreamStates()) => ({
  states,
  readStream: () => Promise.reject(new Error('no stream is read: every stream starts in the batch')),
});

describe('the walk through a batch', () => {
  it('gives each followed stream once, with its state before and after the batch', async () => {
    const steps: Array<[string, number, number]> = [];
    await forEachStep(counted, batchOf(3), contextOf(), (step) => {
      steps.push([step.streamId, step.before.state, step.after.state]);
    });
    expect(steps).toEqual([
      ['counted-0', 0, 2],
      ['counted-1', 0, 2],
      ['counted-2', 0, 2],
    ]);
  });

  it('gives a path the state after each event, walked from the one another projection kept', async () => {
    const context = contextOf();
    const events = batchOf(2);
    await forEachStep(counted, events, context, () => undefined);
    const paths: Array<[string, number[], string[]]> = [];
    await forEachPath(counted, events, context, (path) => {
      paths.push([path.streamId, path.states.map((folded) => folded.state), path.events.map((event) => event.id)]);
    });
    expect(paths).toEqual([
      ['counted-0', [1, 2], ['counted-0/0', 'counted-0/1']],
      ['counted-1', [1, 2], ['counted-1/0', 'counted-1/1']],
    ]);
  });

  it('waits for a plan that returns a promise before the next stream', async () => {
    const order: string[] = [];
    await forEachPath(counted, batchOf(2), contextOf(), async (path) => {
      order.push(`start ${path.streamId}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`end ${path.streamId}`);
    });
    expect(order).toEqual(['start counted-0', 'end counted-0', 'start counted-1', 'end counted-1']);
  });

  it('lets the event loop in while a long batch is planned, so the projection need not', async () => {
    let others = 0;
    const other = setInterval(() => others++, 0);
    const seen: number[] = [];
    try {
      await forEachStep(counted, batchOf(40), contextOf(), () => {
        // A plan of 0.2 ms per stream: 8 ms for the batch, which the walk cuts in turns of about 0.5 ms.
        const until = performance.now() + 0.2;
        while (performance.now() < until);
        seen.push(others);
      });
    } finally {
      clearInterval(other);
    }
    expect(seen[seen.length - 1]).toBeGreaterThan(seen[0]);
  });
});
