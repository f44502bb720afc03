import type { QuestionRule } from '../../questions';
import type { Label } from '../../questions/contract';
import type { RuleTexts } from './submit';

/**
 * What a person reads when the question's rules refuse a form, per rule id
 * (question.decider.ts), in Swedish and English. Complete by type: a new rule
 * without a text here does not compile.
 */
export const QUESTION_RULE_TEXTS: Record<QuestionRule, Label> = {
  'question-already-exists': { sv: 'Frågan är redan väckt.', en: 'The question has already been raised.' },
  'question-not-open': {
    sv: 'Frågan är avslutad, återkallad eller avvisad. Den måste återöppnas innan något mer kan registreras.',
    en: 'The question is closed, withdrawn or declined. It must be reopened before anything more can be recorded.',
  },
  'question-already-open': {
    sv: 'Bara en avslutad, återkallad eller avvisad fråga kan återöppnas.',
    en: 'Only a closed, withdrawn or declined question can be reopened.',
  },
  'question-not-accepted': { sv: 'Frågan är inte beredd ännu. Bered den först.', en: 'The question has not been accepted yet. Accept it first.' },
  'question-forum-ended': {
    sv: 'Frågans forum är avvecklat eller sammanslaget. Flytta frågan till ett forum som finns (eller återkalla eller avsluta den) innan något mer registreras.',
    en: "The question's forum has been discontinued or merged. Move the question to a forum that exists (or withdraw or close it) before recording anything more.",
  },
  'forum-not-open': {
    sv: 'Forumet är avvecklat eller sammanslaget den dagen. Välj ett forum som finns.',
    en: 'The forum had been discontinued or merged by that day. Choose a forum that exists.',
  },
  'question-already-accepted': {
    sv: 'Bara en nyss väckt fråga kan beredas eller avvisas.',
    en: 'Only a newly raised question can be accepted or declined.',
  },
  'effective-date-in-future': {
    sv: 'Datumet ligger i framtiden. Registrera det som redan har hänt.',
    en: 'The date is in the future. Record what has already happened.',
  },
  'effective-date-before-raised': { sv: 'Datumet ligger före dagen då frågan väcktes.', en: 'The date is before the day the question was raised.' },
  'effective-date-out-of-order': {
    sv: 'Datumet ligger före frågans senaste händelse. Händelser registreras i den ordning de inträffade.',
    en: "The date is before the question's latest event. Events are recorded in the order they happened.",
  },
  'reason-required': { sv: 'Skriv ett skäl.', en: 'Give a reason.' },
  'required-field-blank': { sv: 'Fältet får inte vara tomt.', en: 'The field must not be blank.' },
  'invalid-date': { sv: 'Skriv ett datum som finns, som ÅÅÅÅ-MM-DD.', en: 'Enter a real date, as YYYY-MM-DD.' },
  'invalid-url': { sv: 'Skriv en webbadress som börjar med https:// eller http://.', en: 'Enter a web address starting with https:// or http://.' },
  'unknown-organisation': { sv: 'Välj en av samverkans organisationer.', en: 'Choose one of the collaboration’s organisations.' },
  'unknown-forum': { sv: 'Välj ett av Samverkan Värmlands forum.', en: 'Choose one of the forums of Samverkan Värmland.' },
  'unknown-raiser': {
    sv: 'Välj en medlemsorganisation eller ett forum som väcker frågan.',
    en: 'Choose a member organisation or a forum raising the question.',
  },
  'unknown-logic': { sv: 'Välj processlogik eller beslutslogik.', en: 'Choose process logic or decision logic.' },
  'organisation-list-empty': { sv: 'Välj minst en medlemsorganisation.', en: 'Choose at least one member organisation.' },
  'duplicate-organisation': { sv: 'Välj varje organisation bara en gång.', en: 'Choose each organisation only once.' },
  'same-forum': { sv: 'Frågan är redan i det forumet. Välj ett annat.', en: 'The question is already in that forum. Choose another.' },
  'position-in-force': {
    sv: 'Ett ställningstagande gäller för frågan. Återförvisa det till dialog först.',
    en: 'A position is in force on the question. Send it back to dialogue first.',
  },
  'consultation-already-exists': { sv: 'Remissen finns redan.', en: 'The consultation already exists.' },
  'unknown-consultation': { sv: 'Frågan har ingen sådan remiss.', en: 'The question has no such consultation.' },
  'consultation-closed': { sv: 'Remissen är avslutad och tar inte emot fler svar.', en: 'The consultation is closed and takes no more answers.' },
  'consultation-already-closed': { sv: 'Remissen är redan avslutad.', en: 'The consultation is already closed.' },
  'organisation-not-consultation-party': {
    sv: 'Bara de organisationer som remissen skickades till kan svara på den.',
    en: 'Only the organisations the consultation was sent to can answer it.',
  },
  'position-requires-decision-document': {
    sv: 'Ett ställningstagande tas på ett beslutsunderlag. Bifoga ett först.',
    en: 'A position is taken on a decision document. Attach one first.',
  },
  'position-already-taken': {
    sv: 'Ett ställningstagande gäller redan. Återförvisa det till dialog innan ett nytt tas.',
    en: 'A position is already in force. Send it back to dialogue before taking a new one.',
  },
  'no-position-in-force': { sv: 'Inget ställningstagande gäller för frågan.', en: 'No position is in force on the question.' },
  'organisation-not-named-in-position': {
    sv: 'Organisationen är inte utpekad i ställningstagandet och ska inte besluta.',
    en: 'The organisation is not named in the position and is not to decide.',
  },
  'decision-already-recorded': {
    sv: 'Organisationens beslut är redan registrerat. Rätta det i stället.',
    en: "The organisation's decision is already recorded. Correct it instead.",
  },
  'no-decision-to-correct': {
    sv: 'Inget beslut av organisationen är registrerat, så det finns inget att rätta. Registrera det i stället.',
    en: 'No decision by the organisation is recorded, so there is nothing to correct. Record it instead.',
  },
  'correction-changes-nothing': { sv: 'Rättelsen är likadan som det registrerade beslutet.', en: 'The correction is the same as the recorded decision.' },
  'body-does-not-match-organisation': {
    sv: 'Organet hör inte till den sortens organisation: en kommun beslutar i kommunfullmäktige, kommunstyrelsen eller en nämnd, regionen i sina organ.',
    en: 'The body does not belong to that kind of organisation: a municipality decides in its council, executive board or a committee, the region in its own bodies.',
  },
  'unknown-decision-outcome': { sv: 'Välj ett av utfallen.', en: 'Choose one of the outcomes.' },
  'feedback-organisation-not-involved': {
    sv: 'Återkoppling lämnas av organisationer som är utpekade i ställningstagandet eller som beslutat om ett tidigare.',
    en: 'Feedback is reported by organisations named in the position or that decided on an earlier one.',
  },
};

