import { Backoff, isConnectionLoss } from '../../database/connection-loss';
import { EventHandler, GlobalPosition, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';

const BATCH_SIZE = 500;

/**
 * Catch-up subscription over a pull-based log: reads batches after the last
 * delivered position and hands them to the handler one at a time, in order.
 * When caught up it sleeps until the poll interval passes or an append in this
 * process wakes it (so same-process freshness does not wait for the poll).
 * A read that fails because the database session was lost (a restart, a
 * terminated backend) is tried again with growing waits; a handler's error
 * ends the subscription and goes to `onError`.
 */
export class PollingSubscription implements Subscription {
  private stopped = false;
  private wake: (() => void) | undefined;
  /** An append arrived while a batch was being read or handled: read again before sleeping. */
  private wokenWhileBusy = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly read: (after: GlobalPosition | undefined, maxCount: number) => Promise<RecordedEvent[]>,
    private readonly handler: EventHandler,
    private readonly options: SubscribeOptions,
    private readonly pollIntervalMs: number,
    private readonly wakeUps: Set<() => void>,
  ) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    let after = this.options.after;
    const wakeUp = () => {
      if (this.wake) this.wake();
      else this.wokenWhileBusy = true;
    };
    this.wakeUps.add(wakeUp);
    try {
      const reconnect = new Backoff(Math.min(100, this.pollIntervalMs), 5_000);
      while (!this.stopped) {
        let batch: RecordedEvent[];
        try {
          batch = await this.read(after, BATCH_SIZE);
          reconnect.reset();
        } catch (error) {
          if (!isConnectionLoss(error)) throw error;
          await this.sleep(reconnect.next());
          continue;
        }
        for (const event of batch) {
          if (this.stopped) return;
          await this.handler(event);
          after = event.position;
        }
        if (batch.length < BATCH_SIZE) await this.sleep();
      }
    } catch (error) {
      if (!this.stopped) this.options.onError?.(error);
    } finally {
      this.wakeUps.delete(wakeUp);
    }
  }

  private sleep(ms = this.pollIntervalMs): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.wokenWhileBusy) {
      this.wokenWhileBusy = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        finish();
      };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done;
  }
}
