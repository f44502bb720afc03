import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AfterPositionQueryDto } from '../http/read-query.dto';
import { IsCalendarDate, IsNestedObject } from '../http/validators';
import { FORUM_KINDS, ORGANISATION_KINDS, PERSON_ROLES, type ForumKind, type OrganisationKind, type PersonRole } from './register.events';

/** Request bodies of the structure register; the rules of the structure are the decider's. */

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const SLUG_MESSAGE = '$property must be lower-case letters, digits and hyphens, e.g. "kil" or "health-care-forum"';

export class RegisterQueryDto extends AfterPositionQueryDto {
  @ApiPropertyOptional({ example: '2024-10-11', description: 'The structure as it stood on this date (default: today)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class JoinOrganisationDto {
  @ApiProperty({ example: 'kil' }) @IsString() @Matches(SLUG, { message: SLUG_MESSAGE }) @MaxLength(100) organisationId!: string;
  @ApiProperty({ example: 'Kils kommun' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS, { message: `$property must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind!: OrganisationKind;
  @ApiProperty({ example: '2019-01-01' }) @IsCalendarDate() joinedOn!: string;
}

export class LeaveOrganisationDto {
  @ApiProperty({ example: '2027-01-01' }) @IsCalendarDate() leftOn!: string;
  @ApiProperty({ description: 'Why (e.g. the decision to leave)' }) @IsString() @IsNotEmpty() @MaxLength(2_000) reason!: string;
}

export class ForumRoleTextDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2_000) sv!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2_000) en!: string;
}

export class EstablishForumDto {
  @ApiProperty({ example: 'health-care-forum' }) @IsString() @Matches(SLUG, { message: SLUG_MESSAGE }) @MaxLength(100) forumId!: string;
  @ApiProperty({ enum: FORUM_KINDS }) @IsIn(FORUM_KINDS, { message: `$property must be one of ${FORUM_KINDS.join(', ')}` }) kind!: ForumKind;
  @ApiProperty({ example: 'Hälso- och sjukvårdsforum' }) @IsString() @IsNotEmpty() @MaxLength(200) nameSv!: string;
  @ApiProperty({ example: 'Health Care Forum' }) @IsString() @IsNotEmpty() @MaxLength(200) nameEn!: string;
  @ApiProperty({ type: ForumRoleTextDto }) @IsNestedObject(() => ForumRoleTextDto) role!: ForumRoleTextDto;
  @ApiProperty({ example: '2022-01-01' }) @IsCalendarDate() establishedOn!: string;
  @ApiProperty({ example: 'Värmlandsrådet', description: 'Who established it' }) @IsString() @IsNotEmpty() @MaxLength(200) establishedBy!: string;
}

export class RenameForumDto {
  @ApiProperty({ example: 'Ordföranderådet' }) @IsString() @IsNotEmpty() @MaxLength(200) nameSv!: string;
  @ApiProperty({ example: "Chairs' Council" }) @IsString() @IsNotEmpty() @MaxLength(200) nameEn!: string;
  @ApiProperty({ example: '2022-01-01' }) @IsCalendarDate() renamedOn!: string;
}

export class ChangeForumRoleDto {
  @ApiProperty({ type: ForumRoleTextDto }) @IsNestedObject(() => ForumRoleTextDto) role!: ForumRoleTextDto;
  @ApiProperty({ example: '2025-01-01' }) @IsCalendarDate() changedOn!: string;
}

export class MergeForumDto {
  @ApiProperty({ example: 'council' }) @IsString() @Matches(SLUG, { message: SLUG_MESSAGE }) @MaxLength(100) intoForumId!: string;
  @ApiProperty({ example: '2025-01-01' }) @IsCalendarDate() mergedOn!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2_000) reason!: string;
}

export class DiscontinueForumDto {
  @ApiProperty({ example: '2025-01-01' }) @IsCalendarDate() discontinuedOn!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2_000) reason!: string;
}

export class RegisterPersonDto {
  @ApiProperty({ example: 'Maria Nilsson' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ example: 'region-varmland' }) @IsString() @Matches(SLUG, { message: SLUG_MESSAGE }) @MaxLength(100) organisationId!: string;
  @ApiPropertyOptional({ example: 'maria.nilsson@regionvarmland.se' }) @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional({ example: 'maria.nilsson', description: "The sign-in subject (the token's sub) that is this person" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId?: string;
  @ApiPropertyOptional({
    type: () => [BeginPersonRoleDto],
    description: 'Roles the person takes up at once, each as POST /register/people/:personId/roles takes it',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BeginPersonRoleDto)
  roles?: BeginPersonRoleDto[];
}

export class BeginPersonRoleDto {
  @ApiProperty({ enum: PERSON_ROLES }) @IsIn(PERSON_ROLES, { message: `$property must be one of ${PERSON_ROLES.join(', ')}` }) role!: PersonRole;
  @ApiPropertyOptional({ example: 'chairs-council', description: 'The forum, for chair, vice-chair, member and secretary' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  @MaxLength(100)
  forumId?: string;
  @ApiPropertyOptional({ description: "For a registrar: the organisation (default: the person's own)" })
  @IsOptional()
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  @MaxLength(100)
  organisationId?: string;
  @ApiProperty({ example: '2025-01-01' }) @IsCalendarDate() from!: string;
}

export class EndPersonRoleDto {
  @ApiProperty({ example: '2026-01-01', description: 'The first day the role is no longer held' }) @IsCalendarDate() to!: string;
}
