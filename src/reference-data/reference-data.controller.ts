import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { ForumView, OrganisationView } from './reference-data.responses';

import { Allow } from '../auth/auth.guard';
import { FORUMS } from './forums';
import { ApiOrganisationParam, KnownOrganisationPipe } from './known-organisation.pipe';
import { ORGANISATIONS, OrganisationId, findOrganisation } from './organisations';

/** Reference data: the 17 parties (parter) and the forums (forum, arenor) of Samverkan Värmland. */
@ApiTags('reference data (referensdata)')
@ApiBearerAuth()
@Allow('reference.read')
@Controller()
export class ReferenceDataController {
  @Get('organisations')
  @ApiOkResponse({ type: OrganisationView, isArray: true })
  @ApiOperation({ summary: 'The 17 member organisations (parter)' })
  organisations() {
    return ORGANISATIONS;
  }

  @Get('organisations/:id')
  @ApiOrganisationParam()
  @ApiOkResponse({ type: OrganisationView })
  @ApiProblemResponses([404])
  @ApiOperation({ summary: 'One member organisation' })
  organisation(@Param('id', KnownOrganisationPipe) id: OrganisationId) {
    return findOrganisation(id);
  }

  @Get('forums')
  @ApiOkResponse({ type: ForumView, isArray: true })
  @ApiOperation({ summary: 'The forums and their role in a question’s process' })
  forums() {
    return FORUMS;
  }
}
