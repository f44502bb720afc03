import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ActorSchema,
  AppendedEventSchema,
  CommandResultSchema,
  QuestionStepPending,
  QuestionStepRefused,
  QuestionStepTaken,
  described,
} from '../http/openapi/common.schemas';

/** What the meeting routes answer (MeetingController, YearWheelController); the state's parts are described in docs/meetings.md. */

export class MeetingCommandResult extends CommandResultSchema {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiPropertyOptional({ type: [QuestionStepTaken], description: 'An outcome carried into its questions: the events appended there' })
  questions?: QuestionStepTaken[];
  @ApiPropertyOptional({ type: [QuestionStepPending], description: 'Questions whose step had not followed yet when the answer was sent (it follows)' })
  pending?: QuestionStepPending[];
  @ApiPropertyOptional({ type: [QuestionStepRefused], description: 'Questions that refused the outcome (MeetingOutcomeNotCarried), with their rule' })
  notCarried?: QuestionStepRefused[];
}

export class ProposedAgendaResult extends MeetingCommandResult {
  @ApiProperty({ ...described('The proposed agenda items (docs/meetings.md)', { array: true }), nullable: true }) items!: object[] | null;
}

const FORUMS = [
  'council',
  'chairs-council',
  'working-group',
  'preparation-group',
  'health-care-forum',
  'culture-education-forum',
  'transport-regional-development-forum',
];

export class MeetingCancellation {
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) cancelledAt!: string;
  @ApiProperty({ type: ActorSchema }) cancelledBy!: ActorSchema;
}

/** GET /meetings/:id: the meeting as folded from its events. */
export class MeetingView {
  @ApiProperty({ enum: [true] }) exists!: true;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: FORUMS }) forum!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: String, nullable: true }) place!: string | null;
  @ApiProperty({ type: String, nullable: true }) digitalLink!: string | null;
  @ApiProperty({ format: 'date' }) agendaDeadline!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The annual wheel (årshjul) that planned it' }) yearWheel!: number | null;
  @ApiProperty(described('Each move of the meeting: from, to, reason, when, by whom', { array: true })) reschedules!: object[];
  @ApiProperty({ type: MeetingCancellation, nullable: true }) cancelled!: MeetingCancellation | null;
  @ApiProperty({ type: 'integer', description: 'The iCalendar SEQUENCE: raised on every move or cancellation' }) sequence!: number;
  @ApiProperty({ ...described('The proposed agenda (föredragningslista) before it is set', { array: true }), nullable: true }) proposedAgenda!: object[] | null;
  @ApiProperty(described('The agenda items: itemId, title, kind, questionId, …', { array: true })) agenda!: object[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) agendaPublishedAt!: string | null;
  @ApiProperty(described('Amendments to a published agenda', { array: true })) amendments!: object[];
  @ApiProperty({ ...described('Who attended (närvaro), once recorded', { array: true }), nullable: true }) attendance!: object[] | null;
  @ApiProperty(described('Each item’s outcome', { array: true })) outcomes!: object[];
  @ApiProperty(described('Outcomes a question refused (MeetingOutcomeNotCarried), with the rule', { array: true })) notCarried!: object[];
  @ApiProperty(described('The minutes (protokoll): draft, adjusters, approvals, publication, corrections', { nullable: true })) minutes!: object | null;
  @ApiProperty({ format: 'date-time' }) scheduledAt!: string;
  @ApiProperty({ format: 'date-time' }) lastChangedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag' }) revision!: number;
}

export class ForumRef {
  @ApiProperty({ enum: FORUMS }) id!: string;
  @ApiProperty() name!: string;
}

/** A meeting as its agenda document heads it (meeting-documents.ts), with the agenda's and the minutes' status. */
export class MeetingSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ForumRef }) forum!: ForumRef;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: String, nullable: true }) place!: string | null;
  @ApiProperty({ type: String, nullable: true }) digitalLink!: string | null;
  @ApiProperty({ format: 'date' }) agendaDeadline!: string;
  @ApiProperty({ enum: ['draft', 'published'] }) agendaStatus!: string;
  @ApiProperty({ type: String, enum: ['draft', 'approved', 'published'], nullable: true }) minutesStatus!: string | null;
  @ApiProperty({ type: MeetingCancellation, nullable: true }) cancelled!: MeetingCancellation | null;
}

export class MeetingList {
  @ApiProperty({ type: [MeetingSummary], description: 'Each meeting as its agenda document heads it, with the agenda’s and the minutes’ status' })
  items!: MeetingSummary[];
}

export class WheelStepTaken {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty(described('The change the wheel made to the meeting')) change!: object;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ type: [AppendedEventSchema] }) events!: AppendedEventSchema[];
}

export class YearWheelCommandResult extends CommandResultSchema {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiPropertyOptional({ type: [WheelStepTaken], description: 'Meetings scheduled, moved or cancelled by the adoption' }) meetings?: WheelStepTaken[];
  @ApiPropertyOptional(described('Meetings whose change had not followed yet (it follows)', { array: true })) pending?: object[];
  @ApiPropertyOptional(described('Meetings that refused the change (YearWheelChangeNotCarried), with the rule', { array: true })) notCarried?: object[];
}

export class WheelRhythm {
  @ApiProperty() proposal!: string;
  @ApiProperty() adoption!: string;
  @ApiProperty() revision!: string;
}

/** GET /annual-wheel/:year. */
export class YearWheelView {
  @ApiProperty({ enum: [true] }) exists!: true;
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ enum: ['proposed', 'adopted'] }) status!: string;
  @ApiProperty(described('The meetings planned for the year', { array: true })) meetings!: object[];
  @ApiProperty(described('The year’s themes', { array: true })) themes!: object[];
  @ApiProperty(described('The meetings the wheel scheduled (meeting ids)', { array: true })) scheduled!: object[];
  @ApiProperty(described('Meetings a revision cancelled', { array: true })) cancelledMeetings!: object[];
  @ApiProperty(described('Changes a meeting refused, with the rule', { array: true })) notCarried!: object[];
  @ApiProperty({ format: 'date-time' }) proposedAt!: string;
  @ApiProperty({ type: ActorSchema }) proposedBy!: ActorSchema;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) adoptedAt!: string | null;
  @ApiProperty({ type: ActorSchema, nullable: true }) adoptedBy!: ActorSchema | null;
  @ApiProperty({ type: 'integer' }) adoptions!: number;
  @ApiProperty({ type: WheelRhythm, description: 'The months of proposal, adoption and revision (settings)' }) rhythm!: WheelRhythm;
  @ApiProperty({ type: 'integer', description: 'Also the ETag' }) revision!: number;
}
