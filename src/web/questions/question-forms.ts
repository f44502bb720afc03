import type { Action } from '../../auth/access-policy';
import type { Actor } from '../../event-store/event-store.port';
import type { Language } from '../../http/accept-language';
import {
  AcceptQuestionDto,
  AnswerConsultationDto,
  AttachDecisionDocumentDto,
  CorrectMemberDecisionDto,
  type DecisionBody,
  EffectiveDateDto,
  type DecisionOutcome,
  MoveQuestionDto,
  OpenConsultationDto,
  type QuestionCommand,
  type QuestionCommandType,
  type QuestionLogic,
  type QuestionRaiser,
  RaiseQuestionDto,
  ReasonDto,
  RecordDialogueDto,
  RecordFeedbackDto,
  RecordMemberDecisionDto,
  SubmitInputDto,
  TakePositionDto,
  consultationIdCreatedBy,
  questionIdCreatedBy,
} from '../../questions';
import { DECISION_BODY_LABELS, DECISION_OUTCOME_LABELS, type ExistingQuestionState, LOGIC_LABELS, type Label, isEndedStage } from '../../questions/contract';
import { FORUMS, type ForumId } from '../../reference-data/forums';
import { ORGANISATIONS, type OrganisationId } from '../../reference-data/organisations';
import { Field, FieldOption, FormValues, chosen, given } from '../forms/form';
import type { CommandForm, CommandFormContext, FormDirectory } from '../forms/form-flow';
import { mayGive, organisationsFor } from '../forms/may-give';
import { area, date, label, text, withEffectiveDate } from '../forms/fields';

/**
 * A form per question command (docs/web.md "Forms"): its fields, when the
 * question's state admits it, the request body the API would get (validated
 * by the API's own DTO), and the command it gives. TableQuestion has no form:
 * a meeting item's "continued" outcome gives it.
 */
/** `state` is undefined when raising: there is no question yet. */
export type QuestionFormContext = CommandFormContext<ExistingQuestionState>;

type Body = Record<string, unknown>;

/** A question command's form; its `action` is the command's type. */
export type QuestionForm = CommandForm<ExistingQuestionState, QuestionCommand> & { action: QuestionCommandType };

/** Without the register's (a form drawn outside a page), the default data's organisations and forums. */
const DEFAULT_DIRECTORY: FormDirectory = { organisations: ORGANISATIONS, forums: FORUMS };

/** Every organisation the register knows: the candidates an organisation-scoped form chooses among. */
const idsOf = (directory: FormDirectory | undefined): string[] => (directory ?? DEFAULT_DIRECTORY).organisations.map((organisation) => organisation.id);

function organisationOptions(ids: readonly string[], directory: FormDirectory | undefined): FieldOption[] {
  return (directory ?? DEFAULT_DIRECTORY).organisations
    .filter((organisation) => ids.includes(organisation.id))
    .map((organisation) => ({ value: organisation.id, label: organisation.name }));
}

function forumOptions(language: Language, directory: FormDirectory | undefined, except?: string | null): FieldOption[] {
  return (directory ?? DEFAULT_DIRECTORY).forums
    .filter((forum) => forum.id !== except)
    .map((forum) => ({ value: forum.id, label: language === 'en' ? forum.nameEn : forum.nameSv }));
}

function labelled<K extends string>(labels: Record<K, Label>, language: Language): FieldOption[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value][language] }));
}

const reason = (language: Language): Field => area('reason', label('Skäl', 'Reason'), language, { maxLength: 2000 });
const organisation = (language: Language, directory: FormDirectory | undefined, ids: readonly string[], name = 'organisationId'): Field => ({
  name,
  kind: 'select',
  label: language === 'en' ? 'Member organisation' : 'Medlemsorganisation',
  options: organisationOptions(ids, directory),
});

/** The organisations named in the position in force that have not decided, for whom the actor may record. */
function undecided({ state, actor }: Pick<QuestionFormContext, 'state' | 'actor'>): OrganisationId[] {
  return state?.position ? organisationsFor(actor, 'RecordMemberDecision', state.pendingDecisions) : [];
}

