import type { Language } from '../../http/accept-language';
import { type Field, type FormValues, type Label, given } from './form';

/**
 * The field builders the command forms share (question, assignment, meeting
 * and annual-wheel forms): a label in both languages, and the text, textarea
 * and date fields drawn in the reader's language.
 */
export const label = (sv: string, en: string): Label => ({ sv, en });

export const text = (name: string, fieldLabel: Label, language: Language, extra: Partial<Field> = {}): Field => ({
  name,
  kind: 'text',
  label: fieldLabel[language],
  maxLength: 300,
  ...extra,
});

export const area = (name: string, fieldLabel: Label, language: Language, extra: Partial<Field> = {}): Field => ({
  name,
  kind: 'textarea',
  label: fieldLabel[language],
  ...extra,
});

export const date = (name: string, fieldLabel: Label, language: Language): Field => ({
  name,
  kind: 'date',
  label: fieldLabel[language],
  hint: language === 'en' ? 'For example 2027-03-14' : 'Till exempel 2027-03-14',
});

/**
 * "Datum då det skedde": the day the thing happened, when it is not today —
 * the `effectiveOn` every question command may carry (effective time,
 * docs/events.md). Optional: left empty, the command happened today. The
 * decider's refusals (in the future, before the question was raised, before
 * its latest event) are shown beside it (question-rule-texts.ts names it).
 */
export const effectiveDate = (language: Language): Field => ({
  name: 'effectiveOn',
  kind: 'date',
  label: language === 'en' ? 'Date it happened' : 'Datum då det skedde',
  hint:
    language === 'en'
      ? 'If it happened on an earlier day, for example 2025-05-09. Leave empty for today'
      : 'Om det skedde en tidigare dag, till exempel 2025-05-09. Lämna tomt för i dag',
  optional: true,
});

/** A form whose command may say when it happened: the form's fields, then the date; its body with `effectiveOn` when one is given. */
export function withEffectiveDate<
  C extends { language: Language },
  F extends { fields(context: C): Field[]; body(values: FormValues, context: C): Record<string, unknown> },
>(form: F): F {
  return {
    ...form,
    fields: (context: C) => [...form.fields(context), effectiveDate(context.language)],
    body: (values: FormValues, context: C) => {
      const effectiveOn = given(values, 'effectiveOn');
      return { ...form.body(values, context), ...(effectiveOn !== undefined ? { effectiveOn } : {}) };
    },
  };
}
