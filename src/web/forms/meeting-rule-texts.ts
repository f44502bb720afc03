import type { MeetingRule, YearWheelRule } from '../../meetings';
import type { Label } from './form-flow';
import type { RuleTexts } from './submit';

/**
 * What a person reads when a meeting's rules refuse a form, per rule id
 * (meeting.decider.ts), in Swedish and English. Complete by type.
 */
export const MEETING_RULE_TEXTS: Record<MeetingRule, Label> = {
  'meeting-already-exists': { sv: 'Sammanträdet finns redan.', en: 'The meeting already exists.' },
  'meeting-cancelled': { sv: 'Sammanträdet är inställt.', en: 'The meeting is cancelled.' },
  'meeting-held': { sv: 'Sammanträdet har redan hållits.', en: 'The meeting has already been held.' },
  'reschedule-changes-nothing': { sv: 'Flytten ändrar ingenting.', en: 'The move changes nothing.' },
  'required-field-blank': { sv: 'Fältet får inte vara tomt.', en: 'The field must not be blank.' },
  'unknown-forum': { sv: 'Välj ett av Samverkan Värmlands forum.', en: 'Choose one of the forums of Samverkan Värmland.' },
  'unknown-organisation': { sv: 'Välj en av samverkans organisationer.', en: 'Choose one of the collaboration’s organisations.' },
  'invalid-date': { sv: 'Skriv ett datum som finns, som ÅÅÅÅ-MM-DD.', en: 'Enter a real date, as YYYY-MM-DD.' },
  'invalid-date-time': { sv: 'Skriv en dag och en tid.', en: 'Enter a day and a time.' },
  'invalid-url': { sv: 'Skriv en webbadress som börjar med https:// eller http://.', en: 'Enter a web address starting with https:// or http://.' },
  'ends-before-start': { sv: 'Sammanträdet kan inte sluta innan det börjar.', en: 'The meeting cannot end before it starts.' },
  'deadline-after-start': { sv: 'Sista dag för ärenden måste vara före sammanträdet.', en: 'The deadline for items must be before the meeting.' },
  'place-or-link-required': { sv: 'Ange en plats eller en länk för digitalt deltagande.', en: 'Give a place or a link to take part digitally.' },
  'unknown-item-kind': { sv: 'Välj vilken sorts punkt det är.', en: 'Choose the kind of item.' },
  'unknown-item-logic': { sv: 'Välj processlogik eller beslutslogik.', en: 'Choose process logic or decision logic.' },
  'duplicate-item': { sv: 'Samma punkt finns två gånger på dagordningen.', en: 'The same item is on the agenda twice.' },
  'agenda-published': { sv: 'Dagordningen är publicerad. Ändra den i stället.', en: 'The agenda is published. Amend it instead.' },
  'agenda-not-published': { sv: 'Dagordningen är inte publicerad ännu.', en: 'The agenda has not been published yet.' },
  'agenda-empty': { sv: 'Dagordningen har inga punkter.', en: 'The agenda has no items.' },
  'amendment-empty': { sv: 'Ändringen lägger inte till eller tar bort något.', en: 'The amendment adds or removes nothing.' },
  'reason-required': { sv: 'Skriv ett skäl.', en: 'Give a reason.' },
  'item-not-on-agenda': { sv: 'Punkten finns inte på dagordningen.', en: 'The item is not on the agenda.' },
  'item-has-outcome': { sv: 'Punkten har redan ett utfall.', en: 'The item already has an outcome.' },
  'duplicate-organisation': { sv: 'Varje organisation får bara finnas en gång.', en: 'Each organisation may appear only once.' },
  'attendance-empty': { sv: 'Ange närvaro för minst en organisation.', en: 'Give the attendance of at least one organisation.' },
  'attendance-not-recorded': { sv: 'Registrera närvaron först.', en: 'Record the attendance first.' },
  'meeting-not-held': { sv: 'Sammanträdet har inte hållits ännu.', en: 'The meeting has not been held yet.' },
  'unknown-outcome-status': { sv: 'Välj om punkten avslutades eller fortsätter.', en: 'Choose whether the item was concluded or continues.' },
  'outcome-already-recorded': { sv: 'Punktens utfall är redan registrerat.', en: "The item's outcome is already recorded." },
  'position-required': {
    sv: 'En ställningstagandepunkt som avslutas behöver ställningstagandet: text, organisationer och datum.',
    en: 'A position item that is concluded needs the position: text, organisations and date.',
  },
  'position-only-on-position-item': { sv: 'Bara en ställningstagandepunkt har ett ställningstagande.', en: 'Only a position item has a position.' },
  'adjusters-required': { sv: 'Ange minst en justerare.', en: 'Name at least one adjuster.' },
  'duplicate-adjuster': { sv: 'Samma justerare finns två gånger.', en: 'The same adjuster is named twice.' },
  'adjusters-not-identified': {
    sv: 'Protokollet måste upprättas igen med justerarnas användar-id.',
    en: "The minutes must be drafted again with the adjusters' user ids.",
  },
  'not-a-named-adjuster': { sv: 'Du är inte justerare av det här protokollet.', en: 'You are not an adjuster of these minutes.' },
  'adjuster-already-approved': { sv: 'Du har redan justerat protokollet.', en: 'You have already approved the minutes.' },
  'minutes-not-drafted': { sv: 'Protokollet är inte upprättat ännu.', en: 'The minutes have not been drafted yet.' },
  'minutes-already-approved': { sv: 'Protokollet är redan justerat.', en: 'The minutes are already approved.' },
  'minutes-not-approved': { sv: 'Protokollet är inte justerat ännu.', en: 'The minutes have not been approved yet.' },
  'minutes-already-published': { sv: 'Protokollet är redan publicerat.', en: 'The minutes are already published.' },
  'minutes-approved': {
    sv: 'Protokollet är justerat och kan inte ändras. Rätta det i stället.',
    en: 'The minutes are approved and cannot change. Correct them instead.',
  },
};

