import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { WrongExpectedRevisionError } from '../../event-store/event-store.port';
import type { Language } from '../../http/accept-language';
import { InvalidInputError } from '../../http/problem';
import { fieldErrorsOf } from '../../http/validation';
import { DomainRuleViolation } from '../../shared-kernel/domain-errors';
import { fieldRuleText } from './field-rule-texts';
import { Field, FormError, fieldFor } from './form';

/** How a submitted form ended: its command done, refused beside its fields (400 shape, 422 rule), or drawn from a revision that is no longer current (409). */
export type Submission<O> =
  { kind: 'done'; outcome: O } | { kind: 'invalid'; status: 400 | 422; errors: FormError[] } | { kind: 'stale'; currentRevision: number };

export interface RuleTexts {
  /** The sentence for a refused rule in the reader's language, if there is one. */
  text(rule: string, language: Language): string | undefined;
  /** The field a rule is about when its refusal does not name one (`reason-required` → `reason`). */
  fields?: Partial<Record<string, string>>;
}

/**
 * Gives a form's command with the API's guarantees: the body is checked by
 * the API's own DTO (the same shape rules, the same field names), then the
 * command runs on the one write path. A refusal becomes errors beside the
 * fields it names, in the reader's language; access refusals and unknown
 * aggregates are not caught (the error pages answer them, 403 and 404).
 *
 * A conflict on the revision is first run again once: when a double submit's
 * twin stored the command meanwhile, the write path finds its events by the
 * command id and answers with them (it records once). Only when the stream
 * moved on for another reason is the form stale.
 */
export async function submit<O>(options: {
  fields: readonly Field[];
  dto?: new () => object;
  body: Record<string, unknown>;
  language: Language;
  rules: RuleTexts;
  run: () => Promise<O>;
}): Promise<Submission<O>> {
  const { fields, language } = options;
  const labelOf = (name: string | undefined) => fields.find((field) => field.name === name)?.label ?? name ?? '';
  if (options.dto) {
    const problems = await validate(plainToInstance(options.dto, options.body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (problems.length > 0) {
      return { kind: 'invalid', status: 400, errors: onePerField(fieldErrorsOf(problems).map((error) => fieldError(fields, error, labelOf, language))) };
    }
  }
  try {
    return { kind: 'done', outcome: await runOnceMore(options.run) };
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return { kind: 'stale', currentRevision: error.actualRevision };
    if (error instanceof InvalidInputError) {
      return { kind: 'invalid', status: 400, errors: onePerField(error.errors.map((entry) => fieldError(fields, entry, labelOf, language))) };
    }
    if (error instanceof DomainRuleViolation) return { kind: 'invalid', status: 422, errors: [refusal(fields, error, options.rules, labelOf, language)] };
    throw error;
  }
}

async function runOnceMore<O>(run: () => Promise<O>): Promise<O> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return run();
    throw error;
  }
}

function fieldError(
  fields: readonly Field[],
  error: { field: string; rule: string; message: string },
  labelOf: (name?: string) => string,
  language: Language,
): FormError {
  const field = fieldFor(fields, error.field);
  return { field, message: fieldRuleText(error, field ? labelOf(field) : error.field, language) };
}

/** The first error of each field: "enter a title" says enough without "the title must be a string" after it. */
function onePerField(errors: FormError[]): FormError[] {
  return errors.filter((error, index) => error.field === undefined || errors.findIndex((other) => other.field === error.field) === index);
}

/**
 * A rule's refusal beside the field it is about: the one its message starts
 * with (`decidedOn must be a calendar date`, `organisationId: "x" is not …`),
 * or the one the rule is always about; else at the top of the form.
 */
function refusal(fields: readonly Field[], error: DomainRuleViolation, rules: RuleTexts, labelOf: (name?: string) => string, language: Language): FormError {
  const named = /^([A-Za-z][\w.]*(?:\[\d+\])?)(?::| must | names )/.exec(error.message)?.[1];
  const field = (named && fieldFor(fields, named)) || (rules.fields?.[error.rule] && fieldFor(fields, rules.fields[error.rule]!)) || undefined;
  // Blank and malformed fields read as the shape rules do, with the field's label.
  const shape =
    error.rule === 'required-field-blank'
      ? 'isNotEmpty'
      : error.rule === 'invalid-date'
        ? 'isCalendarDate'
        : error.rule === 'invalid-url'
          ? 'isUrl'
          : undefined;
  if (field && shape) return { field, message: fieldRuleText({ field, rule: shape, message: error.message }, labelOf(field), language) };
  return { field, message: rules.text(error.rule, language) ?? error.message };
}
