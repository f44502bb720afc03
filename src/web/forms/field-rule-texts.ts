import type { Language } from '../../http/accept-language';
import type { FieldError } from '../../http/problem';

/**
 * What a person reads beside a field the API's validation refused, per rule
 * (the class-validator constraint the API names in its `errors[].rule`), in
 * Swedish and English. A rule without a text here shows the API's sentence.
 */
const TEXTS: Record<string, { sv: (label: string, limit?: string) => string; en: (label: string, limit?: string) => string }> = {
  isNotEmpty: { sv: (label) => `Fyll i ”${label}”.`, en: (label) => `Enter “${label}”.` },
  isString: { sv: (label) => `Fyll i ”${label}”.`, en: (label) => `Enter “${label}”.` },
  maxLength: {
    sv: (label, limit) => `”${label}” får vara högst ${limit ?? 'så många'} tecken.`,
    en: (label, limit) => `“${label}” must be ${limit ?? 'fewer'} characters or fewer.`,
  },
  isIn: { sv: (label) => `Välj ”${label}” bland alternativen.`, en: (label) => `Choose “${label}” from the options.` },
  // An organisation's or forum's id is chosen from the register's list on a form; a malformed one came from no option.
  isStructureId: { sv: (label) => `Välj ”${label}” bland alternativen.`, en: (label) => `Choose “${label}” from the options.` },
  isCalendarDate: {
    sv: (label) => `”${label}” ska vara ett datum som finns, skrivet ÅÅÅÅ-MM-DD.`,
    en: (label) => `“${label}” must be a real date, written YYYY-MM-DD.`,
  },
  isIso8601: {
    sv: (label) => `”${label}” ska vara en dag och en tid.`,
    en: (label) => `“${label}” must be a day and a time.`,
  },
  isUrl: {
    sv: (label) => `”${label}” ska vara en webbadress som börjar med https:// eller http://.`,
    en: (label) => `“${label}” must be a web address starting with https:// or http://.`,
  },
  arrayMinSize: { sv: (label) => `Välj minst en i ”${label}”.`, en: (label) => `Choose at least one in “${label}”.` },
  isArray: { sv: (label) => `Välj minst en i ”${label}”.`, en: (label) => `Choose at least one in “${label}”.` },
  arrayUnique: { sv: (label) => `”${label}”: välj varje alternativ bara en gång.`, en: (label) => `“${label}”: choose each option only once.` },
};

/** The sentence for one refused field, with the field's label; the API's own message when the rule has no text. */
export function fieldRuleText(error: FieldError, label: string, language: Language): string {
  const text = TEXTS[error.rule];
  if (!text) return error.message;
  const limit = /(\d+) characters/.exec(error.message)?.[1];
  return text[language](label, limit);
}
