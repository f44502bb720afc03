import {
  ApproveAssignmentDto,
  type AssigningForum,
  type AssignmentCommand,
  CancelAssignmentDto,
  DELIVERABLE_KINDS,
  type DeliverableKind,
  DeliverAssignmentDto,
  type ExistingAssignmentState,
  ExtendAssignmentDto,
  GiveAssignmentDto,
  ProgressNoteDto,
  ReturnAssignmentDto,
  assignmentIdCreatedBy,
} from '../../assignments';
import type { Action } from '../../auth/access-policy';
import { FORUMS } from '../../reference-data/forums';
import { ORGANISATIONS, type OrganisationId } from '../../reference-data/organisations';
import { Label, given } from '../forms/form';
import type { CommandForm, CommandFormContext } from '../forms/form-flow';
import { mayGive } from '../forms/may-give';
import { area, date, label } from '../forms/fields';

/**
 * The working group's assignments as forms (docs/web.md "Forms"): give one
 * (specified in content and time, linked to a question), and along its life
 * accept, note progress, deliver, approve, return, extend with a reason,
 * cancel.
 */
export type AssignmentForm = CommandForm<ExistingAssignmentState, AssignmentCommand>;
type Context = CommandFormContext<ExistingAssignmentState>;

const DELIVERABLE_LABELS: Record<DeliverableKind, Label> = {
  'decision-document': label('Beslutsunderlag', 'Decision document'),
  other: label('Annat', 'Other'),
};

/** The forums that usually give an assignment in Värmland's default data, offered while no register answers. */
const DEFAULT_GIVING_FORUMS = ['chairs-council', 'council', 'working-group'];

/** Commands the responsible person gives are done for their organisation (access policy): may the actor give them for this assignment? */
const forResponsible =
  (action: Action) =>
  ({ state, actor }: Required<Context>) =>
    mayGive(actor, action, state.responsible.organisationId);
const open = (state: ExistingAssignmentState) => state.status !== 'approved' && state.status !== 'cancelled';

