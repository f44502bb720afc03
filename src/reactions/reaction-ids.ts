import { createHash } from 'node:crypto';

/**
 * The command id of a reaction's step: derived from the triggering event's id
 * and what the step is about (a question id, a meeting id, …), so the step's
 * events get the same ids however often it is tried. The same derivation the
 * handlers used when they took the second step themselves, so steps stored
 * before reactions existed are recognised as done.
 */
export function reactionCommandId(triggerEventId: string, key: string): string {
  const hex = createHash('sha256').update(`${triggerEventId}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
