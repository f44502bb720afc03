import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { authorize } from '../../auth/access-policy';
import { FollowUpAsOfQueries, FollowUpMatrixQueryDto, FollowUpQueries, OrganisationFollowUpQueryDto, gridPointOf, pointOf } from '../../follow-up/contract';
import { KnownOrganisationPipe } from '../../reference-data/known-organisation.pipe';
import { OrganisationId } from '../../reference-data/organisations';
import { RegistrarNotificationQueries } from '../../register/contract';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { gridPage } from './grid.page';
import { organisationPage, organisationsPage } from './organisation.page';

/**
 * The 17-organisation follow-up grid and each organisation's page: the same
 * query services as GET /follow-up, GET /organisations/:id/follow-up and
 * GET /register/organisations/:id/notifications, now or — from the filter
 * form's date fields — as recorded by a date (`asOf`) or as in effect on one
 * (`inEffectOn`), with the same access rule (`follow-up.as-of`).
 */
@ApiTags('web pages (HTML)')
@Controller('web')
@WebPage()
@UseFilters(WebErrorFilter)
export class FollowUpPagesController {
  constructor(
    private readonly followUp: FollowUpQueries,
    private readonly followUpThen: FollowUpAsOfQueries,
    private readonly registrarWord: RegistrarNotificationQueries,
  ) {}

  @Get('follow-up')
  @Allow('follow-up.read')
  async grid(@Page() page: PageContext, @Query() query: FollowUpMatrixQueryDto) {
    const point = gridPointOf(query);
    if (!point) return gridPage(page, query, await this.followUp.matrix(query, page.language, page.directory.organisations)).text;
    authorize(page.actor!, 'follow-up.as-of');
    return gridPage(page, query, await this.followUpThen.matrix(point, query, page.language, page.directory.organisations)).text;
  }

  @Get('organisations')
  @Allow('follow-up.read')
  organisations(@Page() page: PageContext) {
    return organisationsPage(page).text;
  }

  @Get('organisations/:id')
  @Allow('follow-up.read')
  async organisation(@Page() page: PageContext, @Param('id', KnownOrganisationPipe) id: OrganisationId, @Query() query: OrganisationFollowUpQueryDto) {
    const point = pointOf(query);
    if (point) authorize(page.actor!, 'follow-up.as-of', id);
    const [followUp, registrarWord] = await Promise.all([
      point
        ? this.followUpThen.forOrganisation(id, point, query, page.language, organisationOf(page, id))
        : this.followUp.forOrganisation(id, query, page.language, organisationOf(page, id)),
      this.registrarWord.forOrganisation(id),
    ]);
    return organisationPage(page, query, followUp, registrarWord).text;
  }
}

/** The organisation as the page's directory (the register) names it. */
function organisationOf(page: PageContext, id: string): { id: string; name: string; kind: string } {
  return page.directory.organisations.find((organisation) => organisation.id === id) ?? { id, name: id, kind: 'other' };
}
