import { createHash } from 'node:crypto';
import { Actor, EventMetadata, EventStore, NewEvent, RecordedEvent, WrongExpectedRevisionError, formatPosition } from '../event-store/event-store.port';
import { calendarDateOf } from '../shared-kernel/calendar';
import { Clock } from '../shared-kernel/clock';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import { Decider, DomainEvent, StructureFacts } from './decider';

/** What the caller knows about a command beyond its content: who, tracing ids, the revision it saw. */
export interface CommandEnvelope {
  commandId: string;
  correlationId: string;
  /** Set when the command was caused by another message (an event or a command); otherwise the command itself. */
  causationId?: string;
  actor: Actor;
  /**
   * The forums the actor serves, from the token (claim `forums`): a secretary's
   * meeting commands are limited to them (docs/access.md). Not stored: the
   * event's actor and the meeting's forum say who did what where.
   */
  actorForums?: readonly string[];
  /** If-Match: the revision the client last saw; the command is refused with 409 if the stream moved on. */
  expectedRevision?: number;
  /**
   * The day the thing happened (YYYY-MM-DD), when it is not the day the command
   * is recorded: a decision taken last spring, entered today. Only for deciders
   * that track effective dates, which check it; stored as `metadata.effectiveOn`.
   */
  effectiveOn?: string;
  /** What the structure register says that the decider's rules read, when the handler looked it up. */
  structure?: StructureFacts;
}

export interface CommandOutcome {
  streamId: string;
  /** Stream revision after the command. */
  revision: number;
  /** Global position reached, as text ("commit.prepare"): pass it to reads to see your own write. */
  position: string;
  events: Array<{ id: string; type: string; revision: number }>;
}

export function streamIdOf(decider: Decider<unknown, DomainEvent, unknown>, aggregateId: string): string {
  return `${decider.streamPrefix}-${aggregateId}`;
}

/** Folds a stream's stored events into state (from the start, or from `from`: the state before the first of them), upcasting old versions on the way. */
export function foldEvents<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, events: RecordedEvent[], from: S = decider.initialState()): S {
  return events.reduce(
    (state, recorded) =>
      decider.evolve(state, toDomainEvent(decider, recorded), {
        occurredAt: recorded.metadata.occurredAt,
        actor: recorded.metadata.actor,
        ...(recorded.metadata.effectiveOn !== undefined ? { effectiveOn: recorded.metadata.effectiveOn } : {}),
      }),
    from,
  );
}

export function toDomainEvent<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, recorded: RecordedEvent): E {
  return decider.upcast ? decider.upcast(recorded.type, recorded.schemaVersion, recorded.data) : ({ type: recorded.type, data: recorded.data } as E);
}

/**
 * The one write path: load the stream, fold it, decide, append with the revision
 * that was folded. A concurrent writer makes the append fail with
 * WrongExpectedRevisionError (409); nothing is ever overwritten.
 *
 * `history`: the whole stream as the caller has just read it, beside its own
 * reads (the register's facts), so the command waits for one round trip where
 * it would wait for two. It is folded and appended after as if read here: a
 * write after that read makes the append fail as any concurrent write does.
 */
