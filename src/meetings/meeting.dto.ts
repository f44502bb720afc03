import { ApiHideProperty, ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmpty,
  IsIn,
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AfterPositionQueryDto } from '../http/read-query.dto';
import { IsCalendarDate, IsStructureId } from '../http/validators';
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';
import { AGENDA_ITEM_KINDS, AGENDA_ITEM_LOGICS, AgendaItemKind, AgendaItemLogic, ITEM_OUTCOME_STATUSES, ItemOutcomeStatus } from './meeting.events';

/** Request bodies of meetings and the annual wheel; the rules of the lifecycle are the deciders'. */

const DATE_TIME = { strict: true, strictSeparator: true };

export class ScheduleMeetingDto {
  @ApiProperty({ example: 'chairs-council' })
  @IsStructureId('forum')
  forum!: ForumId;

  @ApiPropertyOptional({ example: 'Ordföranderådet 10 december', description: 'Defaults to the forum and the date' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string;

  @ApiProperty({ example: '2026-12-10T09:00:00+01:00' }) @IsISO8601(DATE_TIME) startsAt!: string;
  @ApiPropertyOptional({ example: '2026-12-10T12:00:00+01:00', description: 'Defaults to two hours after the start' })
  @IsOptional()
  @IsISO8601(DATE_TIME)
  endsAt?: string;

  @ApiPropertyOptional({ example: 'Regionens hus, Karlstad' }) @IsOptional() @IsString() @MaxLength(300) place?: string;
  @ApiPropertyOptional({ example: 'https://meet.example.org/vrau' }) @IsOptional() @IsUrl({ require_protocol: true }) @MaxLength(2_000) digitalLink?: string;

  @ApiProperty({ example: '2026-11-26T16:00:00+01:00', description: 'Deadline for agenda items (frist för ärenden till presidiet)' })
  @IsISO8601(DATE_TIME)
  agendaDeadline!: string;
}

export class AdvanceDocumentDto {
  @ApiProperty({ example: 'Beslutsunderlag regional kulturplan' }) @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiPropertyOptional({ example: 'VRAU 2026/12' }) @IsOptional() @IsString() @MaxLength(200) reference?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) @MaxLength(2_000) url?: string;
}

export class AgendaItemOriginDto {
  @ApiProperty({ enum: ['outstanding-log', 'earlier-meeting', 'manual'] })
  @IsIn(['outstanding-log', 'earlier-meeting', 'manual'])
  kind!: 'outstanding-log' | 'earlier-meeting' | 'manual';

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) meetingId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) itemId?: string;
}

