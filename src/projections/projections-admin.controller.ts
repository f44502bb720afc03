import { Controller, Get, HttpCode, NotFoundException, Param } from '@nestjs/common';
import { IdempotentPost } from '../http/idempotency/idempotency.interceptor';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { ProjectionStatusView, RebuildRequested } from './projections.responses';

import { Allow } from '../auth/auth.guard';
import { ProjectionsService } from './projections.service';

/** Operators' view of the read side: where each projection stands, and rebuilds. */
@ApiTags('admin: projections (läsmodeller)')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsAdminController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get()
  @Allow('projections.admin')
  @ApiOkResponse({ type: ProjectionStatusView, isArray: true })
  @ApiOperation({ summary: 'Each projection: position, events applied, events behind, failure, rebuild progress' })
  statuses() {
    return this.projections.statuses();
  }

  @IdempotentPost('rebuild')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: RebuildRequested, description: 'The rebuild is asked for; follow it in GET /admin/projections' })
  @ApiProblemResponses([409, 503])
  @Allow('projections.admin')
  @ApiOperation({ summary: 'Rebuild every read model from zero, beside the live ones; swapped in when caught up' })
  async rebuildAll() {
    await this.projections.requestRebuild(this.projections.names());
    return { requested: this.projections.names() };
  }

  @IdempotentPost(':name/rebuild')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: RebuildRequested, description: 'The rebuild is asked for; follow it in GET /admin/projections' })
  @ApiProblemResponses([404, 409, 503], { 404: 'No projection of that name' })
  @Allow('projections.admin')
  @ApiOperation({ summary: 'Rebuild one read model from zero, beside the live one' })
  async rebuild(@Param('name') name: string) {
    if (!this.projections.names().includes(name)) {
      throw new NotFoundException(`No projection named "${name}"; known: ${this.projections.names().join(', ')}`);
    }
    await this.projections.requestRebuild([name]);
    return { requested: [name] };
  }
}
