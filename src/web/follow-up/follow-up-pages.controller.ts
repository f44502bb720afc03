import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { FollowUpMatrixQueryDto } from '../../follow-up/follow-up.dto';
import { FollowUpQueries } from '../../follow-up/follow-up.queries';
import { PagedQueryDto } from '../../http/read-query.dto';
import { KnownOrganisationPipe } from '../../reference-data/known-organisation.pipe';
import { OrganisationId } from '../../reference-data/organisations';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { gridPage } from './grid.page';
import { organisationPage, organisationsPage } from './organisation.page';

/** The 17-organisation follow-up grid and each organisation's page: the same query service as GET /follow-up and GET /organisations/:id/follow-up. */
@ApiTags('web pages (HTML)')
@Controller('web')
@WebPage()
@UseFilters(WebErrorFilter)
export class FollowUpPagesController {
  constructor(private readonly followUp: FollowUpQueries) {}

  @Get('follow-up')
  @Allow('follow-up.read')
  async grid(@Page() page: PageContext, @Query() query: FollowUpMatrixQueryDto) {
    return gridPage(page, query, await this.followUp.matrix(query, page.language)).text;
  }

  @Get('organisations')
  @Allow('follow-up.read')
  organisations(@Page() page: PageContext) {
    return organisationsPage(page).text;
  }

  @Get('organisations/:id')
  @Allow('follow-up.read')
  async organisation(@Page() page: PageContext, @Param('id', KnownOrganisationPipe) id: OrganisationId, @Query() query: PagedQueryDto) {
    return organisationPage(page, await this.followUp.forOrganisation(id, query, page.language)).text;
  }
}
