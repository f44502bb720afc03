import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ActorSchema,
  CommandResultSchema,
  PageInfoSchema,
  QuestionStepPending,
  QuestionStepRefused,
  QuestionStepTaken,
  SvEnLabels,
  described,
} from '../http/openapi/common.schemas';
import { DELIVERABLE_KINDS } from './assignment.events';
import { ASSIGNMENT_STATUSES } from './assignment.state';

/** What the assignment routes answer (AssignmentController, assignment-queries.ts). */

export class AssignmentCommandResult extends CommandResultSchema {
  @ApiProperty({ format: 'uuid' }) assignmentId!: string;
  @ApiPropertyOptional({ type: [QuestionStepTaken], description: 'An approval attached to its questions: the events appended there' })
  questions?: QuestionStepTaken[];
  @ApiPropertyOptional({ type: [QuestionStepPending], description: 'Questions whose step had not followed yet (it follows)' }) pending?: QuestionStepPending[];
  @ApiPropertyOptional({ type: [QuestionStepRefused], description: 'Questions that refused the decision document (ApprovalNotAttached)' })
  notAttached?: QuestionStepRefused[];
}

export class ResponsiblePersonView {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() organisationId!: string;
  @ApiPropertyOptional({ format: 'email' }) email?: string;
}

class AssignmentHeadline {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: string;
  @ApiProperty({ example: 'chairs-council', description: 'The forum that gave it (GET /forums)' }) givenBy!: string;
  @ApiProperty({ enum: DELIVERABLE_KINDS }) deliverable!: string;
  @ApiProperty({ type: [String] }) questionIds!: string[];
  @ApiProperty({ type: ResponsiblePersonView }) responsible!: ResponsiblePersonView;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() dueSoon!: boolean;
  @ApiProperty({ type: 'integer', description: 'Days until the due date (negative: days overdue)' }) daysLeft!: number;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ format: 'date-time' }) lastChangedAt!: string;
}

export class AssignmentSummary extends AssignmentHeadline {
  @ApiProperty({ type: SvEnLabels }) statusLabel!: SvEnLabels;
  @ApiProperty({ format: 'date' }) originalDueDate!: string;
  @ApiProperty({ type: 'integer' }) extensions!: number;
}

export class AssignmentList extends PageInfoSchema {
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty({ type: [AssignmentSummary] }) items!: AssignmentSummary[];
}

/** GET /assignments/:id: the assignment folded from its events, with its urgency today. */
export class AssignmentView extends AssignmentHeadline {
  @ApiProperty({ enum: [true] }) exists!: true;
  @ApiProperty() description!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty(described('Every due date it has had, oldest first: dueDate, reason, setAt, setBy', { array: true })) dueDateHistory!: object[];
  @ApiProperty({ type: ActorSchema }) givenByActor!: ActorSchema;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
  @ApiProperty(described('Progress notes: note, notedAt, notedBy', { array: true })) progressNotes!: object[];
  @ApiProperty(described('Deliveries: document, deliveredAt, deliveredBy, review', { array: true })) deliveries!: object[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty(described('reason, cancelledAt, cancelledBy', { nullable: true })) cancelled!: object | null;
  @ApiProperty(described('Questions that refused the approved decision document, with the rule', { array: true })) notAttached!: object[];
  @ApiProperty({ format: 'date', description: 'The calendar day (TIME_ZONE) urgency is judged against' }) today!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag' }) revision!: number;
}
