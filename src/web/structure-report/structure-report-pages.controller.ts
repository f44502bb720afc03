import { Controller, Get, Inject, Param, Res, UseFilters } from '@nestjs/common';
import { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { StructureReports } from '../../register/contract';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { webPath } from '../layout';
import { today } from '../../shared-kernel/calendar';
import { CLOCK, Clock } from '../../shared-kernel/clock';
import { structureReportPage } from './structure-report.page';

/** The annual report on the structure as a printable page: the same report as GET /reports/structure/:year. */
@ApiTags('web pages (HTML)')
@Controller('web/reports/structure')
@WebPage()
@UseFilters(WebErrorFilter)
export class StructureReportPagesController {
  constructor(
    private readonly reports: StructureReports,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The menu's link: this year's report (in TIME_ZONE), whose pager leads to the earlier years. */
  @Get()
  @Allow('reports.read')
  thisYear(@Res() response: Response) {
    response.redirect(303, webPath(`/reports/structure/${today(this.clock).slice(0, 4)}`));
  }

  @Get(':year')
  @Allow('reports.read')
  async page(@Page() page: PageContext, @Param('year') year: string) {
    return structureReportPage(page, await this.reports.forYear(year)).text;
  }
}
