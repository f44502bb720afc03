import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsNestedObject, IsStructureId } from '../http/validators';
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';
import { DecisionBody, DecisionOutcome, QuestionLogic } from './question.events';

/**
 * Request bodies of the question commands. Shape and format are checked here;
 * the rules of the process (who may decide, in which stage) are the decider's.
 */

const DECISION_BODIES: DecisionBody[] = [
  'municipal-council',
  'municipal-executive-board',
  'committee',
  'regional-council',
  'regional-board',
  'regional-committee',
];
const DECISION_OUTCOMES: DecisionOutcome[] = ['adopted', 'adopted-with-changes', 'rejected', 'will-not-decide'];

/**
 * What every question command may carry: the day the thing happened, when it
 * is not today (effective time). The decider's rules: a calendar date, not in
 * the future, not before the question was raised, not before its last event.
 */
export class EffectiveDateDto {
  @ApiPropertyOptional({
    example: '2025-05-09',
    description:
      'The day this happened (effective time, YYYY-MM-DD), if not today: not in the future, not before the question was raised, not before its last event. Stored as metadata.effectiveOn',
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string;
}

export class QuestionRaiserDto {
  @ApiProperty({ enum: ['organisation', 'forum'] })
  @IsIn(['organisation', 'forum'])
  kind!: 'organisation' | 'forum';

  @ApiProperty({ example: 'karlstad', description: 'An organisation id or a forum id, depending on kind' })
  @IsString()
  @IsStructureId('organisation or forum')
  id!: string;
}

export class DocumentLinkDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty() @IsUrl({ require_protocol: true }) @MaxLength(2000) url!: string;
}

export class RaiseQuestionDto extends EffectiveDateDto {
  @ApiProperty({ example: 'Utvidgat strandskydd' }) @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) description!: string;
  @ApiProperty({ type: QuestionRaiserDto }) @IsNestedObject(() => QuestionRaiserDto) raisedBy!: QuestionRaiserDto;
  @ApiProperty({ example: 'Samhällsplanering' }) @IsString() @IsNotEmpty() @MaxLength(200) topicArea!: string;

  @ApiPropertyOptional({ type: [DocumentLinkDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DocumentLinkDto)
  documents?: DocumentLinkDto[];
}

/** By given and family name; `name` (the full name in one string) is still accepted from earlier clients. */
export class ResponsibleOfficialDto {
  @ApiPropertyOptional({ description: 'Förnamn. Required with familyName unless name is sent', example: 'Karin' })
  @ValidateIf((official: ResponsibleOfficialDto) => official.name === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  givenName?: string;

  @ApiPropertyOptional({ description: 'Efternamn. Required with givenName unless name is sent', example: 'Berg' })
  @ValidateIf((official: ResponsibleOfficialDto) => official.name === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  familyName?: string;

  @ApiPropertyOptional({
    deprecated: true,
    description: 'The full name in one string, as before version 2: split at the last space into given and family name. Send givenName and familyName instead.',
    example: 'Karin Berg',
  })
  @ValidateIf((official: ResponsibleOfficialDto) => official.givenName === undefined && official.familyName === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ example: 'karlstad' }) @IsStructureId('organisation') organisationId!: OrganisationId;
}

export class AcceptQuestionDto extends EffectiveDateDto {
  @ApiProperty({ example: 'chairs-council' }) @IsStructureId('forum') forum!: ForumId;
  @ApiProperty({ enum: ['process', 'decision'] }) @IsIn(['process', 'decision']) logic!: QuestionLogic;
  @ApiProperty({ type: ResponsibleOfficialDto })
  @IsNestedObject(() => ResponsibleOfficialDto)
  responsible!: ResponsibleOfficialDto;
}

export class ReasonDto extends EffectiveDateDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class MoveQuestionDto extends ReasonDto {
  @ApiProperty({ example: 'chairs-council' }) @IsStructureId('forum') forum!: ForumId;
}

export class RecordDialogueDto extends EffectiveDateDto {
  @ApiProperty({ example: 'chairs-council' }) @IsStructureId('forum') forum!: ForumId;
  @ApiProperty({ example: '2025-02-14' }) @IsCalendarDate() heldOn!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) summary!: string;
  @ApiPropertyOptional({ example: 'Värmlandsrådet 2025-02-14 § 3', description: 'The meeting and item (forum, day, §) the dialogue was held in' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  meetingReference?: string;
}

export class TableQuestionDto extends EffectiveDateDto {
  @ApiProperty({ example: 'chairs-council' }) @IsStructureId('forum') forum!: ForumId;
  @ApiProperty({ example: '2025-02-14' }) @IsCalendarDate() heldOn!: string;
  @ApiProperty({ example: 'Värmlandsrådet 2025-02-14 § 3', description: 'The meeting and item (forum, day, §) that tabled the question' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  meetingReference!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) summary!: string;
}

export class SubmitInputDto extends EffectiveDateDto {
  @ApiProperty({ example: 'karlstad' }) @IsStructureId('organisation') organisationId!: OrganisationId;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) content!: string;
}

export class OpenConsultationDto extends EffectiveDateDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) subject!: string;

  @ApiProperty({ type: String, isArray: true, example: ['karlstad', 'kil'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsStructureId('organisation', { each: true })
  parties!: OrganisationId[];

  @ApiProperty({ example: '2025-04-30' }) @IsCalendarDate() answerBy!: string;
}

export class AnswerConsultationDto extends EffectiveDateDto {
  @ApiProperty({ example: 'karlstad' }) @IsStructureId('organisation') organisationId!: OrganisationId;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20_000) answer!: string;
}

export class AttachDecisionDocumentDto extends EffectiveDateDto {
  @ApiProperty({ example: 'VRAU 2025/12' }) @IsString() @IsNotEmpty() @MaxLength(200) reference!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) proposedPosition!: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) @MaxLength(2000) url?: string;
}

export class TakePositionDto extends EffectiveDateDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) text!: string;

  @ApiProperty({ type: String, isArray: true, example: ['karlstad', 'kil'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsStructureId('organisation', { each: true })
  organisationsToDecide!: OrganisationId[];

  @ApiProperty({ example: '2025-06-30' }) @IsCalendarDate() decideBy!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) meetingReference?: string;
}

export class DecisionDetailsDto extends EffectiveDateDto {
  @ApiProperty({ enum: DECISION_BODIES }) @IsIn(DECISION_BODIES) body!: DecisionBody;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) bodyName?: string;
  @ApiProperty({ example: '2025-03-04' }) @IsCalendarDate() decidedOn!: string;
  @ApiProperty({ enum: DECISION_OUTCOMES }) @IsIn(DECISION_OUTCOMES) outcome!: DecisionOutcome;
  @ApiProperty({ example: 'KS 2025-03-04 § 45' }) @IsString() @IsNotEmpty() @MaxLength(200) reference!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class RecordMemberDecisionDto extends DecisionDetailsDto {
  @ApiProperty({ example: 'karlstad' }) @IsStructureId('organisation') organisationId!: OrganisationId;
}

export class CorrectMemberDecisionDto extends DecisionDetailsDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class RecordFeedbackDto extends EffectiveDateDto {
  @ApiProperty({ example: 'karlstad' }) @IsStructureId('organisation') organisationId!: OrganisationId;
  @ApiProperty({ example: 'Kommunstyrelsen' }) @IsString() @IsNotEmpty() @MaxLength(300) reportedTo!: string;
  @ApiProperty({ example: '2025-05-12' }) @IsCalendarDate() reportedOn!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) summary?: string;
}