export class AgendaItemDto {
  @ApiPropertyOptional({ description: 'Keep the id of a proposed item; leave out for a new item' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  itemId?: string;

  @ApiProperty({ example: 'Regional kulturplan 2027–2030' }) @IsString() @IsNotEmpty() @MaxLength(300) title!: string;

  @ApiProperty({ enum: AGENDA_ITEM_KINDS })
  @IsIn(AGENDA_ITEM_KINDS, { message: `$property must be one of ${AGENDA_ITEM_KINDS.join(', ')}` })
  kind!: AgendaItemKind;

  @ApiProperty({ enum: AGENDA_ITEM_LOGICS, description: 'processlogik or beslutslogik' })
  @IsIn(AGENDA_ITEM_LOGICS, { message: `$property must be one of ${AGENDA_ITEM_LOGICS.join(', ')}` })
  logic!: AgendaItemLogic;

  @ApiPropertyOptional({ description: 'The question the item is about; leave out for a free-standing item' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  questionId?: string;

  @ApiPropertyOptional({ type: [AdvanceDocumentDto], description: 'Documents sent out in advance' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AdvanceDocumentDto)
  documents?: AdvanceDocumentDto[];

  @ApiPropertyOptional({ type: AgendaItemOriginDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgendaItemOriginDto)
  origin?: AgendaItemOriginDto;
}

export class SetAgendaDto {
  @ApiProperty({ type: [AgendaItemDto], description: 'The agenda in order; send the proposal back as it is to accept it' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  items!: AgendaItemDto[];
}

export class AmendAgendaDto {
  @ApiPropertyOptional({ type: [AgendaItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  add?: AgendaItemDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  removeItemIds?: string[];

  @ApiProperty({ example: 'Brådskande remiss från regeringen' }) @IsString() @IsNotEmpty() @MaxLength(2_000) reason!: string;
}

export class AttendanceEntryDto {
  @ApiProperty({ example: 'karlstad' }) @IsStructureId('organisation') organisationId!: OrganisationId;
  @ApiProperty({ enum: ['attended', 'absent'] }) @IsIn(['attended', 'absent']) status!: 'attended' | 'absent';
  @ApiPropertyOptional({ example: 'Anna Andersson' }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ example: 'ordinarie ledamot' }) @IsOptional() @IsString() @MaxLength(200) capacity?: string;
  @ApiPropertyOptional({ description: 'Took part digitally' }) @IsOptional() @IsBoolean() digital?: boolean;
}

export class RecordAttendanceDto {
  @ApiProperty({ type: [AttendanceEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(17)
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryDto)
  attendance!: AttendanceEntryDto[];
}

export class ItemPositionDto {
  @ApiProperty({ example: 'Ordföranderådet ställer sig bakom kulturplanen' }) @IsString() @IsNotEmpty() @MaxLength(10_000) text!: string;

  @ApiProperty({ type: String, isArray: true, example: ['karlstad', 'kil'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsStructureId('organisation', { each: true })
  organisationsToDecide!: OrganisationId[];

  @ApiProperty({ example: '2027-03-31' }) @IsCalendarDate() decideBy!: string;
}

export class RecordItemOutcomeDto {
  @ApiProperty({ enum: ITEM_OUTCOME_STATUSES, description: 'continued: an open item carried to the forum’s next meeting' })
  @IsIn(ITEM_OUTCOME_STATUSES, { message: `$property must be one of ${ITEM_OUTCOME_STATUSES.join(', ')}` })
  status!: ItemOutcomeStatus;

  @ApiProperty({ example: 'Ordföranderådet tog ställning enligt förslaget' }) @IsString() @IsNotEmpty() @MaxLength(10_000) summary!: string;

  @ApiPropertyOptional({ type: ItemPositionDto, description: 'For a position item: the position, which is also taken on the question' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemPositionDto)
  position?: ItemPositionDto;
}

export class AdjusterDto {
  @ApiProperty({ example: 'eva.ek', description: "The adjuster's user id (the `sub` of their token): the person who approves, signed in as themselves" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId!: string;

  @ApiProperty({ example: 'Eva Ek' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'karlstad' }) @IsOptional() @IsStructureId('organisation') organisationId?: OrganisationId;
}

export class DraftMinutesDto {
  @ApiProperty({ type: [AdjusterDto], description: 'The adjusters (justerare) who will approve the minutes' })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AdjusterDto)
  adjusters!: AdjusterDto[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) notes?: string;
}

const APPROVED_AS_YOURSELF = 'the signed-in adjuster approves as themselves, today (docs/meetings.md)';

/**
 * Approving takes no fields: who approves is the signed-in person and the day
 * is today (in TIME_ZONE). The fields the body once had are named here so that
 * a client sending them is told why they are refused, not silently ignored.
 */
export class ApproveMinutesDto {
  @ApiHideProperty() @IsEmpty({ message: `$property is not given: ${APPROVED_AS_YOURSELF}` }) adjustedBy?: never;
  @ApiHideProperty() @IsEmpty({ message: `$property is not given: ${APPROVED_AS_YOURSELF}` }) adjustedOn?: never;
}

export class CorrectMinutesDto {
  @ApiPropertyOptional({ description: 'The item corrected, if one' }) @IsOptional() @IsString() @MaxLength(100) itemId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) correction!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2_000) reason!: string;
}

export class DocumentFormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'], description: 'html: a printable page in Swedish' })
  @IsOptional()
  @IsIn(['json', 'html'], { message: '$property must be json or html' })
  format?: 'json' | 'html';
}

export class ListMeetingsQueryDto extends AfterPositionQueryDto {
  @ApiPropertyOptional({ example: 'chairs-council' })
  @IsOptional()
  @IsStructureId('forum')
  forum?: ForumId;
}

/** A meeting the wheel plans; in a revision, `meetingId` names the scheduled meeting it moves or changes (GET /annual-wheel/:year → scheduled). */
export class PlannedMeetingDto extends ScheduleMeetingDto {
  @ApiPropertyOptional({
    description:
      'In a revision: the scheduled meeting this entry is (moved, or with a new place); without it, a meeting at the same forum and time is that meeting',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  meetingId?: string;
}

/** Flytta ett sammanträde: the whole new schedule, with a reason. */
export class RescheduleMeetingDto extends OmitType(ScheduleMeetingDto, ['forum'] as const) {
  @ApiProperty({ example: 'Krockar med regionfullmäktige' }) @IsString() @IsNotEmpty() @MaxLength(2_000) reason!: string;
}

/** Ställa in ett sammanträde, with a reason. */
export class CancelMeetingDto {
  @ApiProperty({ example: 'Inga ärenden' }) @IsString() @IsNotEmpty() @MaxLength(2_000) reason!: string;
}

export class WheelThemeDto {
  @ApiProperty({ example: 6 }) @IsInt() @Min(1) @Max(12) month!: number;
  @ApiProperty({ example: 'Revision av årshjulet' }) @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5_000) description?: string;
}

export class ProposeYearWheelDto {
  @ApiProperty({ type: [PlannedMeetingDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PlannedMeetingDto)
  meetings!: PlannedMeetingDto[];

  @ApiPropertyOptional({ type: [WheelThemeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WheelThemeDto)
  themes?: WheelThemeDto[];
}
