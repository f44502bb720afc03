import { Controller, Get, Headers, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { AfterPositionQueryDto, afterPositionOf } from '../http/read-query.dto';
import { IsCalendarDate } from '../http/validators';
import { ProjectionsService } from '../projections/projections.service';
import { RegisterReader, StructureDirectory, isEmpty, registerProjection, structureAsOf } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { ForumView, OrganisationView } from './reference-data.responses';

import { Allow } from '../auth/auth.guard';
import { FORUMS } from './forums';
import { ApiOrganisationParam, KnownOrganisationPipe } from './known-organisation.pipe';
import { ORGANISATIONS, OrganisationId } from './organisations';

export class ReferenceQueryDto extends AfterPositionQueryDto {
  @ApiPropertyOptional({ example: '2021-06-01', description: 'As the structure register held it on this date (default: today)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

/**
 * The member organisations (parter) and the forums (forum, arenor), as the
 * structure register holds them on a date (docs/structure.md): another
 * collaboration's file gives its own. While the register is empty (loading
 * switched off, nobody has loaded it) the built-in lists answer, as before.
 */
@ApiTags('reference data (referensdata)')
@ApiBearerAuth()
@Allow('reference.read')
@Controller()
export class ReferenceDataController {
  constructor(
    private readonly register: RegisterReader,
    private readonly directory: StructureDirectory,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('organisations')
  @ApiOkResponse({ type: OrganisationView, isArray: true })
  @ApiProblemResponses([400])
  @ApiReadYourWrites()
  @ApiOperation({ summary: 'The member organisations (parter) on a date' })
  async organisations(@Query() query: ReferenceQueryDto, @Headers('x-after-position') afterHeader: string | undefined) {
    const structure = await this.structure(query, afterHeader);
    if (!structure) return ORGANISATIONS;
    return structure.organisations.map(({ id, name, kind }) => ({ id, name, kind }));
  }

  @Get('organisations/:id')
  @ApiOrganisationParam()
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblemResponses([404])
  @ApiOperation({ summary: 'One member organisation' })
  async organisation(@Param('id', KnownOrganisationPipe) id: OrganisationId) {
    return (await this.directory.organisation(id))!;
  }

  @Get('forums')
  @ApiOkResponse({ type: ForumView, isArray: true })
  @ApiProblemResponses([400])
  @ApiReadYourWrites()
  @ApiOperation({ summary: 'The forums open on a date, under the names they had then, and their role in a question’s process' })
  async forums(@Query() query: ReferenceQueryDto, @Headers('x-after-position') afterHeader: string | undefined) {
    const structure = await this.structure(query, afterHeader);
    if (!structure) return FORUMS;
    return structure.forums.map(({ id, nameSv, nameEn, formerNamesSv, role }) => ({
      id,
      nameSv,
      nameEn,
      ...(formerNamesSv.length > 0 ? { formerNameSv: formerNamesSv[formerNamesSv.length - 1] } : {}),
      role,
    }));
  }

  private async structure(query: ReferenceQueryDto, afterHeader: string | undefined) {
    await this.projections.waitFor([registerProjection.name], afterPositionOf(query, afterHeader));
    const state = await this.register.fromReadModel();
    return isEmpty(state) ? undefined : structureAsOf(state, query.asOf ?? today(this.clock));
  }
}
