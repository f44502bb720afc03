import { Controller, Get, Headers, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAcceptLanguage, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { FollowUpMatrix, OrganisationFollowUp } from './follow-up.responses';

import { authorize } from '../auth/access-policy';
import { Allow, type AuthenticatedRequest } from '../auth/auth.guard';
import { Language, PreferredLanguage } from '../http/accept-language';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { StructureDirectory } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { ApiOrganisationParam, KnownOrganisationPipe } from '../reference-data/known-organisation.pipe';
import { OrganisationId } from '../reference-data/organisations';
import { FollowUpAsOfQueries, type FollowUpPoint, gridPointOf, pointOf } from './follow-up-as-of.queries';
import { followUpEffectiveHistoryProjection } from './follow-up-effective-history.projection';
import { followUpHistoryProjection } from './follow-up-history.projection';
import { FOLLOW_UP_PROJECTIONS } from './follow-up.projection';
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
    private readonly directory: StructureDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('organisations/:id/follow-up')
  @Allow('follow-up.read')
  @ApiOrganisationParam()
  @ApiOkResponse({ type: OrganisationFollowUp })
  @ApiProblemResponses([400, 404])
  @ApiOperation({
    summary:
      'What one organisation owes (decisions, consultation answers, feedback at home) and has done: counts, and a page of each list (limit/offset); overdue first. ' +
      'With asOf, as recorded by then; with inEffectOn, as in effect on that day (follow-up.as-of: the organisation itself, the process roles and auditors, not other members)',
  })
  async forOrganisation(
    @Param('id', KnownOrganisationPipe) id: OrganisationId,
    @Query() query: OrganisationFollowUpQueryDto,
    @Headers('x-after-position') afterHeader: string | undefined,
    @PreferredLanguage() language: Language,
    @Req() request: AuthenticatedRequest,
  ) {
    const point = pointOf(query);
    if (point) {
      // As it stood then: read from the history follow-up-history (and -effective-history) keeps (docs/read-models.md). Another party's past is not a member's to read.
      authorize(request.actor!, 'follow-up.as-of', id);
      await this.projections.waitFor(historiesOf(point), afterPositionOf(query, afterHeader));
      return this.asOfQueries.forOrganisation(id, point, query, language, await this.directory.organisation(id));
    }
    // Now: the versions in force and each question's latest stage run, all follow-up-history's (not the grid's follow-up).
    await this.projections.waitFor([followUpHistoryProjection.name], afterPositionOf(query, afterHeader));
    return this.queries.forOrganisation(id, query, language, await this.directory.organisation(id));
  }

  @Get('follow-up')
  @Allow('follow-up.read')
  @ApiOkResponse({ type: FollowUpMatrix })
  @ApiProblemResponses([400])
  @ApiOperation({
    summary:
      'The organisations (the structure register’s) × every question with a position in force: awaiting, decided (with outcome), overdue or not concerned. ' +
      'With asOf, as recorded by then; with inEffectOn, as in effect on that day (follow-up.as-of, for the roles not limited to their own organisation)',
  })
  async matrix(
    @Query() query: FollowUpMatrixQueryDto,
    @Headers('x-after-position') afterHeader: string | undefined,
    @PreferredLanguage() language: Language,
    @Req() request: AuthenticatedRequest,
  ) {
    const point = gridPointOf(query);
    if (point) {
      // Every party's past at once: for the roles that may read any party's past (not a member, which reads its own).
      authorize(request.actor!, 'follow-up.as-of');
      await this.projections.waitFor(historiesOf(point), afterPositionOf(query, afterHeader));
      return this.asOfQueries.matrix(point, query, language, await this.directory.organisations(today(this.clock)));
    }
    await this.projections.waitFor(FOLLOW_UP_PROJECTIONS, afterPositionOf(query, afterHeader));
    return this.queries.matrix(query, language, await this.directory.organisations(today(this.clock)));
  }
}

/** The histories a point is read from: as in effect on a day, follow-up-history's rows of the questions that do not diverge and follow-up-effective-history's of those that do. */
function historiesOf(point: FollowUpPoint): string[] {
  return point.axis === 'recorded' ? [followUpHistoryProjection.name] : [followUpHistoryProjection.name, followUpEffectiveHistoryProjection.name];
}
