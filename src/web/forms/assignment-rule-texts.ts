import type { AssignmentRule } from '../../assignments';
import type { Label } from './form';
import type { RuleTexts } from './submit';

/** What a person reads when an assignment's rules refuse a form, per rule id (assignment.decider.ts), in Swedish and English. Complete by type. */
export const ASSIGNMENT_RULE_TEXTS: Record<AssignmentRule, Label> = {
  'assignment-already-exists': { sv: 'Uppdraget finns redan.', en: 'The assignment already exists.' },
  'required-field-blank': { sv: 'Fältet får inte vara tomt.', en: 'The field must not be blank.' },
  'invalid-date': { sv: 'Skriv ett datum som finns, som ÅÅÅÅ-MM-DD.', en: 'Enter a real date, as YYYY-MM-DD.' },
  'invalid-url': { sv: 'Skriv en webbadress som börjar med https:// eller http://.', en: 'Enter a web address starting with https:// or http://.' },
  'unknown-organisation': { sv: 'Välj en av samverkans organisationer.', en: 'Choose one of the collaboration’s organisations.' },
  'unknown-assigning-forum': { sv: 'Välj vem som ger uppdraget.', en: 'Choose who gives the assignment.' },
  'forum-not-open': {
    sv: 'Forumet är avvecklat eller sammanslaget: välj ett forum som finns i dag.',
    en: 'The forum has been discontinued or merged: choose one that exists today.',
  },
  'unknown-deliverable': { sv: 'Välj vad som ska levereras.', en: 'Choose what is to be delivered.' },
  'question-required-for-decision-document': {
    sv: 'Ett beslutsunderlag tas fram för en fråga: koppla uppdraget till frågan.',
    en: 'A decision document is prepared for a question: link the assignment to it.',
  },
  'duplicate-question': { sv: 'Samma fråga är kopplad två gånger.', en: 'The same question is linked twice.' },
  'due-date-in-the-past': { sv: 'Datumet har redan passerat.', en: 'The date has already passed.' },
  'assignment-not-given': { sv: 'Uppdraget är redan accepterat.', en: 'The assignment has already been accepted.' },
  'assignment-not-in-progress': { sv: 'Uppdraget pågår inte.', en: 'The assignment is not in progress.' },
  'assignment-not-delivered': { sv: 'Uppdraget är inte levererat.', en: 'The assignment has not been delivered.' },
  'assignment-closed': { sv: 'Uppdraget är avslutat.', en: 'The assignment is closed.' },
  'reason-required': { sv: 'Skriv ett skäl.', en: 'Give a reason.' },
  'comments-required': { sv: 'Skriv vad som ska ändras.', en: 'Say what is to be changed.' },
  'extension-not-later': { sv: 'Det nya datumet måste vara senare än det nuvarande.', en: 'The new date must be later than the current one.' },
  'proposed-position-required': {
    sv: 'Ett beslutsunderlag behöver ett förslag till ställningstagande.',
    en: 'A decision document needs a proposed position.',
  },
};

export const ASSIGNMENT_RULES: RuleTexts = {
  text: (rule, language) =>
    Object.prototype.hasOwnProperty.call(ASSIGNMENT_RULE_TEXTS, rule) ? ASSIGNMENT_RULE_TEXTS[rule as AssignmentRule][language] : undefined,
  fields: {
    'reason-required': 'reason',
    'comments-required': 'comments',
    'extension-not-later': 'newDueDate',
    'due-date-in-the-past': 'dueDate',
    'proposed-position-required': 'proposedPosition',
    'question-required-for-decision-document': 'questionId',
    'unknown-assigning-forum': 'givenBy',
    'forum-not-open': 'givenBy',
  },
};
