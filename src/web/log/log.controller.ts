import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { OutstandingLog, OutstandingLogQueryDto } from '../../outstanding-log/contract';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { logPage } from './log.page';

/** The outstanding log (utestående logg) as a page: the same query service and filters as GET /log. */
@ApiTags('web pages (HTML)')
@Controller('web/log')
@WebPage()
@UseFilters(WebErrorFilter)
export class LogPageController {
  constructor(private readonly log: OutstandingLog) {}

  @Get()
  @Allow('log.read')
  async page(@Page() page: PageContext, @Query() query: OutstandingLogQueryDto) {
    return logPage(page, query, await this.log.read(query, page.language)).text;
  }
}
