/**
 * Errors the pure domain raises. The HTTP layer maps them to problem details:
 * a refused move names its rule (422/409), an unknown aggregate is a 404.
 */
export class DomainRuleViolation extends Error {
  constructor(
    /** Stable kebab-case id of the rule, e.g. `organisation-not-named-in-position`. */
    readonly rule: string,
    message: string,
    /** The input field the refusal is about, where there is one (e.g. `effectiveOn`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainRuleViolation';
  }
}

export class AggregateNotFound extends Error {
  constructor(
    readonly aggregate: string,
    readonly id: string,
  ) {
    super(`${aggregate} ${id} does not exist`);
    this.name = 'AggregateNotFound';
  }
}

/** Thrown for a stored event this code cannot read: an unknown type, or a version newer than this code knows. */
export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}
