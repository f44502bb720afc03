import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Inject,
  NotImplementedException,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Response } from 'express';
import { Allow, AuthenticatedRequest } from '../auth/auth.guard';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { UnreadableFileError, csvText, xlsxBytes } from './import-file';
import { exportRecords, questionStreams } from './export';
import { ImportNeedsTransactionError, importFile } from './importer';

/** The largest file taken: years of a collaboration's record fit in far less; a larger upload is refused (413) before it is read. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only report what would be created and each refused row; store nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class ExportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this question; all questions without it' })
  @IsOptional()
  @IsUUID()
  question?: string;

  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], description: 'csv (default) or xlsx' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}

interface UploadedImport {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const ACCEPTED_TYPES = [
  'text/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

/**
 * Import of an existing record (docs/import.md): an upload of the template, as
 * CSV or XLSX, imported as the signed-in administrator. The same importer as
 * `npm run import`: through the question decider, whole or not at all.
 */
@ApiTags('import (import)')
@ApiBearerAuth()
@Controller('imports')
export class ImportController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @Allow('questions.import')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'The template as .csv or .xlsx' } } },
  })
  @ApiOkResponse({ description: 'The report: what was (or on a dry run would be) created, rows imported before, and refused rows (row, column, rule)' })
  @ApiProblemResponses([400, 413, 415, 422])
  @ApiOperation({
    summary:
      'Import questions with the dates things happened from a CSV or XLSX file (201 imported, 200 dry run or nothing new, 422 rows refused: nothing stored)',
  })
  async upload(
    @UploadedFile() file: UploadedImport | undefined,
    @Query() query: ImportQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!file) throw new BadRequestException('Send the file as multipart/form-data in the field "file"');
    if (!ACCEPTED_TYPES.includes(file.mimetype)) throw new UnsupportedMediaTypeException(`${file.mimetype} is not a CSV or XLSX file`);
    try {
      const report = await importFile(this.store, this.clock, { name: utf8Name(file.originalname), bytes: file.buffer }, request.actor!, {
        dryRun: query.dryRun === 'true',
      });
      if (report.refusals.length > 0 && !report.dryRun) res.status(422);
      else if (report.imported) res.status(201);
      return report;
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new UnsupportedMediaTypeException(error.message);
      if (error instanceof ImportNeedsTransactionError) throw new NotImplementedException(error.message);
      throw error;
    }
  }

  @Get('export')
  @Allow('questions.import')
  @ApiOkResponse({
    description: 'The questions in the import template (docs/import.md), as CSV or XLSX; X-Omitted-Events counts the events the template has no step for',
  })
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: 'Export a question, or all, in the import template' })
  async export(@Query() query: ExportQueryDto, @Res() res: Response) {
    const streams = await questionStreams(this.store, query.question);
    if (query.question !== undefined && streams.length === 0) throw new NotFoundException(`Question ${query.question} does not exist`);
    const { records, omitted } = exportRecords(streams);
    const name = `fragespar-${query.question ?? 'alla-fragor'}.${query.format ?? 'csv'}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('X-Omitted-Events', String(omitted.length));
    if (query.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await xlsxBytes(records));
    } else {
      res.type('text/csv; charset=utf-8').send(csvText(records));
    }
  }
}

/** Multer reads a part's file name as Latin-1; browsers and curl send it as UTF-8 ("utestående-logg.csv"). */
function utf8Name(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}
