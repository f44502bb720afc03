import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { IsCalendarDate, IsNestedObject, IsStructureId } from '../http/validators';
import { PagedQueryDto } from '../http/read-query.dto';
import type { OrganisationId } from '../reference-data/organisations';
import { AssigningForum, DELIVERABLE_KINDS, DeliverableKind } from './assignment.events';
import { ASSIGNMENT_STATUSES, AssignmentStatus } from './assignment.state';

/** Request bodies and list filters of assignments; the rules of the lifecycle are the decider's. */

export class ResponsiblePersonDto {
  @ApiProperty({ example: 'anna.andersson', description: "The person's user id (the token's sub)" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId!: string;

  @ApiProperty({ example: 'Anna Andersson' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;

  @ApiProperty({ example: 'karlstad' })
  @IsStructureId('organisation')
  organisationId!: OrganisationId;

  @ApiPropertyOptional({ example: 'anna.andersson@karlstad.se', description: 'Where reminders are e-mailed' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class GiveAssignmentDto {
  @ApiProperty({
    example: 'chairs-council',
    description: 'The forum that gives it: any forum the structure register knows (GET /forums); in Värmland usually chairs-council, council or working-group',
  })
  @IsStructureId('forum')
  givenBy!: AssigningForum;

  @ApiProperty({ example: 'Beslutsunderlag om regional kulturplan', description: 'What is to be delivered' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @ApiProperty({ description: 'Why' }) @IsString() @IsNotEmpty() @MaxLength(5_000) purpose!: string;

  @ApiProperty({ enum: DELIVERABLE_KINDS })
  @IsIn(DELIVERABLE_KINDS, { message: `$property must be one of ${DELIVERABLE_KINDS.join(', ')}` })
  deliverable!: DeliverableKind;

  @ApiPropertyOptional({ type: [String], description: 'The linked question ids' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  questionIds?: string[];

  @ApiProperty({ type: ResponsiblePersonDto }) @IsNestedObject(() => ResponsiblePersonDto) responsible!: ResponsiblePersonDto;
  @ApiProperty({ example: '2026-03-31' }) @IsCalendarDate() dueDate!: string;
}

export class ProgressNoteDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10_000) note!: string;
}

export class DeliverAssignmentDto {
  @ApiProperty({ example: 'VRAU 2026/12', description: "The document's own reference" }) @IsString() @IsNotEmpty() @MaxLength(200) reference!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) @MaxLength(2000) url?: string;
  @ApiPropertyOptional({ description: 'Required for a decision document (förslag till ställningstagande)' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  proposedPosition?: string;
}

export class ApproveAssignmentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5_000) comment?: string;
}

export class ReturnAssignmentDto {
  @ApiProperty({ description: 'What is to be changed' }) @IsString() @IsNotEmpty() @MaxLength(10_000) comments!: string;
}

export class ExtendAssignmentDto {
  @ApiProperty({ example: '2026-04-30' }) @IsCalendarDate() newDueDate!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5_000) reason!: string;
}

export class CancelAssignmentDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5_000) reason!: string;
}

const BOOLEAN = { message: '$property must be true or false' };

export class MyAssignmentsQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES, { message: `$property must be one of ${ASSIGNMENT_STATUSES.join(', ')}` })
  status?: AssignmentStatus;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Open and past its due date' })
  @IsOptional()
  @IsIn(['true', 'false'], BOOLEAN)
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Open and due within ASSIGNMENT_DUE_SOON_DAYS (not yet overdue)' })
  @IsOptional()
  @IsIn(['true', 'false'], BOOLEAN)
  dueSoon?: 'true' | 'false';
}

export class ListAssignmentsQueryDto extends MyAssignmentsQueryDto {
  @ApiPropertyOptional({ description: 'Responsible person (user id)' }) @IsOptional() @IsString() @MaxLength(200) responsible?: string;

  @ApiPropertyOptional({ example: 'karlstad', description: "The responsible person's organisation" })
  @IsOptional()
  @IsStructureId('organisation')
  organisation?: OrganisationId;

  @ApiPropertyOptional({ example: 'chairs-council', description: 'The forum that gave it' })
  @IsOptional()
  @IsStructureId('forum')
  forum?: AssigningForum;

  @ApiPropertyOptional({ description: 'A linked question id' }) @IsOptional() @IsUUID() question?: string;
}