/** Giving an assignment: the form that makes a new one (at /web/assignments/new, `?questionId=` from a question's page). */
export const GIVE_FORM: AssignmentForm = {
  slug: 'new',
  action: 'GiveAssignment',
  title: label('Ge ett uppdrag', 'Give an assignment'),
  submit: label('Ge uppdraget', 'Give the assignment'),
  fits: () => true,
  fields: ({ language, directory }) => [
    {
      name: 'givenBy',
      kind: 'select',
      label: language === 'en' ? 'Given by' : 'Ges av',
      // Any forum the register knows gives assignments (docs/structure.md): the directory's, today's names.
      options: (directory?.forums ?? FORUMS.filter((forum) => DEFAULT_GIVING_FORUMS.includes(forum.id))).map((forum) => ({
        value: forum.id,
        label: language === 'en' ? forum.nameEn : forum.nameSv,
      })),
    },
    { name: 'title', kind: 'text', label: language === 'en' ? 'What is to be delivered' : 'Vad som ska levereras', maxLength: 300 },
    area('purpose', label('Syfte', 'Purpose'), language, { maxLength: 5000 }),
    area('description', label('Beskrivning', 'Description'), language, { optional: true, maxLength: 10_000 }),
    {
      name: 'deliverable',
      kind: 'radios',
      label: language === 'en' ? 'Deliverable' : 'Leverans',
      options: DELIVERABLE_KINDS.map((kind) => ({ value: kind, label: DELIVERABLE_LABELS[kind][language] })),
    },
    {
      name: 'questionId',
      kind: 'text',
      label: language === 'en' ? 'Linked question (id)' : 'Kopplad fråga (id)',
      hint: language === 'en' ? 'Filled in when the assignment is given from a question' : 'Fylls i när uppdraget ges från en fråga',
      optional: true,
      path: 'questionIds',
      maxLength: 36,
    },
    { name: 'responsibleName', kind: 'text', label: language === 'en' ? 'Responsible: name' : 'Ansvarig: namn', path: 'responsible.name', maxLength: 200 },
    {
      name: 'responsibleUserId',
      kind: 'text',
      label: language === 'en' ? 'Responsible: user id' : 'Ansvarig: användar-id',
      hint: language === 'en' ? 'The id the person signs in with' : 'Det id personen loggar in med',
      path: 'responsible.userId',
      maxLength: 200,
    },
    {
      name: 'responsibleOrganisation',
      kind: 'select',
      label: language === 'en' ? 'Responsible: organisation' : 'Ansvarig: organisation',
      options: (directory?.organisations ?? ORGANISATIONS).map((organisation) => ({ value: organisation.id, label: organisation.name })),
      path: 'responsible.organisationId',
    },
    {
      name: 'responsibleEmail',
      kind: 'text',
      label: language === 'en' ? 'Responsible: e-mail' : 'Ansvarig: e-post',
      optional: true,
      path: 'responsible.email',
    },
    date('dueDate', label('Klart senast', 'Due by'), language),
  ],
  initial: () => ({ givenBy: 'working-group', deliverable: 'decision-document' }),
  dto: GiveAssignmentDto,
  body: (values) => ({
    givenBy: values.givenBy,
    title: values.title,
    purpose: values.purpose,
    ...(given(values, 'description') ? { description: values.description } : {}),
    deliverable: values.deliverable,
    questionIds: given(values, 'questionId') ? [values.questionId] : [],
    responsible: {
      userId: values.responsibleUserId,
      name: values.responsibleName,
      organisationId: values.responsibleOrganisation,
      ...(given(values, 'responsibleEmail') ? { email: values.responsibleEmail } : {}),
    },
    dueDate: values.dueDate,
  }),
  command: (_id, body, commandId) => {
    const { givenBy, title, purpose, description, deliverable, questionIds, responsible, dueDate } = body as {
      givenBy: AssigningForum;
      title: string;
      purpose: string;
      description?: string;
      deliverable: DeliverableKind;
      questionIds: string[];
      responsible: { userId: string; name: string; organisationId: OrganisationId; email?: string };
      dueDate: string;
    };
    return {
      type: 'GiveAssignment',
      data: {
        assignmentId: assignmentIdCreatedBy(commandId),
        givenBy,
        title,
        description: description ?? '',
        purpose,
        deliverable,
        questionIds,
        responsible,
        dueDate,
      },
    };
  },
};

