import type { Actor } from '../../event-store/event-store.port';
import type { Language } from '../../http/accept-language';
import {
  AGENDA_ITEM_KINDS,
  AGENDA_ITEM_LOGICS,
  type AgendaItemInput,
  type AgendaItemKind,
  type AgendaItemLogic,
  AmendAgendaDto,
  CancelMeetingDto,
  CorrectMinutesDto,
  DraftMinutesDto,
  type ExistingMeetingState,
  type ItemOutcomeStatus,
  type MeetingCommand,
  RecordAttendanceDto,
  RecordItemOutcomeDto,
  RescheduleMeetingDto,
  ScheduleMeetingDto,
  SetAgendaDto,
  meetingIdCreatedBy,
} from '../../meetings';
import { FORUMS } from '../../reference-data/forums';
import { ORGANISATIONS, type OrganisationId } from '../../reference-data/organisations';
import { Field, FieldOption, FormValues, chosen, given, swedishInstant, swedishLocal } from '../forms/form';
import type { CommandForm, CommandFormContext, Label, FormDirectory } from '../forms/form-flow';
import { mayGive } from '../forms/may-give';
import { area, label, text } from '../forms/fields';

/**
 * The secretary's and chairs' meeting commands as forms (docs/web.md
 * "Forms"): schedule, propose the agenda from the outstanding log, set it
 * (process or decision logic per item), publish it, record attendance and
 * each item's outcome, draft the minutes naming the adjusters, approve them
 * (justera, as the named adjuster), publish them; and the changes after
 * the fact, each with a reason: move the meeting, amend the published agenda,
 * correct the approved minutes; cancel.
 */
export type MeetingForm = CommandForm<ExistingMeetingState, MeetingCommand>;
type Context = CommandFormContext<ExistingMeetingState>;
type Body = Record<string, unknown>;

/** Extra empty rows on the agenda form, for items not in the proposal. */
const FREE_ROWS = 2;
/** Rows for new items on the amendment form. */
const ADDED_ROWS = 2;

const KIND_LABELS: Record<AgendaItemKind, Label> = {
  information: label('Information', 'Information'),
  dialogue: label('Dialog', 'Dialogue'),
  position: label('Ställningstagande', 'Position'),
  decision: label('Beslut', 'Decision'),
};
const LOGIC_LABELS: Record<AgendaItemLogic, Label> = {
  process: label('Processlogik', 'Process logic'),
  decision: label('Beslutslogik', 'Decision logic'),
};
const OUTCOME_LABELS: Record<ItemOutcomeStatus, Label> = {
  concluded: label('Avslutad', 'Concluded'),
  continued: label('Fortsätter (bordlagd)', 'Continued (tabled)'),
};

const options = <K extends string>(values: readonly K[], labels: Record<K, Label>, language: Language): FieldOption[] =>
  values.map((value) => ({ value, label: labels[value][language] }));
/** The register's organisations and forums (the page's directory); the default data's without it. */
const directoryOf = (directory: FormDirectory | undefined): FormDirectory => directory ?? { organisations: ORGANISATIONS, forums: FORUMS };
const forumOptions = (language: Language, directory: FormDirectory | undefined): FieldOption[] =>
  directoryOf(directory).forums.map((forum) => ({ value: forum.id, label: language === 'en' ? forum.nameEn : forum.nameSv }));
const organisationOptions = (directory: FormDirectory | undefined): FieldOption[] =>
  directoryOf(directory).organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }));

const open = (state: ExistingMeetingState) => !state.cancelled;
/** Nothing of the meeting's record exists yet (the decider also refuses a move once the meeting has started). */
const notHeld = (state: ExistingMeetingState) => state.attendance === null && state.outcomes.length === 0 && state.minutes === null;
const minutesOpen = (state: ExistingMeetingState) => open(state) && (state.minutes === null || state.minutes.status === 'draft');