function decided({ state, actor }: Pick<QuestionFormContext, 'state' | 'actor'>): OrganisationId[] {
  const ids = Object.keys(state?.memberDecisions ?? {}).filter((id) => state?.memberDecisions[id]);
  return organisationsFor(actor, 'CorrectMemberDecision', ids);
}

/** Organisations named in the position in force, or that decided on an earlier one: those who report feedback at home. */
function involved({ state, actor }: Pick<QuestionFormContext, 'state' | 'actor'>): OrganisationId[] {
  const ids = [
    ...new Set([
      ...(state?.position?.organisationsToDecide ?? []),
      ...(state?.earlierPositions ?? []).flatMap((earlier) => Object.keys(earlier.memberDecisions)),
    ]),
  ].filter((id) => state?.position?.organisationsToDecide.includes(id) || state?.earlierPositions.some((earlier) => earlier.memberDecisions[id]));
  return organisationsFor(actor, 'RecordFeedbackAtHome', ids);
}

function openConsultations(state: ExistingQuestionState | undefined) {
  return (state?.consultations ?? []).filter((consultation) => consultation.status === 'open');
}

function answering({ state, actor }: Pick<QuestionFormContext, 'state' | 'actor'>): OrganisationId[] {
  const parties = new Set(openConsultations(state).flatMap((consultation) => consultation.parties));
  return organisationsFor(actor, 'AnswerConsultation', [...parties]);
}

const isAccepted = (state: ExistingQuestionState) => state.stage !== 'raised' && !isEndedStage(state.stage);
const beforePosition = (state: ExistingQuestionState) => isAccepted(state) && !state.position;

const decisionFields = (language: Language, directory: FormDirectory | undefined, ids: readonly string[]): Field[] => [
  organisation(language, directory, ids),
  { name: 'body', kind: 'select', label: language === 'en' ? 'Deciding body' : 'Beslutande organ', options: labelled(DECISION_BODY_LABELS, language) },
  text('bodyName', label('Organets namn', 'Name of the body'), language, {
    optional: true,
    hint: language === 'en' ? 'For a committee: its name' : 'För en nämnd: dess namn',
    maxLength: 200,
  }),
  date('decidedOn', label('Beslutsdatum', 'Decided on'), language),
  { name: 'outcome', kind: 'radios', label: language === 'en' ? 'Outcome' : 'Utfall', options: labelled(DECISION_OUTCOME_LABELS, language) },
  text('reference', label('Referens (protokollsparagraf)', 'Reference (minutes paragraph)'), language, {
    hint: language === 'en' ? 'For example KS 2027-03-04 § 45' : 'Till exempel KS 2027-03-04 § 45',
    maxLength: 200,
  }),
  area('note', label('Anteckning', 'Note'), language, { optional: true, maxLength: 5000 }),
];

function decisionBody(values: FormValues): Body {
  return {
    body: values.body,
    ...(given(values, 'bodyName') ? { bodyName: values.bodyName } : {}),
    decidedOn: values.decidedOn,
    outcome: values.outcome,
    reference: values.reference,
    ...(given(values, 'note') ? { note: values.note } : {}),
  };
}

function decisionDetails(body: Body) {
  return {
    body: body.body as DecisionBody,
    decidedOn: body.decidedOn as string,
    outcome: body.outcome as DecisionOutcome,
    reference: body.reference as string,
    ...(body.bodyName !== undefined ? { bodyName: body.bodyName as string } : {}),
    ...(body.note !== undefined ? { note: body.note as string } : {}),
  };
}

const reasonForm = (
  slug: string,
  action: 'DeclineQuestion' | 'SendBackToDialogue' | 'CloseQuestion' | 'WithdrawQuestion' | 'ReopenQuestion',
  title: Label,
  submit: Label,
  fits: (state: ExistingQuestionState) => boolean,
): QuestionForm => ({
  slug,
  action,
  title,
  submit,
  fits: ({ state }) => fits(state),
  fields: ({ language }) => [reason(language)],
  dto: ReasonDto,
  body: (values) => ({ reason: values.reason }),
  command: (questionId, body) => ({ type: action, data: { questionId, reason: body.reason as string } }),
});

