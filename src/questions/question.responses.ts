import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ActorSchema, CommandResultSchema } from '../http/openapi/common.schemas';
import { QUESTION_STAGE_LABELS } from './question.state';

/**
 * What the question's routes answer (QuestionController): the command result
 * and the question as folded from its events (question.state.ts). Actors are
 * ActorSchema: a member reader sees role and organisation only.
 */

const instant = { format: 'date-time' } as const;

export class QuestionCommandResult extends CommandResultSchema {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
}

export class OpenConsultationResult extends QuestionCommandResult {
  @ApiProperty({ format: 'uuid', description: 'The new consultation (remiss)' }) consultationId!: string;
}

export class QuestionRaiserView {
  @ApiProperty({ enum: ['organisation', 'forum'] }) kind!: string;
  @ApiProperty({ example: 'karlstad' }) id!: string;
}

export class DocumentLinkView {
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
}

export class ResponsibleOfficialView {
  @ApiPropertyOptional({ description: 'Absent when the question was accepted with one name (version 1)' }) givenName?: string;
  @ApiPropertyOptional() familyName?: string;
  @ApiProperty({ description: 'The full name as people write it' }) name!: string;
  @ApiProperty() organisationId!: string;
}

export class ForumMoveView {
  @ApiProperty() fromForum!: string;
  @ApiProperty() toForum!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(instant) movedAt!: string;
  @ApiProperty({ type: ActorSchema }) movedBy!: ActorSchema;
}

class RecordedView {
  @ApiProperty(instant) recordedAt!: string;
  @ApiProperty({ type: ActorSchema }) recordedBy!: ActorSchema;
}

export class DialogueView extends RecordedView {
  @ApiProperty() forum!: string;
  @ApiProperty({ format: 'date' }) heldOn!: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional({ description: 'The meeting (sammanträde) the dialogue was held at' }) meetingReference?: string;
}

export class InputView extends RecordedView {
  @ApiProperty() organisationId!: string;
  @ApiProperty() content!: string;
}

export class ConsultationAnswerVersionView {
  @ApiProperty() answer!: string;
  @ApiProperty(instant) answeredAt!: string;
  @ApiProperty({ type: ActorSchema }) answeredBy!: ActorSchema;
}

export class ConsultationAnswerView {
  @ApiProperty() organisationId!: string;
  @ApiProperty({ type: ConsultationAnswerVersionView }) current!: ConsultationAnswerVersionView;
  @ApiProperty({ type: [ConsultationAnswerVersionView] }) earlierVersions!: ConsultationAnswerVersionView[];
}

@ApiExtraModels(ConsultationAnswerView)
export class ConsultationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ type: [String] }) parties!: string[];
  @ApiProperty({ format: 'date' }) answerBy!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty(instant) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(ConsultationAnswerView) }, description: 'Keyed by organisation id' })
  answers!: Record<string, ConsultationAnswerView>;
  @ApiProperty({ type: [String], nullable: true, description: 'The parties that had not answered when it closed; null while open' })
  unansweredAtClose!: string[] | null;
}

export class DecisionDocumentView extends RecordedView {
  @ApiProperty() reference!: string;
  @ApiProperty() title!: string;
  @ApiProperty() proposedPosition!: string;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) url!: string | null;
}

export class PositionView {
  @ApiProperty({ type: 'integer', description: '1 for the first position, 2 after one was sent back, …' }) number!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String] }) organisationsToDecide!: string[];
  @ApiProperty({ format: 'date' }) decideBy!: string;
  @ApiProperty({ type: String, nullable: true }) meetingReference!: string | null;
  @ApiProperty(instant) takenAt!: string;
  @ApiProperty({ type: ActorSchema }) takenBy!: ActorSchema;
}

export class MemberDecisionVersionView extends RecordedView {
  @ApiProperty({ enum: ['municipal-council', 'municipal-executive-board', 'committee', 'regional-council', 'regional-board', 'regional-committee'] })
  body!: string;
  @ApiProperty({ type: String, nullable: true }) bodyName!: string | null;
  @ApiProperty({ format: 'date' }) decidedOn!: string;
  @ApiProperty({ enum: ['adopted', 'adopted-with-changes', 'rejected', 'will-not-decide'] }) outcome!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why this version corrects the one before; null for the first' }) correctionReason!: string | null;
}

export class MemberDecisionView {
  @ApiProperty() organisationId!: string;
  @ApiProperty({ type: MemberDecisionVersionView }) current!: MemberDecisionVersionView;
  @ApiProperty({ type: [MemberDecisionVersionView] }) earlierVersions!: MemberDecisionVersionView[];
}