/** The agenda the chair starts from: the agenda so far, or the proposal from the log. */
function agendaSource(state: ExistingMeetingState | undefined) {
  return state ? (state.agenda.length > 0 ? state.agenda : (state.proposedAgenda ?? [])) : [];
}

/**
 * The items still without an outcome that the actor may record: a position
 * item's outcome takes the position on its question, which only those who may
 * take positions may (the chair), so it is not offered to the rest.
 */
function itemsWithoutOutcome(state: ExistingMeetingState | undefined, actor: Actor) {
  return (state?.agenda ?? []).filter(
    (item) => !state?.outcomes.some((outcome) => outcome.itemId === item.itemId) && (item.kind !== 'position' || mayGive(actor, 'TakePosition')),
  );
}

function isUnsignedAdjuster(state: ExistingMeetingState, actor: Actor): boolean {
  const minutes = state.minutes;
  if (!minutes || minutes.status !== 'draft') return false;
  return (
    minutes.adjusters.some((adjuster) => adjuster.userId === actor.userId) &&
    !minutes.signatures.some((signature) => signature.adjuster.userId === actor.userId)
  );
}

/** The title, kind and logic of a new agenda item on row `row`, named `<prefix><row>Title` and so on. */
function itemRow(prefix: string, row: number, language: Language, what: Label): Field[] {
  return [
    {
      name: `${prefix}${row}Title`,
      kind: 'text',
      label: `${what[language]} ${row}: ${language === 'en' ? 'title' : 'rubrik'}`,
      hint: language === 'en' ? 'Leave empty to add nothing on this row' : 'Lämna tom för att inte lägga till något på raden',
      optional: true,
      maxLength: 300,
    },
    {
      name: `${prefix}${row}Kind`,
      kind: 'select',
      label: `${what[language]} ${row}: ${language === 'en' ? 'kind' : 'typ'}`,
      options: options(AGENDA_ITEM_KINDS, KIND_LABELS, language),
    },
    {
      name: `${prefix}${row}Logic`,
      kind: 'select',
      label: `${what[language]} ${row}: ${language === 'en' ? 'logic' : 'logik'}`,
      options: options(AGENDA_ITEM_LOGICS, LOGIC_LABELS, language),
    },
  ];
}

/** Agenda items still without an outcome: what an amendment may remove. */
const removable = (state: ExistingMeetingState | undefined) =>
  (state?.agenda ?? []).filter((item) => !state?.outcomes.some((outcome) => outcome.itemId === item.itemId));

const dateTime = (name: string, fieldLabel: Label, language: Language, optional = false): Field => ({
  name,
  kind: 'datetime-local',
  label: fieldLabel[language],
  hint: language === 'en' ? 'Day and time in Sweden' : 'Dag och tid (svensk tid)',
  optional,
});

/** Scheduling a meeting: the form that makes a new meeting (at /web/meetings/new). */
export const SCHEDULE_FORM: MeetingForm = {
  slug: 'new',
  action: 'ScheduleMeeting',
  title: label('Utlys ett sammanträde', 'Schedule a meeting'),
  submit: label('Utlys sammanträdet', 'Schedule the meeting'),
  fits: () => true,
  fields: ({ language, directory }) => [
    { name: 'forum', kind: 'select', label: 'Forum', options: forumOptions(language, directory) },
    { name: 'title', kind: 'text', label: language === 'en' ? 'Title' : 'Rubrik', optional: true, maxLength: 300 },
    dateTime('startsAt', label('Börjar', 'Starts'), language),
    dateTime('agendaDeadline', label('Sista dag för ärenden till presidiet', 'Deadline for agenda items'), language),
    { name: 'place', kind: 'text', label: language === 'en' ? 'Place' : 'Plats', optional: true, maxLength: 300 },
    { name: 'digitalLink', kind: 'url', label: language === 'en' ? 'Link to take part digitally' : 'Länk för digitalt deltagande', optional: true },
  ],
  dto: ScheduleMeetingDto,
  body: (values) => ({
    forum: values.forum,
    ...(given(values, 'title') ? { title: values.title } : {}),
    startsAt: swedishInstant(values.startsAt) ?? '',
    agendaDeadline: swedishInstant(values.agendaDeadline) ?? '',
    ...(given(values, 'place') ? { place: values.place } : {}),
    ...(given(values, 'digitalLink') ? { digitalLink: values.digitalLink } : {}),
  }),
  command: (_meetingId, body, commandId) => ({
    type: 'ScheduleMeeting',
    data: { meetingId: meetingIdCreatedBy(commandId), ...(body as Omit<Extract<MeetingCommand, { type: 'ScheduleMeeting' }>['data'], 'meetingId'>) },
  }),
};

