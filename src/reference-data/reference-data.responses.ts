import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FORUM_IDS } from './forums';
import { ORGANISATION_IDS } from './organisations';

/** The reference data as ReferenceDataController sends it (organisations.ts, forums.ts). */

export class OrganisationView {
  @ApiProperty({ enum: ORGANISATION_IDS }) id!: string;
  @ApiProperty({ description: 'Official Swedish name, e.g. "Karlstads kommun"' }) name!: string;
  @ApiProperty({ enum: ['region', 'municipality'] }) kind!: string;
}

export class ForumView {
  @ApiProperty({ enum: FORUM_IDS }) id!: string;
  @ApiProperty() nameSv!: string;
  @ApiProperty() nameEn!: string;
  @ApiPropertyOptional({ description: 'The name it had before it was renamed' }) formerNameSv?: string;
  @ApiProperty({ description: 'Its role in a question’s process' }) role!: string;
}
