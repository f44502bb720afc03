import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CodeLabel, NamedRef, PageInfoSchema, SvEnLabels } from '../http/openapi/common.schemas';

/** What GET /questions and GET /questions/:id/timeline answer (question-presentation.ts, timeline-entry.ts), labels in the reader's language. */

export class RaiserRef extends NamedRef {
  @ApiProperty({ enum: ['organisation', 'forum'] }) kind!: string;
}

export class StepOwnerRef {
  @ApiProperty({ enum: ['forum', 'organisations'] }) kind!: string;
  @ApiPropertyOptional({ description: 'kind forum' }) id?: string;
  @ApiPropertyOptional({ description: 'kind forum' }) name?: string;
  @ApiPropertyOptional({ type: [NamedRef], description: 'kind organisations' }) organisations?: NamedRef[];
}

export class NextStepView extends CodeLabel {
  @ApiProperty({ type: SvEnLabels }) labels!: SvEnLabels;
  @ApiProperty({ type: StepOwnerRef, nullable: true }) owner!: StepOwnerRef | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueDate!: string | null;
  @ApiProperty() overdue!: boolean;
}

export class ResponsibleRef {
  @ApiProperty() name!: string;
  @ApiProperty({ type: NamedRef, nullable: true }) organisation!: NamedRef | null;
}

export class PositionSummary {
  @ApiProperty({ type: 'integer' }) number!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) decideBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) meetingReference!: string | null;
  @ApiProperty({ type: 'integer' }) organisationsToDecide!: number;
  @ApiProperty({ type: 'integer' }) decisionsIn!: number;
  @ApiProperty({ type: 'integer' }) pendingDecisions!: number;
}

export class LastMeetingRef {
  @ApiProperty({ type: NamedRef }) forum!: NamedRef;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
}

/** One question in a list: where it stands, who acts next and by when. */
export class QuestionSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() topicArea!: string;
  @ApiProperty({ type: CodeLabel }) stage!: CodeLabel;
  @ApiProperty() open!: boolean;
  @ApiProperty({ type: NamedRef, nullable: true }) forum!: NamedRef | null;
  @ApiProperty({ type: CodeLabel, nullable: true }) logic!: CodeLabel | null;
  @ApiProperty({ type: NextStepView }) nextStep!: NextStepView;
  @ApiProperty({ type: ResponsibleRef, nullable: true }) responsible!: ResponsibleRef | null;
  @ApiProperty({ type: RaiserRef }) raisedBy!: RaiserRef;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastChangedAt!: string;
  @ApiProperty({ type: PositionSummary, nullable: true }) position!: PositionSummary | null;
  @ApiProperty({ type: LastMeetingRef, nullable: true }) lastMeeting!: LastMeetingRef | null;
  @ApiProperty({ type: 'integer' }) openItems!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) earliestDueDate!: string | null;
  @ApiProperty() overdue!: boolean;
}

export class QuestionList extends PageInfoSchema {
  @ApiProperty({ format: 'date', description: 'The calendar day (TIME_ZONE) overdue is judged against' }) today!: string;
  @ApiProperty({ type: [QuestionSummary] }) items!: QuestionSummary[];
}

export class TimelineActor {
  @ApiProperty() name!: string;
  @ApiProperty({ type: CodeLabel }) role!: CodeLabel;
  @ApiProperty({ type: NamedRef }) organisation!: NamedRef;
}

export class TimelineForumName {
  @ApiProperty({ example: 'chairs-council' }) id!: string;
  @ApiProperty({ format: 'date', description: 'The day the name is read on: a dialogue’s the day it was held, otherwise the day it happened' }) day!: string;
  @ApiProperty({ example: 'Värmlandsrådets arbetsutskott (VRAU)' }) nameThen!: string;
  @ApiProperty({ example: 'Ordföranderådet' }) nameToday!: string;
}

export class TimelineEntry {
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'QuestionAccepted' }) type!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'What happened, as a sentence' }) sentence!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({
    type: [TimelineForumName],
    description: "The forums the sentence names, as the structure register named them on the entry's day and today (empty without a register)",
  })
  forums!: TimelineForumName[];
  @ApiProperty({ type: TimelineActor }) who!: TimelineActor;
  @ApiProperty({ type: String, nullable: true }) why!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data in its current version (docs/events.md)" })
  details!: Record<string, unknown>;
}

export class TimelineQuestionRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: CodeLabel }) stage!: CodeLabel;
}

export class AssignmentTimelineEntry {
  @ApiProperty() type!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'Who acted (an actor), or null' }) actor!: object | null;
  @ApiProperty({ type: String, nullable: true }) detail!: string | null;
}

export class QuestionTimeline extends PageInfoSchema {
  @ApiProperty({ type: TimelineQuestionRef }) question!: TimelineQuestionRef;
  @ApiProperty({ type: [TimelineEntry] }) items!: TimelineEntry[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The assignments (uppdrag) linked to the question: each as GET /assignments lists it, with `entries` (AssignmentTimelineEntry)',
  })
  assignments!: object[];
}