/** Moving a meeting before it is held (flytta): the whole new schedule, drawn as it stands, with a reason. */
const RESCHEDULE_FORM: MeetingForm = {
  slug: 'reschedule',
  action: 'RescheduleMeeting',
  title: label('Flytta sammanträdet', 'Move the meeting'),
  submit: label('Flytta sammanträdet', 'Move the meeting'),
  fits: ({ state }) => open(state) && notHeld(state),
  fields: ({ language }) => [
    text('title', label('Ny rubrik', 'New title'), language, {
      optional: true,
      hint:
        language === 'en'
          ? 'Leave empty to keep the title (a title made of the forum and the day follows the new day)'
          : 'Lämna tom för att behålla rubriken (en rubrik av forum och dag följer med till den nya dagen)',
    }),
    dateTime('startsAt', label('Börjar', 'Starts'), language),
    dateTime('agendaDeadline', label('Sista dag för ärenden till presidiet', 'Deadline for agenda items'), language),
    text('place', label('Plats', 'Place'), language, { optional: true }),
    { name: 'digitalLink', kind: 'url', label: language === 'en' ? 'Link to take part digitally' : 'Länk för digitalt deltagande', optional: true },
    area('reason', label('Skäl', 'Reason'), language, { maxLength: 2000 }),
  ],
  initial: ({ state }): FormValues =>
    state
      ? {
          startsAt: swedishLocal(state.startsAt),
          agendaDeadline: swedishLocal(state.agendaDeadline),
          place: state.place ?? '',
          digitalLink: state.digitalLink ?? '',
        }
      : {},
  dto: RescheduleMeetingDto,
  body: (values) => ({
    ...(given(values, 'title') ? { title: values.title } : {}),
    startsAt: swedishInstant(values.startsAt) ?? '',
    agendaDeadline: swedishInstant(values.agendaDeadline) ?? '',
    ...(given(values, 'place') ? { place: values.place } : {}),
    ...(given(values, 'digitalLink') ? { digitalLink: values.digitalLink } : {}),
    reason: values.reason,
  }),
  command: (meetingId, body) => ({
    type: 'RescheduleMeeting',
    data: { meetingId, ...(body as Omit<Extract<MeetingCommand, { type: 'RescheduleMeeting' }>['data'], 'meetingId'>) },
  }),
};

