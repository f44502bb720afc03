import type { Language } from '../../http/accept-language';
import type { Field, Label } from './form';

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