const memberDecisions = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(MemberDecisionView) },
  description: 'Keyed by organisation id',
} as const;

@ApiExtraModels(MemberDecisionView)
export class EarlierPositionView extends PositionView {
  @ApiProperty(instant) sentBackAt!: string;
  @ApiProperty({ type: ActorSchema }) sentBackBy!: ActorSchema;
  @ApiProperty() sentBackReason!: string;
  @ApiProperty(memberDecisions) memberDecisions!: Record<string, MemberDecisionView>;
  @ApiProperty({ type: [String] }) droppedOrganisations!: string[];
}

export class FeedbackView extends RecordedView {
  @ApiProperty() organisationId!: string;
  @ApiProperty() reportedTo!: string;
  @ApiProperty({ format: 'date' }) reportedOn!: string;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
}

export class ClosureView {
  @ApiProperty({ enum: ['closed', 'withdrawn', 'declined'] }) stage!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(instant) at!: string;
  @ApiProperty({ type: ActorSchema }) by!: ActorSchema;
}

const STAGES = Object.keys(QUESTION_STAGE_LABELS);

/** GET /questions/:id: the question as folded from its events. */
@ApiExtraModels(MemberDecisionView)
export class QuestionView {
  @ApiProperty({ enum: [true] }) exists!: true;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: QuestionRaiserView }) raisedBy!: QuestionRaiserView;
  @ApiProperty() topicArea!: string;
  @ApiProperty({ type: [DocumentLinkView] }) documents!: DocumentLinkView[];
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ type: String, nullable: true, enum: STAGES, description: 'The stage to return to on reopening; null while open' })
  stageBeforeClosing!: string | null;
  @ApiProperty({ type: String, nullable: true }) forum!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['process', 'decision'] }) logic!: string | null;
  @ApiProperty({ type: ResponsibleOfficialView, nullable: true }) responsible!: ResponsibleOfficialView | null;
  @ApiProperty({ type: [ForumMoveView] }) forumMoves!: ForumMoveView[];
  @ApiProperty({ type: [DialogueView] }) dialogues!: DialogueView[];
  @ApiProperty({ type: [InputView] }) inputs!: InputView[];
  @ApiProperty({ type: [ConsultationView] }) consultations!: ConsultationView[];
  @ApiProperty({ type: [DecisionDocumentView] }) decisionDocuments!: DecisionDocumentView[];
  @ApiProperty({ type: PositionView, nullable: true, description: 'The position in force; null before one is taken and after it is sent back' })
  position!: PositionView | null;
  @ApiProperty({ type: [EarlierPositionView] }) earlierPositions!: EarlierPositionView[];
  @ApiProperty({ ...memberDecisions, description: 'Decisions under the position in force, keyed by organisation id' })
  memberDecisions!: Record<string, MemberDecisionView>;
  @ApiProperty({ type: [String], description: 'Organisations the position in force names that have not decided' }) pendingDecisions!: string[];
  @ApiProperty() allDecisionsIn!: boolean;
  @ApiProperty({ type: [FeedbackView] }) feedbackAtHome!: FeedbackView[];
  @ApiProperty({ type: ClosureView, nullable: true }) closure!: ClosureView | null;
  @ApiProperty({ ...instant, type: String, nullable: true, description: 'When it was last accepted for preparation (beredd); null before' })
  acceptedAt!: string | null;
  @ApiProperty({ ...instant, description: 'When the question was registered here (recorded time)' }) raisedAt!: string;
  @ApiProperty({ format: 'date', description: 'The day it was raised (effective time); earlier than raisedAt when entered afterwards, e.g. imported' })
  raisedOn!: string;
  @ApiProperty({ type: ActorSchema, description: 'Who registered the question (raisedBy is the party it came from)' }) registeredBy!: ActorSchema;
  @ApiProperty({ ...instant, description: 'When the last event was recorded' }) lastChangedAt!: string;
  @ApiProperty({ format: 'date', description: 'The day the last event happened (effective time); a later command may not say it happened before it' })
  lastEffectiveOn!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag' }) revision!: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Time travel (?asOf= or ?revision=): the instant asked for, or null' })
  asOf?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'Time travel (?inEffectOn=): the day asked for (effective time); absent otherwise' })
  inEffectOn?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Time travel: the latest revision of the question' }) latestRevision?: number;
}
