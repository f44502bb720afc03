import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/auth.guard';
import { ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { StructureReportView } from './structure-report.responses';
import { StructureReports } from './structure-reports';

/** The annual report on the structure, for the yearly dialogue on the collaboration structure. */
@ApiTags('structure register (strukturregister)')
@ApiBearerAuth()
@Controller('reports/structure')
export class StructureReportController {
  constructor(private readonly reports: StructureReports) {}

  @Get(':year')
  @Allow('reports.read')
  @ApiOkResponse({ type: StructureReportView })
  @ApiProblemResponses([400, 503], { 503: 'The structure-report read model did not reach the log head of the request in time; retry' })
  @ApiOperation({
    summary:
      "The year's report on the structure: each forum's meetings held and questions handled by logic, positions taken, each organisation's decisions and how late, the register's changes; " +
      "read from the structure-report read model once it has reached the log's head as of the request (503 if it lags), the structure and its changes folded from the register's own stream",
  })
  async report(@Param('year') year: string) {
    return this.reports.forYear(year);
  }
}