/** Raising a question: the form that makes a new question (at /web/questions/new), with the day it happened. */
export const RAISE_FORM: QuestionForm = withEffectiveDate<QuestionFormContext, QuestionForm>({
  slug: 'new',
  action: 'RaiseQuestion',
  title: label('Väck en fråga', 'Raise a question'),
  submit: label('Väck frågan', 'Raise the question'),
  fits: () => true,
  fields: ({ actor, language, directory }) => [
    text('title', label('Rubrik', 'Title'), language),
    area('description', label('Beskrivning', 'Description'), language, {
      hint:
        language === 'en'
          ? 'What the question is about and why it concerns the region and the municipalities'
          : 'Vad frågan gäller och varför den rör både region och kommuner',
      maxLength: 10_000,
    }),
    text('topicArea', label('Sakområde', 'Topic area'), language, { maxLength: 200 }),
    {
      name: 'raisedBy',
      kind: 'select',
      label: language === 'en' ? 'Raised by' : 'Väcks av',
      options: [
        ...organisationOptions(organisationsFor(actor, 'RaiseQuestion', idsOf(directory)), directory),
        // A question raised in a forum's name is done for no organisation: only roles acting for the whole collaboration may.
        ...(mayGive(actor, 'RaiseQuestion') ? forumOptions(language, directory).map((option) => ({ ...option, value: `forum:${option.value}` })) : []),
      ],
    },
    text('documentTitle', label('Dokumentets titel', 'Title of a document'), language, { optional: true, path: 'documents.0.title' }),
    { name: 'documentUrl', kind: 'url', label: language === 'en' ? 'Address of the document' : 'Dokumentets adress', optional: true, path: 'documents.0.url' },
  ],
  initial: ({ actor }) => ({ raisedBy: mayGive(actor, 'RaiseQuestion', actor.organisationId) ? actor.organisationId : '' }),
  dto: RaiseQuestionDto,
  body: (values) => {
    const raiser = typeof values.raisedBy === 'string' ? values.raisedBy : '';
    const documentTitle = given(values, 'documentTitle');
    const documentUrl = given(values, 'documentUrl');
    return {
      title: values.title,
      description: values.description,
      topicArea: values.topicArea,
      raisedBy: raiser.startsWith('forum:') ? { kind: 'forum', id: raiser.slice('forum:'.length) } : { kind: 'organisation', id: raiser },
      documents: documentTitle || documentUrl ? [{ title: documentTitle ?? '', url: documentUrl ?? '' }] : [],
    };
  },
  command: (_questionId, body, commandId) => {
    const raise = body as unknown as RaiseQuestionDto;
    return {
      type: 'RaiseQuestion',
      data: {
        questionId: questionIdCreatedBy(commandId),
        title: raise.title,
        description: raise.description,
        raisedBy: raise.raisedBy as QuestionRaiser,
        topicArea: raise.topicArea,
        documents: (raise.documents ?? []).map(({ title, url }) => ({ title, url })),
      },
    };
  },
});