export const ASSIGNMENT_FORMS: readonly AssignmentForm[] = [
  {
    slug: 'accept',
    action: 'AcceptAssignment',
    title: label('Acceptera uppdraget', 'Accept the assignment'),
    submit: label('Acceptera', 'Accept'),
    fits: (context) => context.state.status === 'given' && forResponsible('AcceptAssignment')(context),
    fields: () => [],
    body: () => ({}),
    command: (assignmentId) => ({ type: 'AcceptAssignment', data: { assignmentId } }),
  },
  {
    slug: 'progress',
    action: 'NoteAssignmentProgress',
    title: label('Lämna lägesrapport', 'Note progress'),
    submit: label('Lämna rapporten', 'Note the progress'),
    fits: (context) => context.state.status === 'in-progress' && forResponsible('NoteAssignmentProgress')(context),
    fields: ({ language }) => [area('note', label('Läget', 'Progress'), language, { maxLength: 10_000 })],
    dto: ProgressNoteDto,
    body: (values) => ({ note: values.note }),
    command: (assignmentId, body) => ({ type: 'NoteAssignmentProgress', data: { assignmentId, note: body.note as string } }),
  },
  {
    slug: 'deliver',
    action: 'DeliverAssignment',
    title: label('Leverera uppdraget', 'Deliver the assignment'),
    submit: label('Leverera', 'Deliver'),
    fits: (context) => context.state.status === 'in-progress' && forResponsible('DeliverAssignment')(context),
    fields: ({ language }) => [
      { name: 'reference', kind: 'text', label: language === 'en' ? 'Reference' : 'Diarienummer eller beteckning', maxLength: 200 },
      { name: 'title', kind: 'text', label: language === 'en' ? 'Title' : 'Titel', maxLength: 300 },
      { name: 'url', kind: 'url', label: language === 'en' ? 'Address of the document' : 'Dokumentets adress', optional: true },
      area('proposedPosition', label('Förslag till ställningstagande', 'Proposed position'), language, {
        optional: true,
        hint: language === 'en' ? 'Required for a decision document' : 'Krävs för ett beslutsunderlag',
        maxLength: 10_000,
      }),
    ],
    dto: DeliverAssignmentDto,
    body: (values) => ({
      reference: values.reference,
      title: values.title,
      ...(given(values, 'url') ? { url: values.url } : {}),
      ...(given(values, 'proposedPosition') ? { proposedPosition: values.proposedPosition } : {}),
    }),
    command: (assignmentId, body) => ({
      type: 'DeliverAssignment',
      data: { assignmentId, document: body as { reference: string; title: string; url?: string; proposedPosition?: string } },
    }),
  },
  {
    slug: 'approve',
    action: 'ApproveAssignment',
    title: label('Godkänn leveransen', 'Approve the delivery'),
    submit: label('Godkänn', 'Approve'),
    fits: ({ state }) => state.status === 'delivered',
    fields: ({ language }) => [area('comment', label('Kommentar', 'Comment'), language, { optional: true, maxLength: 5000 })],
    dto: ApproveAssignmentDto,
    body: (values) => (given(values, 'comment') ? { comment: values.comment } : {}),
    command: (assignmentId, body) => ({
      type: 'ApproveAssignment',
      data: { assignmentId, ...(body.comment !== undefined ? { comment: body.comment as string } : {}) },
    }),
  },
  {
    slug: 'return',
    action: 'ReturnAssignment',
    title: label('Återremittera leveransen', 'Return the delivery'),
    submit: label('Återremittera', 'Return'),
    fits: ({ state }) => state.status === 'delivered',
    fields: ({ language }) => [area('comments', label('Vad som ska ändras', 'What is to be changed'), language, { maxLength: 10_000 })],
    dto: ReturnAssignmentDto,
    body: (values) => ({ comments: values.comments }),
    command: (assignmentId, body) => ({ type: 'ReturnAssignment', data: { assignmentId, comments: body.comments as string } }),
  },
  {
    slug: 'extend',
    action: 'ExtendAssignmentDueDate',
    title: label('Förläng uppdraget', 'Extend the due date'),
    submit: label('Förläng', 'Extend'),
    fits: ({ state }) => open(state),
    fields: ({ language }) => [
      date('newDueDate', label('Nytt datum', 'New due date'), language),
      area('reason', label('Skäl', 'Reason'), language, { maxLength: 5000 }),
    ],
    dto: ExtendAssignmentDto,
    body: (values) => ({ newDueDate: values.newDueDate, reason: values.reason }),
    command: (assignmentId, body) => ({
      type: 'ExtendAssignmentDueDate',
      data: { assignmentId, newDueDate: body.newDueDate as string, reason: body.reason as string },
    }),
  },
  {
    slug: 'cancel',
    action: 'CancelAssignment',
    title: label('Avbryt uppdraget', 'Cancel the assignment'),
    submit: label('Avbryt uppdraget', 'Cancel the assignment'),
    fits: ({ state }) => open(state),
    fields: ({ language }) => [area('reason', label('Skäl', 'Reason'), language, { maxLength: 5000 })],
    dto: CancelAssignmentDto,
    body: (values) => ({ reason: values.reason }),
    command: (assignmentId, body) => ({ type: 'CancelAssignment', data: { assignmentId, reason: body.reason as string } }),
  },
];

export function assignmentForm(slug: string): AssignmentForm | undefined {
  return ASSIGNMENT_FORMS.find((form) => form.slug === slug);
}

/** The forms the assignment's page offers the actor now. */
export function assignmentFormsOffered(context: Required<Context>): AssignmentForm[] {
  return ASSIGNMENT_FORMS.filter(
    (form) => (mayGive(context.actor, form.action) || mayGive(context.actor, form.action, context.actor.organisationId)) && form.fits(context),
  );
}
