import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { StructureReports } from '../../register/contract';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { structureReportPage } from './structure-report.page';

/** The annual report on the structure as a printable page: the same report as GET /reports/structure/:year. */
@ApiTags('web pages (HTML)')
@Controller('web/reports/structure')
@WebPage()
@UseFilters(WebErrorFilter)
export class StructureReportPagesController {
  constructor(private readonly reports: StructureReports) {}

  @Get(':year')
  @Allow('reports.read')
  async page(@Page() page: PageContext, @Param('year') year: string) {
    return structureReportPage(page, await this.reports.forYear(year)).text;
  }
}