export async function executeWithDecider<C, E extends DomainEvent, S>(
  store: EventStore,
  clock: Clock,
  decider: Decider<C, E, S>,
  aggregateId: string,
  command: C,
  envelope: CommandEnvelope,
  reason?: string,
  read?: { history: RecordedEvent[] },
): Promise<CommandOutcome> {
  const streamId = streamIdOf(decider as Decider<unknown, DomainEvent, unknown>, aggregateId);
  const history = read?.history ?? (await store.readStream(streamId));
  // This command's events are stored already: it is a retry whose first run's response was lost (an
  // Idempotency-Key whose claim expired when its process died). Answer with them; decide nothing again.
  const storedEarlier = history.filter((event) => event.metadata.commandId === envelope.commandId);
  if (storedEarlier.length > 0) return outcomeOf(streamId, storedEarlier);
  const currentRevision = history.length - 1;
  if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== currentRevision) {
    throw new WrongExpectedRevisionError(streamId, envelope.expectedRevision, currentRevision);
  }
  const state = foldEvents(decider, history);
  const now = clock.now().toISOString();
  if (envelope.effectiveOn !== undefined && !decider.tracksEffectiveDates) {
    throw new DomainRuleViolation(
      'effective-date-not-supported',
      `A ${decider.aggregateName} command cannot say when it happened (effectiveOn)`,
      'effectiveOn',
    );
  }
  // The decider checks a day the command names; every event of a decider that tracks effective dates stores its day, today's when the command names none.
  const effectiveOn = decider.tracksEffectiveDates ? (envelope.effectiveOn ?? calendarDateOf(now, clock.timeZone)) : undefined;
  const decided = decider.decide(command, state, {
    actor: envelope.actor,
    now,
    timeZone: clock.timeZone,
    ...(envelope.effectiveOn !== undefined ? { effectiveOn: envelope.effectiveOn } : {}),
    ...(envelope.structure !== undefined ? { structure: envelope.structure } : {}),
  });
  if (decided.length === 0) {
    return { streamId, revision: currentRevision, position: history.length ? formatPosition(history[history.length - 1].position) : '0.0', events: [] };
  }

  const events = eventsToStore(decider, decided, envelope, { now, effectiveOn, reason });
  const appended = await store.appendToStream(streamId, events, currentRevision === -1 ? 'no_stream' : currentRevision);
  return {
    streamId,
    revision: appended.nextRevision,
    position: formatPosition(appended.position),
    events: events.map((event, index) => ({
      id: event.id,
      type: event.type,
      revision: appended.nextRevision - events.length + 1 + index,
    })),
  };
}

/**
 * The decided events as they are stored: ids from the command id, the schema
 * version of each type, and the metadata every event carries (who, when — recorded
 * and effective — why, tracing ids). The one place that metadata is made.
 */
export function eventsToStore<E extends DomainEvent>(
  decider: Pick<Decider<unknown, E, unknown>, 'schemaVersionOf'>,
  decided: E[],
  envelope: Pick<CommandEnvelope, 'commandId' | 'correlationId' | 'causationId' | 'actor'>,
  when: { now: string; effectiveOn?: string; reason?: string; imported?: EventMetadata['imported'] },
): NewEvent[] {
  const { now, effectiveOn, reason, imported } = when;
  return decided.map((event, index) => ({
    id: eventIdFor(envelope.commandId, index),
    type: event.type,
    schemaVersion: decider.schemaVersionOf(event.type),
    data: event.data,
    metadata: {
      actor: envelope.actor,
      occurredAt: now,
      ...(effectiveOn !== undefined ? { effectiveOn } : {}),
      correlationId: envelope.correlationId,
      causationId: envelope.causationId ?? envelope.commandId,
      commandId: envelope.commandId,
      ...(reason ? { reason } : {}),
      ...(imported ? { imported } : {}),
    },
  }));
}

/** The outcome a command had, from its stored events. */
function outcomeOf(streamId: string, stored: RecordedEvent[]): CommandOutcome {
  const last = stored[stored.length - 1];
  return {
    streamId,
    revision: last.revision,
    position: formatPosition(last.position),
    events: stored.map((event) => ({ id: event.id, type: event.type, revision: event.revision })),
  };
}

/**
 * An id a command creates (a new question's, meeting's, …), derived from the
 * command id: a retried command names the same new aggregate, so the write path
 * finds the events its first run stored (executeWithDecider).
 */
export function idCreatedBy(commandId: string, purpose: string): string {
  const hex = createHash('sha256').update(`${commandId}:creates:${purpose}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Event ids derive from the command id, so a command retried after a lost
 * response produces the same ids and the store keeps them once.
 */
export function eventIdFor(commandId: string, index: number): string {
  const hex = createHash('sha256').update(`${commandId}:${index}`).digest('hex');
  // Format as an RFC 4122 UUID (version 8: custom), which the uuid column accepts.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
