import { Controller, Get, Headers, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAcceptLanguage, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { FollowUpMatrix, OrganisationFollowUp } from './follow-up.responses';

import { authorize } from '../auth/access-policy';
import { Allow, type AuthenticatedRequest } from '../auth/auth.guard';
import { InvalidInputError } from '../http/problem';
import { Language, PreferredLanguage } from '../http/accept-language';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { QUESTION_LIST_PROJECTION } from '../question-list/contract';
import { ApiOrganisationParam, KnownOrganisationPipe } from '../reference-data/known-organisation.pipe';
import { OrganisationId } from '../reference-data/organisations';
import { parseAsOf } from '../time-travel/contract';
import { FollowUpAsOfQueries } from './follow-up-as-of.queries';
import { followUpHistoryProjection } from './follow-up-history.projection';
import { FOLLOW_UP_PROJECTION } from './follow-up.projection';
import { FollowUpMatrixQueryDto, OrganisationFollowUpQueryDto } from './follow-up.dto';
import { FollowUpQueries } from './follow-up.queries';

@ApiTags('follow-up (uppföljning)')
@ApiBearerAuth()
@ApiAcceptLanguage()
@ApiReadYourWrites()
@Controller()
export class FollowUpController {
  constructor(
    private readonly queries: FollowUpQueries,
    private readonly asOfQueries: FollowUpAsOfQueries,
    private readonly projections: ProjectionsService,
  ) {}

  @Get('organisations/:id/follow-up')
  @Allow('follow-up.read')
  @ApiOrganisationParam()
  @ApiOkResponse({ type: OrganisationFollowUp })
  @ApiProblemResponses([400, 404])
  @ApiOperation({
    summary:
      'What one of the 17 organisations owes (decisions, consultation answers, feedback at home) and has done: counts, and a page of each list (limit/offset); overdue first. ' +
      'With asOf, as it stood then (follow-up.as-of: the organisation itself, the process roles and auditors, not other members)',
  })
  async forOrganisation(
    @Param('id', KnownOrganisationPipe) id: OrganisationId,
    @Query() query: OrganisationFollowUpQueryDto,
    @Headers('x-after-position') afterHeader: string | undefined,
    @PreferredLanguage() language: Language,
    @Req() request: AuthenticatedRequest,
  ) {
    if (query.asOf !== undefined) {
      // As it stood then: read from the history follow-up-history keeps (docs/read-models.md). Another party's past is not a member's to read.
      authorize(request.actor!, 'follow-up.as-of', id);
      const asOf = parseAsOf(query.asOf);
      if (!asOf) {
        throw new InvalidInputError([
          { field: 'asOf', rule: 'isInstant', message: 'asOf must be an instant with time zone (2025-03-01T12:00:00+01:00) or a date (2025-03-01)' },
        ]);
      }
      await this.projections.waitFor([followUpHistoryProjection.name], afterPositionOf(query, afterHeader));
      return this.asOfQueries.forOrganisation(id, asOf, query, language);
    }
    await this.projections.waitFor([FOLLOW_UP_PROJECTION, QUESTION_LIST_PROJECTION], afterPositionOf(query, afterHeader));
    return this.queries.forOrganisation(id, query, language);
  }

  @Get('follow-up')
  @Allow('follow-up.read')
  @ApiOkResponse({ type: FollowUpMatrix })
  @ApiProblemResponses([400])
  @ApiOperation({ summary: 'The 17 organisations × every question with a position in force: awaiting, decided (with outcome), overdue or not concerned' })
  async matrix(@Query() query: FollowUpMatrixQueryDto, @Headers('x-after-position') afterHeader: string | undefined, @PreferredLanguage() language: Language) {
    await this.projections.waitFor([FOLLOW_UP_PROJECTION, QUESTION_LIST_PROJECTION], afterPositionOf(query, afterHeader));
    return this.queries.matrix(query, language);
  }
}
