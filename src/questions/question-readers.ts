import type { Actor } from '../event-store/event-store.port';

/** The part of an actor a reader without `questions.history` sees: in what capacity and for whom, not who. */
export type ActingCapacity = Pick<Actor, 'role' | 'organisationId'>;

function isActor(value: object): value is Actor {
  const candidate = value as Partial<Actor>;
  return typeof candidate.userId === 'string' && typeof candidate.displayName === 'string' && typeof candidate.role === 'string';
}

/**
 * The question as a reader without `questions.history` (a member) may see it:
 * every actor the state carries (registeredBy, recordedBy, takenBy, answeredBy,
 * closure.by, …) reduced to its role and organisation. Who acted by name and
 * user id is the trail, reserved for process roles and auditors
 * (docs/access.md). Found by shape rather than by field name, so an actor
 * added to the state later is covered too. The responsible official, whom the
 * process names as a fact of the question, is not an actor and stays.
 */
export function withoutPersons<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutPersons(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (isActor(value)) return { role: value.role, organisationId: value.organisationId } satisfies ActingCapacity as T;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withoutPersons(child)])) as T;
}
