import { CommandBus } from '@nestjs/cqrs';
import type { Actor, EventStore, RecordedEvent } from '../event-store/event-store.port';
import type { Clock } from '../shared-kernel/clock';
import { contribute, contributionKind } from '../wiring/contributions';

/**
 * A reaction (process manager): the second step of a move that spans two
 * aggregates, taken from the STORED log. The first aggregate's event is the
 * command's outcome; the reaction reads it after its own checkpoint and runs
 * the second aggregate's command through that aggregate's own write path.
 *
 * Rules a reaction keeps (docs/architecture.md, "Reactions"):
 * - the second step's command id derives from the triggering event's id
 *   (`reactionCommandId`), so its events have fixed ids and a retry stores
 *   them once;
 * - `react` first asks whether the step is done (its events, or its recorded
 *   refusal, are in the streams) and then does nothing: the runner may hand it
 *   the same event again after a crash or a failed checkpoint commit;
 * - a refusal of the second step (a rule, access, an aggregate that is gone)
 *   is recorded as an event on the first aggregate, never dropped;
 * - anything else (a lost connection, a concurrent writer after the retries)
 *   is thrown: the runner stops at the event, shows it in /health and retries.
 */
export interface Reaction {
  /** Stable id; the checkpoint is kept under it, as a projection's is. */
  readonly name: string;
  handles(event: RecordedEvent): boolean;
  react(event: RecordedEvent): Promise<void>;
}

/** What a reaction is built from: the store, the command bus its second step runs through, the clock. */
export interface ReactionDependencies {
  store: EventStore;
  commandBus: CommandBus;
  clock: Clock;
}

export type ReactionFactory = (dependencies: ReactionDependencies) => Reaction;

/** The reactions the application runs: every module that owns one declares it with `registerReactions`. */
export const REACTIONS = contributionKind<ReactionFactory>('reactions');

export function registerReactions(owner: string, factories: readonly ReactionFactory[]) {
  return contribute(REACTIONS, owner, factories);
}

/** Injection token of the factories the runner is handed (src/app-modules.ts gathers them). */
export const REACTION_FACTORIES = Symbol('REACTION_FACTORIES');

/**
 * Who records a refusal of the second step: the system, on behalf of the
 * organisation of the person whose command started the move. The person did
 * not refuse anything; the rule did.
 */
export function reactionActor(trigger: RecordedEvent): Actor {
  return {
    userId: 'fragespar',
    displayName: 'Frågespår (automatisk följd)',
    role: 'system',
    organisationId: trigger.metadata.actor.organisationId,
  };
}
