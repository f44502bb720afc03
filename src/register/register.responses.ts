import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResultSchema } from '../http/openapi/common.schemas';
import { FORUM_KINDS, ORGANISATION_KINDS, PERSON_ROLES } from './register.events';
import { REGISTRAR_NOTIFICATION_KINDS } from './registrar-notifications.projection';

/** What the register routes answer (RegisterController, structure-as-of.ts). */

export class RegisterCommandResult extends CommandResultSchema {
  @ApiPropertyOptional({ description: 'The person registered or whose role changed' }) personId?: string;
  @ApiPropertyOptional({ description: 'The role taken up' }) roleId?: string;
  @ApiPropertyOptional({ type: [String], description: 'The roles taken up with a person registered, in the order given' }) roleIds?: string[];
}

class RoleText {
  @ApiProperty() sv!: string;
  @ApiProperty() en!: string;
}

export class RoleHolderView {
  @ApiProperty() personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: PERSON_ROLES }) role!: string;
  @ApiProperty({ example: '2023-01-01' }) from!: string;
}

class OrganisationAsOf {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: string;
  @ApiProperty() memberSince!: string;
  @ApiProperty({ type: [RoleHolderView], description: 'Its registrars (registratorer), who receive formal matters' }) registrars!: RoleHolderView[];
}

class ForumAsOf {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: FORUM_KINDS }) kind!: string;
  @ApiProperty({ description: 'Its name on the date' }) nameSv!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ type: RoleText }) role!: RoleText;
  @ApiProperty() establishedOn!: string;
  @ApiProperty() establishedBy!: string;
  @ApiProperty({ type: [String], description: 'Earlier Swedish names, oldest first' }) formerNamesSv!: string[];
  @ApiProperty({ type: [RoleHolderView], description: 'Chairs, vice chairs, members and secretaries on the date' }) people!: RoleHolderView[];
}

class EndedForum {
  @ApiProperty() id!: string;
  @ApiProperty() nameSv!: string;
  @ApiProperty() endedOn!: string;
  @ApiProperty({ enum: ['merged', 'discontinued'] }) how!: string;
  @ApiPropertyOptional() intoForumId?: string;
}

export class StructureView {
  @ApiProperty({ example: '2024-10-11' }) asOf!: string;
  @ApiProperty({
    description:
      "False until a structure is loaded: the rules that read the register are then not applied. Read as the rules read it (the register's stream), so it is true from the moment a structure is stored, even where the structure listed here (the register read model) follows a moment later",
  })
  loaded!: boolean;
  @ApiProperty({ type: [OrganisationAsOf], description: 'The member organisations on the date' }) organisations!: OrganisationAsOf[];
  @ApiProperty({ type: [ForumAsOf], description: 'The open forums on the date, under the names they had then' }) forums!: ForumAsOf[];
  @ApiProperty({ type: [EndedForum] }) endedForums!: EndedForum[];
}

class RegistrarNotificationView {
  @ApiProperty({ enum: [...REGISTRAR_NOTIFICATION_KINDS] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({
    description: "The position's text or the consultation's subject; for a due date nearing or passed, the question's title or the consultation's subject",
  })
  what!: string;
  @ApiProperty({ description: 'By when the organisation is to decide or answer' }) dueBy!: string;
  @ApiProperty({ description: 'The registrar told' }) registrar!: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
}

export class RegistrarNotificationList {
  @ApiProperty() organisationId!: string;
  @ApiProperty({ type: [RegistrarNotificationView], description: 'Newest first' }) items!: RegistrarNotificationView[];
}
