import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppendResult, EventStore, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store.port';

/**
 * The application's Prometheus metrics, one registry per application (tests
 * run several in one process). Request, command and append figures are counted
 * as they happen; the gauges read from the database (projection lag, outbox,
 * idempotency keys) are set when /metrics is scraped. docs/operations.md lists
 * every metric and what to alert on.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route (the pattern, e.g. /questions/:id) and status, with their duration.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'fragespar_commands_total',
    help: 'Commands handled, by type and outcome (accepted, invalid, forbidden, not-found, conflict, refused, error).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'fragespar_event_store_append_duration_seconds',
    help: 'Appends to the event store, by outcome (ok, conflict: a stale expected revision, error), with their duration.',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly projectionLagEvents = new Gauge({
    name: 'fragespar_projection_lag_events',
    help: 'Events in the log the projection has not applied yet (counted up to 100000).',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionLagSeconds = new Gauge({
    name: 'fragespar_projection_lag_seconds',
    help: 'While the projection is behind: seconds since the last event it applied was recorded (0 when caught up).',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionStatus = new Gauge({
    name: 'fragespar_projection_status',
    help: 'The projection status: 1 for its current one of running, standby (another instance owns it), rebuilding, stopped, failed.',
    labelNames: ['projection', 'status'] as const,
    registers: [this.registry],
  });

  readonly projectionEventsApplied = new Gauge({
    name: 'fragespar_projection_events_applied',
    help: 'Events the projection has applied since its last rebuild.',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly outboxNotifications = new Gauge({
    name: 'fragespar_outbox_notifications',
    help: 'E-mails in an outbox by outbox (reminders: assignments; registrars: word to each organisation) and state (pending, sending, failed: given up after the last attempt).',
    labelNames: ['outbox', 'state'] as const,
    registers: [this.registry],
  });

  readonly idempotencyKeys = new Gauge({
    name: 'fragespar_idempotency_keys',
    help: 'Idempotency keys held (each a stored response to a command).',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/** Wraps the configured adapter so every append's duration and outcome is measured. */
export function timedEventStore(store: EventStore, metrics: Metrics): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendToStream') {
        return async (streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
          const stop = metrics.appendDuration.startTimer();
          try {
            const result = await target.appendToStream(streamId, events, expected);
            stop({ outcome: 'ok' });
            return result;
          } catch (error) {
            stop({ outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'error' });
            throw error;
          }
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
