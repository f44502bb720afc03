import { Controller, Get, Headers, Query } from '@nestjs/common';
import { registerProjection } from '../register/contract';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAcceptLanguage, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { OutstandingLogPage } from './outstanding-log.responses';

import { Allow } from '../auth/auth.guard';
import { Language, PreferredLanguage } from '../http/accept-language';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { ASSIGNMENTS_PROJECTION } from '../assignments/contract';
import { MEETINGS_PROJECTION } from '../meetings/contract';
import { QUESTION_LOG_PROJECTIONS } from './outstanding-log.projection';
import { OutstandingLogQueryDto } from './outstanding-log.dto';
import { OutstandingLog } from './outstanding-log.reader';

@ApiTags('outstanding log (utestående logg)')
@ApiBearerAuth()
@ApiAcceptLanguage()
@ApiReadYourWrites()
@Controller('log')
export class OutstandingLogController {
  constructor(
    private readonly log: OutstandingLog,
    private readonly projections: ProjectionsService,
  ) {}

  @Get()
  @Allow('log.read')
  @ApiOkResponse({ type: OutstandingLogPage })
  @ApiProblemResponses([400])
  @ApiOperation({
    summary:
      'Utestående logg: every open question and its open items (answers, decisions, feedback due), with next step, who owes it, due date, overdue, last meeting',
  })
  async read(@Query() query: OutstandingLogQueryDto, @Headers('x-after-position') afterHeader: string | undefined, @PreferredLanguage() language: Language) {
    await this.projections.waitFor(
      [...QUESTION_LOG_PROJECTIONS, ASSIGNMENTS_PROJECTION, MEETINGS_PROJECTION, registerProjection.name],
      afterPositionOf(query, afterHeader),
    );
    return this.log.read(query, language);
  }
}
