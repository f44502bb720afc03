import type { DeciderCommandContext, DeciderEventContext } from '../../src/command-handling/decider';
import type { Actor } from '../../src/event-store/event-store.port';
import { DEFAULT_TIME_ZONE } from '../../src/shared-kernel/clock';
import { deepFreeze } from '../../src/shared-kernel/deep-freeze';
import { AggregateNotFound, DomainRuleViolation } from '../../src/shared-kernel/domain-errors';

/** The pure functions of a decider, as its slice exports them. */
export interface DeciderFunctions<Command, Event, State> {
  decide(command: Command, state: State, context: DeciderCommandContext): Event[];
  evolve(state: State, event: Event, context: DeciderEventContext): State;
  initialState(): State;
}

/**
 * The given-when-then harness of a decider spec: given these events (folded,
 * every state frozen), when this command (at `now`, or a time of the test's
 * own), then these events — or this refused rule, or not found.
 */
export function givenWhenThen<Command, Event, State, Rule extends string>(
  decider: DeciderFunctions<Command, Event, State>,
  options: { actor: Actor; now: string; occurredAt: (index: number) => string; timeZone?: string },
) {
  const stateAfter = (...events: Event[]): State =>
    events.reduce<State>(
      (state, next, index) => deepFreeze(decider.evolve(state, next, { occurredAt: options.occurredAt(index), actor: options.actor })),
      deepFreeze(decider.initialState()),
    );

  const given = (...events: Event[]) => {
    const state = stateAfter(...events);
    return {
      when: (command: Command, now = options.now, actor = options.actor) => {
        const run = () => decider.decide(command, state, { actor, now, timeZone: options.timeZone ?? DEFAULT_TIME_ZONE });
        return {
          // Strict: an optional field must be left out of `data`, not stored as `undefined`.
          then: (...expected: Event[]) => expect(run()).toStrictEqual(expected),
          /** The refusal names its rule and, for bad input, the field (a 4xx problem names both). */
          thenRefused: (rule: Rule, field?: string) => {
            let error: unknown;
            try {
              run();
            } catch (caught) {
              error = caught;
            }
            expect(error).toBeInstanceOf(DomainRuleViolation);
            expect((error as DomainRuleViolation).rule).toBe(rule);
            if (field !== undefined) expect((error as DomainRuleViolation).message).toContain(field);
          },
          /** Not found, naming the aggregate (and its id) when given: the 404 names what does not exist. */
          thenNotFound: (aggregate?: string, id?: string) => {
            expect(run).toThrow(AggregateNotFound);
            if (aggregate !== undefined) expect(run).toThrow(expect.objectContaining({ aggregate, ...(id !== undefined ? { id } : {}) }));
          },
        };
      },
    };
  };

  return { given, stateAfter };
}