/** The forms on an existing question, in the order the page offers them (the process's order). */
const FORMS_ON_A_QUESTION: readonly QuestionForm[] = [
  {
    slug: 'accept',
    action: 'AcceptQuestion',
    title: label('Bered frågan', 'Accept the question'),
    submit: label('Bered frågan', 'Accept the question'),
    fits: ({ state }) => state.stage === 'raised',
    fields: ({ language, directory }) => [
      { name: 'forum', kind: 'select', label: 'Forum', options: forumOptions(language, directory) },
      { name: 'logic', kind: 'radios', label: language === 'en' ? 'Logic' : 'Logik', options: labelled(LOGIC_LABELS, language) },
      text('responsibleGivenName', label('Ansvarig tjänsteperson: förnamn', 'Responsible official: given name'), language, {
        path: 'responsible.givenName',
        maxLength: 100,
      }),
      text('responsibleFamilyName', label('Ansvarig tjänsteperson: efternamn', 'Responsible official: family name'), language, {
        path: 'responsible.familyName',
        maxLength: 100,
      }),
      {
        ...organisation(language, directory, idsOf(directory), 'responsibleOrganisation'),
        path: 'responsible.organisationId',
        label: language === 'en' ? "Responsible official's organisation" : 'Ansvarig tjänstepersons organisation',
      },
    ],
    dto: AcceptQuestionDto,
    body: (values) => ({
      forum: values.forum,
      logic: values.logic,
      responsible: { givenName: values.responsibleGivenName, familyName: values.responsibleFamilyName, organisationId: values.responsibleOrganisation },
    }),
    command: (questionId, body) => {
      const { forum, logic, responsible } = body as {
        forum: ForumId;
        logic: QuestionLogic;
        responsible: { givenName: string; familyName: string; organisationId: OrganisationId };
      };
      return { type: 'AcceptQuestion', data: { questionId, forum, logic, responsible } };
    },
  },
  reasonForm(
    'decline',
    'DeclineQuestion',
    label('Avvisa frågan', 'Decline the question'),
    label('Avvisa frågan', 'Decline the question'),
    (state) => state.stage === 'raised',
  ),
  {
    slug: 'move',
    action: 'MoveQuestionToForum',
    title: label('Flytta frågan till ett annat forum', 'Move the question to another forum'),
    submit: label('Flytta frågan', 'Move the question'),
    fits: ({ state }) => isAccepted(state),
    fields: ({ state, language, directory }) => [
      { name: 'forum', kind: 'select', label: 'Forum', options: forumOptions(language, directory, state?.forum) },
      reason(language),
    ],
    dto: MoveQuestionDto,
    body: (values) => ({ forum: values.forum, reason: values.reason }),
    command: (questionId, body) => ({ type: 'MoveQuestionToForum', data: { questionId, forum: body.forum as ForumId, reason: body.reason as string } }),
  },
  {
    slug: 'dialogue',
    action: 'RecordDialogue',
    title: label('Registrera förd dialog', 'Record a dialogue'),
    submit: label('Registrera dialogen', 'Record the dialogue'),
    anchor: 'timeline',
    fits: ({ state }) => beforePosition(state),
    fields: ({ language, directory }) => [
      { name: 'forum', kind: 'select', label: 'Forum', options: forumOptions(language, directory) },
      date('heldOn', label('Datum', 'Held on'), language),
      area('summary', label('Sammanfattning', 'Summary'), language, { maxLength: 10_000 }),
      text('meetingReference', label('Sammanträde och paragraf', 'Meeting and item'), language, { optional: true }),
    ],
    initial: ({ state }) => ({ forum: state?.forum ?? '' }),
    dto: RecordDialogueDto,
    body: (values) => ({
      forum: values.forum,
      heldOn: values.heldOn,
      summary: values.summary,
      ...(given(values, 'meetingReference') ? { meetingReference: values.meetingReference } : {}),
    }),
    command: (questionId, body) => ({
      type: 'RecordDialogue',
      data: {
        questionId,
        forum: body.forum as ForumId,
        heldOn: body.heldOn as string,
        summary: body.summary as string,
        ...(body.meetingReference !== undefined ? { meetingReference: body.meetingReference as string } : {}),
      },
    }),
  },
  {
    slug: 'input',
    action: 'SubmitInput',
    title: label('Lämna inspel', 'Submit input'),
    submit: label('Lämna inspelet', 'Submit the input'),
    anchor: 'timeline',
    fits: (context) => beforePosition(context.state) && organisationsFor(context.actor, 'SubmitInput', idsOf(context.directory)).length > 0,
    fields: ({ actor, language, directory }) => [
      organisation(language, directory, organisationsFor(actor, 'SubmitInput', idsOf(directory))),
      area('content', label('Inspel', 'Input'), language, { maxLength: 10_000 }),
    ],
    dto: SubmitInputDto,
    body: (values) => ({ organisationId: values.organisationId, content: values.content }),
    command: (questionId, body) => ({
      type: 'SubmitInput',
      data: { questionId, organisationId: body.organisationId as OrganisationId, content: body.content as string },
    }),
  },
  {
    slug: 'consultation',
    action: 'OpenConsultation',
    title: label('Skicka ut på remiss', 'Open a consultation'),
    submit: label('Skicka ut remissen', 'Open the consultation'),
    anchor: 'timeline',
    fits: ({ state }) => beforePosition(state),
    fields: ({ language, directory }) => [
      text('subject', label('Vad remissen gäller', 'Subject'), language, { maxLength: 500 }),
      { name: 'parties', kind: 'checkboxes', label: language === 'en' ? 'Sent to' : 'Skickas till', options: organisationOptions(idsOf(directory), directory) },
      date('answerBy', label('Svar senast', 'Answer by'), language),
    ],
    dto: OpenConsultationDto,
    body: (values) => ({ subject: values.subject, parties: chosen(values, 'parties'), answerBy: values.answerBy }),
    command: (questionId, body, commandId) => ({
      type: 'OpenConsultation',
      data: {
        questionId,
        consultationId: consultationIdCreatedBy(commandId),
        subject: body.subject as string,
        parties: [...(body.parties as OrganisationId[])],
        answerBy: body.answerBy as string,
      },
    }),
  },
  {
    slug: 'consultation-answer',
    action: 'AnswerConsultation',
    title: label('Lämna remissvar', 'Answer a consultation'),
    submit: label('Lämna svaret', 'Send the answer'),
    anchor: 'timeline',
    fits: (context) => answering(context).length > 0,
    fields: (context) => [
      {
        name: 'consultationId',
        kind: 'select',
        label: context.language === 'en' ? 'Consultation' : 'Remiss',
        options: openConsultations(context.state).map((consultation) => ({
          value: consultation.id,
          label: `${consultation.subject} (${consultation.answerBy})`,
        })),
      },
      organisation(context.language, context.directory, answering(context)),
      area('answer', label('Svar', 'Answer'), context.language, { maxLength: 20_000 }),
    ],
    dto: AnswerConsultationDto,
    // The consultation is in the path of the API's route, not its body: checked here as the path pipe checks it there.
    body: (values) => ({ organisationId: values.organisationId, answer: values.answer }),
    command: (questionId, body, _commandId, values) => ({
      type: 'AnswerConsultation',
      data: { questionId, consultationId: String(values.consultationId), organisationId: body.organisationId as OrganisationId, answer: body.answer as string },
    }),
  },
  {
    slug: 'consultation-close',
    action: 'CloseConsultation',
    title: label('Avsluta remiss', 'Close a consultation'),
    submit: label('Avsluta remissen', 'Close the consultation'),
    anchor: 'timeline',
    fits: ({ state }) => openConsultations(state).length > 0,
    fields: ({ state, language }) => [
      {
        name: 'consultationId',
        kind: 'radios',
        label: language === 'en' ? 'Consultation' : 'Remiss',
        options: openConsultations(state).map((consultation) => ({ value: consultation.id, label: `${consultation.subject} (${consultation.answerBy})` })),
      },
    ],
    // The consultation is in the path of the API's route; its body names at most the day it happened.
    dto: EffectiveDateDto,
    body: () => ({}),
    command: (questionId, _body, _commandId, values) => ({ type: 'CloseConsultation', data: { questionId, consultationId: String(values.consultationId) } }),
  },
  {
    slug: 'decision-document',
    action: 'AttachDecisionDocument',
    title: label('Bifoga beslutsunderlag', 'Attach a decision document'),
    submit: label('Bifoga underlaget', 'Attach the document'),
    anchor: 'documents',
    fits: ({ state }) => beforePosition(state),
    fields: ({ language }) => [
      text('reference', label('Diarienummer eller beteckning', 'Reference'), language, { maxLength: 200 }),
      text('title', label('Titel', 'Title'), language),
      area('proposedPosition', label('Förslag till ställningstagande', 'Proposed position'), language, { maxLength: 10_000 }),
      { name: 'url', kind: 'url', label: language === 'en' ? 'Address of the document' : 'Dokumentets adress', optional: true },
    ],
    dto: AttachDecisionDocumentDto,
    body: (values) => ({
      reference: values.reference,
      title: values.title,
      proposedPosition: values.proposedPosition,
      ...(given(values, 'url') ? { url: values.url } : {}),
    }),
    command: (questionId, body) => ({
      type: 'AttachDecisionDocument',
      data: {
        questionId,
        reference: body.reference as string,
        title: body.title as string,
        proposedPosition: body.proposedPosition as string,
        ...(body.url !== undefined ? { url: body.url as string } : {}),
      },
    }),
  },
  {
    slug: 'position',
    action: 'TakePosition',
    title: label('Ta ställning', 'Take a position'),
    submit: label('Ta ställning', 'Take the position'),
    anchor: 'position',
    fits: ({ state }) => beforePosition(state) && state.decisionDocuments.length > 0,
    fields: ({ language, directory }) => [
      area('text', label('Ställningstagande', 'Position'), language, { maxLength: 10_000 }),
      {
        name: 'organisationsToDecide',
        kind: 'checkboxes',
        label: language === 'en' ? 'Organisations to decide' : 'Organisationer som ska besluta',
        options: organisationOptions(idsOf(directory), directory),
      },
      date('decideBy', label('Beslut senast', 'Decide by'), language),
      text('meetingReference', label('Sammanträde och paragraf', 'Meeting and item'), language, { optional: true, maxLength: 200 }),
    ],
    // The proposal of the latest decision document is where the chairs start from.
    initial: ({ state }) => ({ text: state?.decisionDocuments.at(-1)?.proposedPosition ?? '' }),
    dto: TakePositionDto,
    body: (values) => ({
      text: values.text,
      organisationsToDecide: chosen(values, 'organisationsToDecide'),
      decideBy: values.decideBy,
      ...(given(values, 'meetingReference') ? { meetingReference: values.meetingReference } : {}),
    }),
    command: (questionId, body) => ({
      type: 'TakePosition',
      data: {
        questionId,
        text: body.text as string,
        organisationsToDecide: [...(body.organisationsToDecide as OrganisationId[])],
        decideBy: body.decideBy as string,
        ...(body.meetingReference !== undefined ? { meetingReference: body.meetingReference as string } : {}),
      },
    }),
  },
  reasonForm(
    'send-back',
    'SendBackToDialogue',
    label('Återförvisa ställningstagandet till dialog', 'Send the position back to dialogue'),
    label('Återförvisa', 'Send back'),
    (state) => state.position !== null && !isEndedStage(state.stage),
  ),
  {
    slug: 'decision',
    action: 'RecordMemberDecision',
    title: label('Registrera beslut i medlemsorganisation', "Record a member organisation's decision"),
    submit: label('Registrera beslutet', 'Record the decision'),
    anchor: 'decisions',
    fits: (context) => !isEndedStage(context.state.stage) && undecided(context).length > 0,
    fields: (context) => decisionFields(context.language, context.directory, undecided(context)),
    dto: RecordMemberDecisionDto,
    body: (values) => ({ organisationId: values.organisationId, ...decisionBody(values) }),
    command: (questionId, body) => ({
      type: 'RecordMemberDecision',
      data: { questionId, organisationId: body.organisationId as OrganisationId, ...decisionDetails(body) },
    }),
  },
  {
    slug: 'correction',
    action: 'CorrectMemberDecision',
    title: label('Rätta registrerat beslut', 'Correct a recorded decision'),
    submit: label('Rätta beslutet', 'Correct the decision'),
    anchor: 'decisions',
    fits: (context) => !isEndedStage(context.state.stage) && decided(context).length > 0,
    fields: (context) => [...decisionFields(context.language, context.directory, decided(context)), reason(context.language)],
    // Asked for one organisation's decision (?organisationId=): the form starts from it as recorded.
    initial: ({ state }, asked): FormValues => {
      const current = typeof asked.organisationId === 'string' ? state?.memberDecisions[asked.organisationId as OrganisationId]?.current : undefined;
      if (!current) return {};
      return {
        body: current.body,
        bodyName: current.bodyName ?? '',
        decidedOn: current.decidedOn,
        outcome: current.outcome,
        reference: current.reference,
        note: current.note ?? '',
      };
    },
    dto: CorrectMemberDecisionDto,
    // The organisation is in the path of the API's route, not its body.
    body: (values) => ({ ...decisionBody(values), reason: values.reason }),
    command: (questionId, body, _commandId, values) => ({
      type: 'CorrectMemberDecision',
      data: { questionId, organisationId: String(values.organisationId) as OrganisationId, reason: body.reason as string, ...decisionDetails(body) },
    }),
  },
  {
    slug: 'feedback',
    action: 'RecordFeedbackAtHome',
    title: label('Registrera återkoppling på hemmaplan', 'Report feedback at home'),
    submit: label('Registrera återkopplingen', 'Record the feedback'),
    anchor: 'timeline',
    fits: (context) => !isEndedStage(context.state.stage) && involved(context).length > 0,
    fields: (context) => [
      organisation(context.language, context.directory, involved(context)),
      text('reportedTo', label('Återkopplat till', 'Reported to'), context.language, {
        hint: context.language === 'en' ? 'For example the municipal executive board' : 'Till exempel kommunstyrelsen',
      }),
      date('reportedOn', label('Datum', 'Reported on'), context.language),
      area('summary', label('Sammanfattning', 'Summary'), context.language, { optional: true, maxLength: 5000 }),
    ],
    dto: RecordFeedbackDto,
    body: (values) => ({
      organisationId: values.organisationId,
      reportedTo: values.reportedTo,
      reportedOn: values.reportedOn,
      ...(given(values, 'summary') ? { summary: values.summary } : {}),
    }),
    command: (questionId, body) => ({
      type: 'RecordFeedbackAtHome',
      data: {
        questionId,
        organisationId: body.organisationId as OrganisationId,
        reportedTo: body.reportedTo as string,
        reportedOn: body.reportedOn as string,
        ...(body.summary !== undefined ? { summary: body.summary as string } : {}),
      },
    }),
  },
  reasonForm('close', 'CloseQuestion', label('Avsluta frågan', 'Close the question'), label('Avsluta frågan', 'Close the question'), (state) =>
    isAccepted(state),
  ),
  reasonForm(
    'withdraw',
    'WithdrawQuestion',
    label('Återkalla frågan', 'Withdraw the question'),
    label('Återkalla frågan', 'Withdraw the question'),
    (state) => !isEndedStage(state.stage),
  ),
  reasonForm('reopen', 'ReopenQuestion', label('Återöppna frågan', 'Reopen the question'), label('Återöppna frågan', 'Reopen the question'), (state) =>
    isEndedStage(state.stage),
  ),
];

/** Every form on an existing question, each ending with the day it happened ("Datum då det skedde"), as every question command may name one. */
export const QUESTION_FORMS: readonly QuestionForm[] = FORMS_ON_A_QUESTION.map((form) => withEffectiveDate<QuestionFormContext, QuestionForm>(form));

export function questionForm(slug: string): QuestionForm | undefined {
  return QUESTION_FORMS.find((form) => form.slug === slug);
}

/** The forms the page offers the actor on this question: those its role and organisation may give and the question admits now. */
export function formsOffered(context: Required<QuestionFormContext>): QuestionForm[] {
  return QUESTION_FORMS.filter((form) => mayGiveAtAll(context.actor, form.action) && form.fits(context));
}

/** The role may give the command for someone: itself, or (organisation-scoped) at least its own organisation. */
export function mayGiveAtAll(actor: Actor, action: Action): boolean {
  return mayGive(actor, action) || mayGive(actor, action, actor.organisationId);
}
