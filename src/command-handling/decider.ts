import type { Actor } from '../event-store/event-store.port';

/** A domain event as the pure decider sees it: no ids, no metadata. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/**
 * What the structure register says that a decider's rules read (docs/structure.md),
 * looked up by the command handler and handed in as plain data, so the decider
 * stays pure: the forums merged or discontinued, by id, with the day each ended.
 */
export interface StructureFacts {
  endedForums: Readonly<Record<string, { on: string; how: 'merged' | 'discontinued'; intoForumId?: string }>>;
  /** Every organisation the register knows (a member on some date), with its kind. */
  organisations: Readonly<Record<string, { kind: 'region' | 'municipality' | 'other' }>>;
  /** Every forum the register knows (open or ended). */
  forums: readonly string[];
  /** Each forum's latest Swedish name (a meeting's default title). */
  forumNames: Readonly<Record<string, string>>;
}

export interface DeciderCommandContext {
  actor: Actor;
  /** ISO-8601 instant. */
  now: string;
  /** IANA time zone in which dates are read from instants (the clock's, TIME_ZONE). */
  timeZone: string;
  /**
   * The day the thing happened (effective time, YYYY-MM-DD), when the command
   * names one, for a decider that tracks effective dates: the decider checks it
   * against its rules. The write path stores it, or today, as `metadata.effectiveOn`.
   */
  effectiveOn?: string;
  /** The register's facts the rules read; absent while the register is empty (its rules are then not applied). */
  structure?: StructureFacts;
}

export interface DeciderEventContext {
  occurredAt: string;
  actor: Actor;
  /** `metadata.effectiveOn` as stored; absent on events recorded before effective dates (read as the day of `occurredAt`). */
  effectiveOn?: string;
}

/**
 * The three pure functions of an aggregate (Emmett's decider), plus what the
 * write path needs to store its events: a name for errors and stream ids, and
 * the schema version of each event type.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  aggregateName: string;
  streamPrefix: string;
  initialState(): State;
  evolve(state: State, event: Event, context: DeciderEventContext): State;
  decide(command: Command, state: State, context: DeciderCommandContext): Event[];
  schemaVersionOf(type: Event['type']): number;
  /** Whether commands may say when the thing happened (effective time) and events store it; see docs/events.md. */
  tracksEffectiveDates?: boolean;
  /** Upcasts a stored event to the current shape; identity until an event's shape changes. */
  upcast?(type: string, schemaVersion: number, data: unknown): Event;
}
