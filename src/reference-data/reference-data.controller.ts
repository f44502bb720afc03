import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/auth.guard';
import { FORUMS } from './forums';
import { KnownOrganisationPipe } from './known-organisation.pipe';
import { ORGANISATIONS, OrganisationId, findOrganisation } from './organisations';

/** Reference data: the 17 parties (parter) and the forums (forum, arenor) of Samverkan Värmland. */
@ApiTags('reference data (referensdata)')
@ApiBearerAuth()
@Allow('reference.read')
@Controller()
export class ReferenceDataController {
  @Get('organisations')
  @ApiOperation({ summary: 'The 17 member organisations (parter)' })
  organisations() {
    return ORGANISATIONS;
  }

  @Get('organisations/:id')
  @ApiOperation({ summary: 'One member organisation' })
  organisation(@Param('id', KnownOrganisationPipe) id: OrganisationId) {
    return findOrganisation(id);
  }

  @Get('forums')
  @ApiOperation({ summary: 'The forums and their role in a question’s process' })
  forums() {
    return FORUMS;
  }
}