export const MEETING_RULES: RuleTexts = {
  text: (rule, language) => (Object.prototype.hasOwnProperty.call(MEETING_RULE_TEXTS, rule) ? MEETING_RULE_TEXTS[rule as MeetingRule][language] : undefined),
  fields: {
    'reason-required': 'reason',
    'ends-before-start': 'endsAt',
    'deadline-after-start': 'agendaDeadline',
    'place-or-link-required': 'place',
    'unknown-outcome-status': 'status',
    'position-required': 'positionText',
    'item-has-outcome': 'itemId',
    'outcome-already-recorded': 'itemId',
    'item-not-on-agenda': 'itemId',
    'adjusters-required': 'adjuster1Name',
    'amendment-empty': 'add1Title',
  },
};

/** What a person reads when the annual wheel's rules refuse a form (year-wheel.decider.ts). Complete by type. */
export const YEAR_WHEEL_RULE_TEXTS: Record<YearWheelRule, Label> = {
  'invalid-year': { sv: 'Året finns inte i samverkan (2019–2100).', en: 'The year is outside the collaboration (2019–2100).' },
  'year-wheel-empty': { sv: 'Årshjulet behöver minst ett sammanträde.', en: 'The wheel needs at least one meeting.' },
  'unknown-forum': { sv: 'Välj ett av Samverkan Värmlands forum.', en: 'Choose one of the forums of Samverkan Värmland.' },
  'invalid-date-time': { sv: 'Skriv en dag och en tid.', en: 'Enter a day and a time.' },
  'meeting-outside-year': { sv: 'Sammanträdet ligger utanför året.', en: 'The meeting is outside the year.' },
  'deadline-after-start': { sv: 'Sista dag för ärenden måste vara före sammanträdet.', en: 'The deadline for items must be before the meeting.' },
  'duplicate-meeting': { sv: 'Samma sammanträde finns två gånger.', en: 'The same meeting is there twice.' },
  'required-field-blank': { sv: 'Fältet får inte vara tomt.', en: 'The field must not be blank.' },
  'invalid-month': { sv: 'Välj en månad.', en: 'Choose a month.' },
  'nothing-to-adopt': { sv: 'Det finns inget förslag att fastställa.', en: 'There is no proposal to adopt.' },
  'meeting-ids-mismatch': { sv: 'Sammanträdena stämmer inte med förslaget.', en: 'The meetings do not match the proposal.' },
  'unknown-meeting': { sv: 'Sammanträdet finns inte.', en: 'The meeting does not exist.' },
};

export const YEAR_WHEEL_RULES: RuleTexts = {
  text: (rule, language) =>
    Object.prototype.hasOwnProperty.call(YEAR_WHEEL_RULE_TEXTS, rule) ? YEAR_WHEEL_RULE_TEXTS[rule as YearWheelRule][language] : undefined,
};
