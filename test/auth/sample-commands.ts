import { randomUUID } from 'node:crypto';
import { AssignmentCommandType } from '../../src/assignments/assignment.commands';
import { MeetingCommandType } from '../../src/meetings/meeting.commands';
import { YearWheelCommandType } from '../../src/meetings/year-wheel.commands';
import { QuestionCommand, QuestionCommandType } from '../../src/questions/question.commands';
import { OrganisationId } from '../../src/reference-data/organisations';
import { RegisterCommandType } from '../../src/register/register.commands';

type CommandOf<T extends QuestionCommandType> = Extract<QuestionCommand, { type: T }>;

/**
 * One well-formed command of every type, done for `organisationId` where the
 * command names an organisation. Typed as a complete record: a new command type
 * does not compile until it has a sample here, so the access tests cover it.
 */
export const SAMPLE_COMMANDS: { [T in QuestionCommandType]: (questionId: string, organisationId: OrganisationId) => CommandOf<T> } = {
  RaiseQuestion: (questionId, organisationId) => ({
    type: 'RaiseQuestion',
    data: {
      questionId,
      title: 'Fråga',
      description: 'Beskrivning',
      raisedBy: { kind: 'organisation', id: organisationId },
      topicArea: 'Kultur',
      documents: [],
    },
  }),
  AcceptQuestion: (questionId) => ({
    type: 'AcceptQuestion',
    data: { questionId, forum: 'council', logic: 'process', responsible: { name: 'Karin Berg', organisationId: 'region-varmland' } },
  }),
  DeclineQuestion: (questionId) => ({ type: 'DeclineQuestion', data: { questionId, reason: 'Rent mellankommunal' } }),
  MoveQuestionToForum: (questionId) => ({ type: 'MoveQuestionToForum', data: { questionId, forum: 'chairs-council', reason: 'Redo' } }),
  RecordDialogue: (questionId) => ({ type: 'RecordDialogue', data: { questionId, forum: 'council', heldOn: '2025-02-14', summary: 'Dialog' } }),
  TableQuestion: (questionId) => ({
    type: 'TableQuestion',
    data: { questionId, forum: 'council', heldOn: '2025-02-14', meetingReference: 'Värmlandsrådet 2025-02-14 § 2', summary: 'Bordlagd' },
  }),
  SubmitInput: (questionId, organisationId) => ({ type: 'SubmitInput', data: { questionId, organisationId, content: 'Inspel' } }),
  OpenConsultation: (questionId) => ({
    type: 'OpenConsultation',
    data: { questionId, consultationId: randomUUID(), subject: 'Remiss', parties: ['kil', 'karlstad'], answerBy: '2025-04-30' },
  }),
  AnswerConsultation: (questionId, organisationId) => ({
    type: 'AnswerConsultation',
    data: { questionId, consultationId: randomUUID(), organisationId, answer: 'Tillstyrker' },
  }),
  CloseConsultation: (questionId) => ({ type: 'CloseConsultation', data: { questionId, consultationId: randomUUID() } }),
  AttachDecisionDocument: (questionId) => ({
    type: 'AttachDecisionDocument',
    data: { questionId, reference: 'VRAU 2025/1', title: 'Underlag', proposedPosition: 'Förslag' },
  }),
  TakePosition: (questionId) => ({
    type: 'TakePosition',
    data: { questionId, text: 'Ställningstagande', organisationsToDecide: ['kil', 'karlstad'], decideBy: '2025-06-30' },
  }),
  SendBackToDialogue: (questionId) => ({ type: 'SendBackToDialogue', data: { questionId, reason: 'Mer dialog' } }),
  RecordMemberDecision: (questionId, organisationId) => ({
    type: 'RecordMemberDecision',
    data: { questionId, organisationId, body: 'municipal-executive-board', decidedOn: '2025-06-01', outcome: 'adopted', reference: 'KS § 1' },
  }),
  CorrectMemberDecision: (questionId, organisationId) => ({
    type: 'CorrectMemberDecision',
    data: { questionId, organisationId, body: 'municipal-council', decidedOn: '2025-06-01', outcome: 'adopted', reference: 'KF § 1', reason: 'Fel organ' },
  }),
  RecordFeedbackAtHome: (questionId, organisationId) => ({
    type: 'RecordFeedbackAtHome',
    data: { questionId, organisationId, reportedTo: 'Kommunstyrelsen', reportedOn: '2025-09-02' },
  }),
  CloseQuestion: (questionId) => ({ type: 'CloseQuestion', data: { questionId, reason: 'Klar' } }),
  WithdrawQuestion: (questionId) => ({ type: 'WithdrawQuestion', data: { questionId, reason: 'Återkallad' } }),
  ReopenQuestion: (questionId) => ({ type: 'ReopenQuestion', data: { questionId, reason: 'Ny information' } }),
};

