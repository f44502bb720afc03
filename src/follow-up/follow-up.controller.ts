import { Controller, Get, Headers, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { followUpAsOf } from '../audit/follow-up-as-of';
import { parseAsOf } from '../audit/time-travel';
import { Allow } from '../auth/auth.guard';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { InvalidInputError } from '../http/problem';
import { Language, PreferredLanguage } from '../http/accept-language';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { questionViewsProjection } from '../questions/read-models/question-views.projection';
import { KnownOrganisationPipe } from '../reference-data/known-organisation.pipe';
import { OrganisationId } from '../reference-data/organisations';
import { FollowUpMatrixQueryDto, OrganisationFollowUpQueryDto } from './follow-up.dto';
import { FollowUpQueries } from './follow-up.queries';

@ApiTags('follow-up (uppföljning)')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'sv (default) or en' })
@ApiHeader({ name: 'X-After-Position', required: false, description: 'Same as the afterPosition query parameter' })
@Controller()
export class FollowUpController {
  constructor(
    private readonly queries: FollowUpQueries,
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('organisations/:id/follow-up')
  @Allow('follow-up.read')
  @ApiOperation({
    summary:
      'What one of the 17 organisations owes (decisions, consultation answers, feedback at home) and has done: counts, and a page of each list (limit/offset); overdue first',
  })
  async forOrganisation(
    @Param('id', KnownOrganisationPipe) id: OrganisationId,
    @Query() query: OrganisationFollowUpQueryDto,
    @Headers('x-after-position') afterHeader: string | undefined,
    @PreferredLanguage() language: Language,
  ) {
    if (query.asOf !== undefined) {
      // As it stood then: folded from the events, not read from the read model (see docs/audit.md).
      const asOf = parseAsOf(query.asOf);
      if (!asOf) {
        throw new InvalidInputError([
          { field: 'asOf', rule: 'isInstant', message: 'asOf must be an instant with time zone (2025-03-01T12:00:00+01:00) or a date (2025-03-01)' },
        ]);
      }
      return followUpAsOf(this.store, id, asOf, query, language);
    }
    await this.projections.waitFor([questionViewsProjection.name], afterPositionOf(query, afterHeader));
    return this.queries.forOrganisation(id, query, language);
  }

  @Get('follow-up')
  @Allow('follow-up.read')
  @ApiOperation({ summary: 'The 17 organisations × every question with a position in force: awaiting, decided (with outcome), overdue or not concerned' })
  async matrix(@Query() query: FollowUpMatrixQueryDto, @Headers('x-after-position') afterHeader: string | undefined, @PreferredLanguage() language: Language) {
    await this.projections.waitFor([questionViewsProjection.name], afterPositionOf(query, afterHeader));
    return this.queries.matrix(query, language);
  }
}
