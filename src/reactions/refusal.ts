import { AccessDenied } from '../auth/access-policy';
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';

/** Why the second step of a move was refused: the rule, as its refusal event records it. */
export interface StepRefusal {
  rule: string;
  message: string;
}

/**
 * A refusal of the second step, or undefined for a failure that is not one (a
 * stale revision, a lost connection), which is retried instead.
 */
export function refusalOf(error: unknown): StepRefusal | undefined {
  if (error instanceof DomainRuleViolation) return { rule: error.rule, message: error.message };
  if (error instanceof AccessDenied) return { rule: 'not-allowed', message: error.message };
  if (error instanceof AggregateNotFound) return { rule: 'not-found', message: error.message };
  return undefined;
}