export function isQuestionRule(rule: string): rule is QuestionRule {
  return Object.prototype.hasOwnProperty.call(QUESTION_RULE_TEXTS, rule);
}

/** The field a rule is about, where its refusal's sentence does not start with it. */
const QUESTION_RULE_FIELDS: Partial<Record<QuestionRule, string>> = {
  'effective-date-in-future': 'effectiveOn',
  'effective-date-before-raised': 'effectiveOn',
  'effective-date-out-of-order': 'effectiveOn',
  'reason-required': 'reason',
  'same-forum': 'forum',
  'forum-not-open': 'forum',
  'unknown-logic': 'logic',
  'unknown-raiser': 'raisedBy',
  'unknown-consultation': 'consultationId',
  'consultation-closed': 'consultationId',
  'consultation-already-closed': 'consultationId',
  'organisation-not-consultation-party': 'organisationId',
  'organisation-not-named-in-position': 'organisationId',
  'decision-already-recorded': 'organisationId',
  'no-decision-to-correct': 'organisationId',
  'feedback-organisation-not-involved': 'organisationId',
  'body-does-not-match-organisation': 'body',
  'unknown-decision-outcome': 'outcome',
};

/** The question's rules as the forms show them. */
export const QUESTION_RULES: RuleTexts = {
  text: (rule, language) => (isQuestionRule(rule) ? QUESTION_RULE_TEXTS[rule][language] : undefined),
  fields: QUESTION_RULE_FIELDS,
};
