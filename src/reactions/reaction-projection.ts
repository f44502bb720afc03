import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection } from '../projections/projection';
import type { Reaction } from './reaction';

/** A step that fails is tried again this many times, after 20, 40, 80 … ms, before the runner takes over. */
const ATTEMPTS = 7;
const FIRST_DELAY_MS = 20;

/**
 * A reaction run by the projection runner (src/projections/): the runner
 * brings what a reaction needs — reading the log after a checkpoint, one owner
 * across instances (the advisory lock), a failing event shown in /health and
 * retried, never skipped. The reaction has no tables: its work is done in
 * `prepare`, before the batch's statement, because it appends through the
 * event store (which on EventStoreDB is not in that statement's transaction at
 * all); the statement then only advances the checkpoint. A crash between
 * the two hands the same events to the reaction again, which finds its steps
 * done (reaction.ts).
 */
export function reactionAsProjection(reaction: Reaction, sleep: (ms: number) => Promise<void> = delay): Projection {
  return {
    name: reaction.name,
    tables: [],
    handles: (event) => reaction.handles(event),
    async prepare(events: RecordedEvent[]) {
      for (const event of events) if (reaction.handles(event)) await withRetries(() => reaction.react(event), sleep);
      return undefined;
    },
    writeTo() {
      // The steps were taken in prepare; the runner's statement only advances the checkpoint.
    },
  };
}

/**
 * Retries with exponential backoff: a concurrent writer on the second stream
 * (the question withdrawn while the outcome is carried into it) makes the
 * append fail with a stale revision, and the next attempt decides on the new
 * state — which may then refuse, and the refusal is recorded.
 */
async function withRetries(step: () => Promise<void>, sleep: (ms: number) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await sleep(FIRST_DELAY_MS * 2 ** (attempt - 1));
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