export const COMMAND_TYPES = Object.keys(SAMPLE_COMMANDS) as QuestionCommandType[];

export function sampleCommand(type: QuestionCommandType, questionId: string, organisationId: OrganisationId): QuestionCommand {
  return SAMPLE_COMMANDS[type](questionId, organisationId);
}

/**
 * The assignment commands (src/assignments/), one line each: a complete record,
 * so a new assignment command does not compile until the access tests know it.
 * Scoped ones are done for the assignment's responsible person's organisation.
 */
export const ASSIGNMENT_COMMAND_SCOPE: Record<AssignmentCommandType, 'responsible-organisation' | 'none'> = {
  GiveAssignment: 'none',
  AcceptAssignment: 'responsible-organisation',
  NoteAssignmentProgress: 'responsible-organisation',
  DeliverAssignment: 'responsible-organisation',
  ApproveAssignment: 'none',
  ReturnAssignment: 'none',
  ExtendAssignmentDueDate: 'none',
  CancelAssignment: 'none',
};

export const ASSIGNMENT_COMMAND_TYPES = Object.keys(ASSIGNMENT_COMMAND_SCOPE) as AssignmentCommandType[];

/**
 * The meeting and annual-wheel commands (src/meetings/): a complete record, so a
 * new one does not compile until the access tests know it. None is done for one
 * organisation: meetings are the collaboration's, not a party's.
 */
export const MEETING_COMMAND_SCOPE: Record<MeetingCommandType | YearWheelCommandType, 'none'> = {
  ScheduleMeeting: 'none',
  RescheduleMeeting: 'none',
  CancelMeeting: 'none',
  ProposeAgenda: 'none',
  SetAgenda: 'none',
  PublishAgenda: 'none',
  AmendAgenda: 'none',
  RecordAttendance: 'none',
  RecordItemOutcome: 'none',
  DraftMinutes: 'none',
  ApproveMinutes: 'none',
  PublishMinutes: 'none',
  CorrectMinutes: 'none',
  ProposeYearWheel: 'none',
  AdoptYearWheel: 'none',
};

export const MEETING_COMMAND_TYPES = Object.keys(MEETING_COMMAND_SCOPE) as Array<MeetingCommandType | YearWheelCommandType>;

/**
 * The structure register's commands (src/register/): a complete record, so a
 * new one does not compile until the access tests know it. None is done for
 * one organisation: the register is the collaboration's.
 */
export const REGISTER_COMMAND_SCOPE: Record<RegisterCommandType, 'none'> = {
  JoinOrganisation: 'none',
  LeaveOrganisation: 'none',
  EstablishForum: 'none',
  RenameForum: 'none',
  ChangeForumRole: 'none',
  MergeForum: 'none',
  DiscontinueForum: 'none',
  RegisterPerson: 'none',
  BeginPersonRole: 'none',
  EndPersonRole: 'none',
  SeedStructure: 'none',
};

export const REGISTER_COMMAND_TYPES = Object.keys(REGISTER_COMMAND_SCOPE) as RegisterCommandType[];
