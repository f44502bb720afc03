import { Controller, Get, Query, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { FollowUpMatrixQueryDto, FollowUpQueries } from '../../follow-up/contract';
import { MAX_LIMIT } from '../../http/read-query.dto';
import { OutstandingLog, OutstandingLogQueryDto } from '../../outstanding-log/contract';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { ExportTable, toCsv, toXlsx } from './table-export';

/** An export holds at most this many rows (the filters narrow it); read a page of MAX_LIMIT at a time. */
export const EXPORT_MAX_ROWS = 10_000;

/**
 * The outstanding log and the follow-up grid as CSV and XLSX, with the same
 * filters and order as the pages (and the API), every matching row rather
 * than one page.
 */
@ApiTags('web pages (HTML)')
@Controller('web')
@WebPage()
@UseFilters(WebErrorFilter)
export class ExportsController {
  constructor(
    private readonly log: OutstandingLog,
    private readonly followUp: FollowUpQueries,
  ) {}

  @Get('log/export.csv')
  @Allow('log.read')
  async logCsv(@Page() page: PageContext, @Query() query: OutstandingLogQueryDto, @Res({ passthrough: true }) response: Response) {
    return send(response, 'utestaende-logg', 'csv', await this.logTable(page, query));
  }

  @Get('log/export.xlsx')
  @Allow('log.read')
  async logXlsx(@Page() page: PageContext, @Query() query: OutstandingLogQueryDto, @Res({ passthrough: true }) response: Response) {
    return send(response, 'utestaende-logg', 'xlsx', await this.logTable(page, query));
  }

  @Get('follow-up/export.csv')
  @Allow('follow-up.read')
  async gridCsv(@Page() page: PageContext, @Query() query: FollowUpMatrixQueryDto, @Res({ passthrough: true }) response: Response) {
    return send(response, 'uppfoljning', 'csv', await this.gridTable(page, query));
  }

  @Get('follow-up/export.xlsx')
  @Allow('follow-up.read')
  async gridXlsx(@Page() page: PageContext, @Query() query: FollowUpMatrixQueryDto, @Res({ passthrough: true }) response: Response) {
    return send(response, 'uppfoljning', 'xlsx', await this.gridTable(page, query));
  }

  private async logTable(page: PageContext, query: OutstandingLogQueryDto): Promise<ExportTable> {
    const { t } = page;
    const items = await everyPage((offset) => this.log.read({ ...query, limit: MAX_LIMIT, offset }, page.language));
    return {
      name: t.log,
      headings: [t.question, t.forum, t.logic, t.stage, t.nextStep, t.dueDate, t.overdue, t.lastMeeting, t.openItems, 'Id'],
      rows: items.map((item) => [
        item.title,
        item.forum?.name ?? null,
        item.logic?.label ?? null,
        item.stage.label,
        item.nextStep.label,
        item.dueDate,
        item.overdue ? t.overdue : null,
        item.lastMeeting ? `${item.lastMeeting.forum.name} ${item.lastMeeting.on}` : null,
        item.openItems.map((open) => `${open.label}: ${open.owedBy.name}${open.dueDate ? ` (${open.dueDate})` : ''}`).join('; '),
        item.id,
      ]),
    };
  }

  private async gridTable(page: PageContext, query: FollowUpMatrixQueryDto): Promise<ExportTable> {
    const { t } = page;
    const items = await everyPage((offset) => this.followUp.matrix({ ...query, limit: MAX_LIMIT, offset }, page.language, page.directory.organisations));
    return {
      name: t.grid,
      headings: [t.question, t.decideBy, ...page.directory.organisations.map((organisation) => organisation.name), 'Id'],
      rows: items.map((row) => [
        row.question.title,
        row.question.position?.decideBy ?? null,
        ...row.cells.map((cell) => {
          const decided = cell as typeof cell & { outcomeLabel?: string | null; decidedOn?: string | null };
          return cell.status === 'decided' ? [decided.outcomeLabel ?? cell.statusLabel, decided.decidedOn].filter(Boolean).join(' ') : cell.statusLabel;
        }),
        row.question.id,
      ]),
    };
  }
}

async function everyPage<Item>(read: (offset: number) => Promise<{ items: Item[]; total: number }>): Promise<Item[]> {
  const items: Item[] = [];
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += MAX_LIMIT) {
    const page = await read(offset);
    items.push(...page.items);
    if (page.items.length < MAX_LIMIT || items.length >= page.total) break;
  }
  return items.slice(0, EXPORT_MAX_ROWS);
}

async function send(response: Response, name: string, format: 'csv' | 'xlsx', table: ExportTable) {
  response.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') {
    response.type('text/csv; charset=utf-8');
    return toCsv(table);
  }
  response.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  // A StreamableFile, so that Nest sends the bytes rather than a Buffer serialised as JSON.
  return new StreamableFile(await toXlsx(table));
}