/** Every form on an existing meeting, in the order a meeting runs. */
export const MEETING_FORMS: readonly MeetingForm[] = [
  RESCHEDULE_FORM,
  {
    slug: 'propose-agenda',
    action: 'ProposeAgenda',
    title: label('Föreslå dagordning ur utestående logg', 'Propose the agenda from the outstanding log'),
    submit: label('Föreslå dagordning', 'Propose the agenda'),
    anchor: 'agenda',
    fits: ({ state }) => open(state) && !state.agendaPublishedAt,
    fields: () => [],
    body: () => ({}),
    // The items are the log's and the earlier meetings' open items, found when the command is given (MeetingFormsController).
    command: (meetingId) => ({ type: 'ProposeAgenda', data: { meetingId, items: [] } }),
  },
  {
    slug: 'agenda',
    action: 'SetAgenda',
    title: label('Fastställ dagordning', 'Set the agenda'),
    submit: label('Fastställ dagordningen', 'Set the agenda'),
    anchor: 'agenda',
    fits: ({ state }) => open(state) && !state.agendaPublishedAt,
    fields: ({ state, language }) =>
      [...agendaSource(state).map((item) => item.title), ...Array<string>(FREE_ROWS).fill('')].flatMap((_title, index) => {
        const row = index + 1;
        return [
          {
            name: `item${row}Title`,
            kind: 'text' as const,
            label: language === 'en' ? `Item ${row}: title` : `Punkt ${row}: rubrik`,
            hint: language === 'en' ? 'Leave empty to leave the item out' : 'Lämna tom för att ta bort punkten',
            optional: true,
            maxLength: 300,
          },
          {
            name: `item${row}Kind`,
            kind: 'select' as const,
            label: language === 'en' ? `Item ${row}: kind` : `Punkt ${row}: typ`,
            options: options(AGENDA_ITEM_KINDS, KIND_LABELS, language),
          },
          {
            name: `item${row}Logic`,
            kind: 'select' as const,
            label: language === 'en' ? `Item ${row}: logic` : `Punkt ${row}: logik`,
            options: options(AGENDA_ITEM_LOGICS, LOGIC_LABELS, language),
          },
        ];
      }),
    initial: ({ state }) =>
      Object.fromEntries(
        agendaSource(state).flatMap((item, index) => [
          [`item${index + 1}Title`, item.title],
          [`item${index + 1}Kind`, item.kind],
          [`item${index + 1}Logic`, item.logic],
        ]),
      ),
    dto: SetAgendaDto,
    body: (values, { state }) => {
      const source = agendaSource(state);
      const items: Body[] = [];
      for (let row = 1; values[`item${row}Title`] !== undefined; row++) {
        const title = given(values, `item${row}Title`);
        if (!title) continue;
        // A row drawn from the proposal keeps its item's id, question, documents and origin.
        const from = source[row - 1];
        items.push({
          ...(from ? { itemId: from.itemId } : {}),
          title,
          kind: values[`item${row}Kind`],
          logic: values[`item${row}Logic`],
          ...(from?.questionId ? { questionId: from.questionId } : {}),
          documents: from ? from.documents.map((document) => ({ ...document })) : [],
          ...(from ? { origin: { ...from.origin } } : {}),
        });
      }
      return { items };
    },
    // A new row's item gets an id from the command's, as POST /meetings/:id/agenda gives one: a double submit names the same items.
    command: (meetingId, body, commandId) => ({
      type: 'SetAgenda',
      data: { meetingId, items: (body.items as AgendaItemInput[]).map((item, index) => ({ ...item, itemId: item.itemId ?? `${commandId}:${index}` })) },
    }),
  },
  {
    slug: 'publish-agenda',
    action: 'PublishAgenda',
    title: label('Publicera dagordning', 'Publish the agenda'),
    submit: label('Publicera dagordningen', 'Publish the agenda'),
    anchor: 'agenda',
    fits: ({ state }) => open(state) && state.agenda.length > 0 && !state.agendaPublishedAt,
    fields: () => [],
    body: () => ({}),
    command: (meetingId) => ({ type: 'PublishAgenda', data: { meetingId } }),
  },
  {
    slug: 'amend-agenda',
    action: 'AmendAgenda',
    title: label('Ändra publicerad dagordning', 'Amend the published agenda'),
    submit: label('Ändra dagordningen', 'Amend the agenda'),
    anchor: 'agenda',
    fits: ({ state }) => minutesOpen(state) && state.agendaPublishedAt !== null,
    fields: ({ state, language }) => [
      ...(removable(state).length > 0
        ? [
            {
              name: 'remove',
              kind: 'checkboxes' as const,
              label: language === 'en' ? 'Items to remove' : 'Punkter att ta bort',
              options: removable(state).map((item) => ({ value: item.itemId, label: `${item.title} (${KIND_LABELS[item.kind][language]})` })),
              optional: true,
              path: 'removeItemIds',
            },
          ]
        : []),
      ...Array.from({ length: ADDED_ROWS }, (_, index) => itemRow('add', index + 1, language, label('Ny punkt', 'New item'))).flat(),
      area('reason', label('Skäl', 'Reason'), language, { maxLength: 2000 }),
    ],
    dto: AmendAgendaDto,
    body: (values) => ({
      add: Array.from({ length: ADDED_ROWS }, (_, index) => index + 1)
        .filter((row) => given(values, `add${row}Title`))
        .map((row) => ({ title: values[`add${row}Title`], kind: values[`add${row}Kind`], logic: values[`add${row}Logic`], documents: [] })),
      removeItemIds: chosen(values, 'remove'),
      reason: values.reason,
    }),
    // An added item gets an id from the command's, as the API gives one: a double submit names the same items.
    command: (meetingId, body, commandId) => ({
      type: 'AmendAgenda',
      data: {
        meetingId,
        add: (body.add as Array<Omit<AgendaItemInput, 'itemId'>>).map((item, index) => ({ ...item, itemId: `${commandId}:${index}` })),
        removeItemIds: body.removeItemIds as string[],
        reason: body.reason as string,
      },
    }),
  },
  {
    slug: 'attendance',
    action: 'RecordAttendance',
    title: label('Registrera närvaro', 'Record attendance'),
    submit: label('Registrera närvaron', 'Record the attendance'),
    anchor: 'attendance',
    fits: ({ state }) => minutesOpen(state) && state.agendaPublishedAt !== null,
    fields: ({ language, directory }) =>
      directoryOf(directory).organisations.flatMap((organisation) => [
        {
          name: `${organisation.id}Status`,
          kind: 'select' as const,
          label: `${organisation.name}: ${language === 'en' ? 'attendance' : 'närvaro'}`,
          options: [
            { value: 'attended', label: language === 'en' ? 'Attended' : 'Närvarande' },
            { value: 'absent', label: language === 'en' ? 'Absent' : 'Frånvarande' },
          ],
          optional: true,
        },
        {
          name: `${organisation.id}Name`,
          kind: 'text' as const,
          label: `${organisation.name}: ${language === 'en' ? 'who' : 'vem'}`,
          optional: true,
          maxLength: 200,
        },
      ]),
    initial: ({ state }) =>
      Object.fromEntries(
        (state?.attendance ?? []).flatMap((entry) => [
          [`${entry.organisationId}Status`, entry.status],
          [`${entry.organisationId}Name`, entry.name ?? ''],
        ]),
      ),
    dto: RecordAttendanceDto,
    body: (values) => ({
      // One select per organisation, named <id>Status (ids are lower-case, so the suffix is unambiguous).
      attendance: Object.keys(values)
        .filter((key) => key.endsWith('Status') && given(values, key))
        .map((key) => key.slice(0, -'Status'.length))
        .map((organisationId) => ({
          organisationId,
          status: values[`${organisationId}Status`],
          ...(given(values, `${organisationId}Name`) ? { name: values[`${organisationId}Name`] } : {}),
        })),
    }),
    command: (meetingId, body) => ({
      type: 'RecordAttendance',
      data: {
        meetingId,
        attendance: (body.attendance as Array<{ organisationId: OrganisationId; status: 'attended' | 'absent'; name?: string }>).map((entry) => ({
          ...entry,
          digital: false,
        })),
      },
    }),
  },
  {
    slug: 'outcome',
    action: 'RecordItemOutcome',
    title: label('Registrera utfall av en punkt', "Record an item's outcome"),
    submit: label('Registrera utfallet', 'Record the outcome'),
    anchor: 'agenda',
    fits: ({ state, actor }) => minutesOpen(state) && state.attendance !== null && itemsWithoutOutcome(state, actor).length > 0,
    fields: ({ state, actor, language, directory }) => [
      {
        name: 'itemId',
        kind: 'select',
        label: language === 'en' ? 'Item' : 'Punkt',
        options: itemsWithoutOutcome(state, actor).map((item) => ({ value: item.itemId, label: `${item.title} (${KIND_LABELS[item.kind][language]})` })),
      },
      {
        name: 'status',
        kind: 'radios',
        label: language === 'en' ? 'Outcome' : 'Utfall',
        options: options(['concluded', 'continued'], OUTCOME_LABELS, language),
      },
      { name: 'summary', kind: 'textarea', label: language === 'en' ? 'Summary' : 'Sammanfattning', maxLength: 10_000 },
      {
        name: 'positionText',
        kind: 'textarea',
        label: language === 'en' ? 'Position (for a position item)' : 'Ställningstagande (för en ställningstagandepunkt)',
        optional: true,
        path: 'position.text',
      },
      {
        name: 'positionOrganisations',
        kind: 'checkboxes',
        label: language === 'en' ? 'Organisations to decide' : 'Organisationer som ska besluta',
        options: organisationOptions(directory),
        optional: true,
        path: 'position.organisationsToDecide',
      },
      { name: 'positionDecideBy', kind: 'date', label: language === 'en' ? 'Decide by' : 'Beslut senast', optional: true, path: 'position.decideBy' },
    ],
    dto: RecordItemOutcomeDto,
    body: (values) => ({
      status: values.status,
      summary: values.summary,
      ...(given(values, 'positionText')
        ? { position: { text: values.positionText, organisationsToDecide: chosen(values, 'positionOrganisations'), decideBy: values.positionDecideBy } }
        : {}),
    }),
    command: (meetingId, body, _commandId, values) => ({
      type: 'RecordItemOutcome',
      data: {
        meetingId,
        itemId: String(values.itemId),
        status: body.status as ItemOutcomeStatus,
        summary: body.summary as string,
        ...(body.position ? { position: body.position as { text: string; organisationsToDecide: OrganisationId[]; decideBy: string } } : {}),
      },
    }),
  },
  {
    slug: 'minutes',
    action: 'DraftMinutes',
    title: label('Upprätta protokoll', 'Draft the minutes'),
    submit: label('Upprätta protokollet', 'Draft the minutes'),
    anchor: 'minutes',
    fits: ({ state }) => minutesOpen(state) && state.attendance !== null,
    fields: ({ language, directory }) =>
      [1, 2].flatMap((row) => [
        {
          name: `adjuster${row}Name`,
          kind: 'text' as const,
          label: language === 'en' ? `Adjuster ${row}: name` : `Justerare ${row}: namn`,
          optional: row > 1,
          maxLength: 200,
        },
        {
          name: `adjuster${row}UserId`,
          kind: 'text' as const,
          label: language === 'en' ? `Adjuster ${row}: user id` : `Justerare ${row}: användar-id`,
          hint:
            language === 'en'
              ? 'The id the adjuster signs in with, to approve as themselves'
              : 'Det id justeraren loggar in med, för att justera som sig själv',
          optional: row > 1,
          maxLength: 200,
        },
        {
          name: `adjuster${row}Organisation`,
          kind: 'select' as const,
          label: language === 'en' ? `Adjuster ${row}: organisation` : `Justerare ${row}: organisation`,
          options: organisationOptions(directory),
          optional: true,
        },
      ]),
    dto: DraftMinutesDto,
    body: (values) => ({
      adjusters: [1, 2]
        .filter((row) => row === 1 || given(values, `adjuster${row}Name`) || given(values, `adjuster${row}UserId`))
        .map((row) => ({
          userId: values[`adjuster${row}UserId`],
          name: values[`adjuster${row}Name`],
          ...(given(values, `adjuster${row}Organisation`) ? { organisationId: values[`adjuster${row}Organisation`] } : {}),
        })),
    }),
    command: (meetingId, body) => ({
      type: 'DraftMinutes',
      data: { meetingId, adjusters: body.adjusters as Array<{ userId: string; name: string; organisationId?: OrganisationId }> },
    }),
  },
  {
    slug: 'approve-minutes',
    action: 'ApproveMinutes',
    title: label('Justera protokollet', 'Approve the minutes'),
    submit: label('Justera protokollet', 'Approve the minutes'),
    anchor: 'minutes',
    // Only a named adjuster who has not yet approved: the one who approves is the signed-in person.
    fits: ({ state, actor }) => open(state) && isUnsignedAdjuster(state, actor),
    fields: () => [],
    body: () => ({}),
    command: (meetingId) => ({ type: 'ApproveMinutes', data: { meetingId } }),
  },
  {
    slug: 'publish-minutes',
    action: 'PublishMinutes',
    title: label('Publicera protokoll', 'Publish the minutes'),
    submit: label('Publicera protokollet', 'Publish the minutes'),
    anchor: 'minutes',
    fits: ({ state }) => open(state) && state.minutes?.status === 'approved',
    fields: () => [],
    body: () => ({}),
    command: (meetingId) => ({ type: 'PublishMinutes', data: { meetingId } }),
  },
  {
    slug: 'correct-minutes',
    action: 'CorrectMinutes',
    title: label('Rätta justerat protokoll', 'Correct the approved minutes'),
    submit: label('Rätta protokollet', 'Correct the minutes'),
    anchor: 'minutes',
    // Approved minutes never change: a correction is recorded beside them, published or not.
    fits: ({ state }) => open(state) && Boolean(state.minutes?.approval),
    fields: ({ state, language }) => [
      {
        name: 'itemId',
        kind: 'select',
        label: language === 'en' ? 'Item corrected' : 'Punkt som rättas',
        hint: language === 'en' ? 'Leave unchosen for the minutes as a whole' : 'Välj ingen för protokollet som helhet',
        options: (state?.agenda ?? []).map((item, index) => ({ value: item.itemId, label: `§ ${index + 1} ${item.title}` })),
        optional: true,
      },
      area('correction', label('Rättelse', 'Correction'), language, { maxLength: 10_000 }),
      area('reason', label('Skäl', 'Reason'), language, { maxLength: 2000 }),
    ],
    dto: CorrectMinutesDto,
    body: (values) => ({ ...(given(values, 'itemId') ? { itemId: values.itemId } : {}), correction: values.correction, reason: values.reason }),
    command: (meetingId, body) => ({
      type: 'CorrectMinutes',
      data: {
        meetingId,
        ...(body.itemId ? { itemId: body.itemId as string } : {}),
        correction: body.correction as string,
        reason: body.reason as string,
      },
    }),
  },
  {
    slug: 'cancel',
    action: 'CancelMeeting',
    title: label('Ställ in sammanträdet', 'Cancel the meeting'),
    submit: label('Ställ in', 'Cancel the meeting'),
    fits: ({ state }) => open(state) && state.minutes === null,
    fields: ({ language }) => [{ name: 'reason', kind: 'textarea', label: language === 'en' ? 'Reason' : 'Skäl', maxLength: 2000 }],
    dto: CancelMeetingDto,
    body: (values) => ({ reason: values.reason }),
    command: (meetingId, body) => ({ type: 'CancelMeeting', data: { meetingId, reason: body.reason as string } }),
  },
];

export function meetingForm(slug: string): MeetingForm | undefined {
  return MEETING_FORMS.find((form) => form.slug === slug);
}

/** The meeting forms the page offers: those the role may give and the meeting admits now. */
export function meetingFormsOffered(context: Required<Context>): MeetingForm[] {
  return MEETING_FORMS.filter((form) => mayGive(context.actor, form.action) && form.fits(context));
}
