import { UnreadableEventError } from './domain-errors';

/** One step of an event's data from a schema version to the next. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Reads a stored event of one aggregate (`aggregate`, for the error) at its
 * current schema version: refuses a type the aggregate does not know or a
 * version outside 1..current, then applies each version's upcaster in turn.
 */
export function upcastEvent<Type extends string>(
  aggregate: string,
  currentVersions: Record<Type, number>,
  upcasters: Partial<Record<Type, Record<number, Upcaster>>>,
  type: string,
  schemaVersion: number,
  data: unknown,
): { type: Type; data: unknown } {
  if (!Object.prototype.hasOwnProperty.call(currentVersions, type)) {
    throw new UnreadableEventError(`"${type}" is not a ${aggregate} event type`);
  }
  const eventType = type as Type;
  const current = currentVersions[eventType];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new UnreadableEventError(`${type} version ${schemaVersion} cannot be read: this code knows versions 1 to ${current}`);
  }
  let upcast = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = upcasters[eventType]?.[version];
    if (!step) throw new UnreadableEventError(`${type} has no upcaster from version ${version} to ${version + 1}`);
    upcast = step(upcast);
  }
  return { type: eventType, data: upcast };
}
