import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { registerProjection } from '../register/contract';
import { UuidPathPipe } from '../http/path-params';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAcceptLanguage, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { QuestionList, QuestionTimeline } from './question-queries.responses';
import { ASSIGNMENTS_PROJECTION, AssignmentQueries } from '../assignments/contract';
import { Allow } from '../auth/auth.guard';
import { Language, PreferredLanguage } from '../http/accept-language';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { ListQuestionsDto, TimelineQueryDto } from './question-queries.dto';
import { QuestionQueries } from './question-queries';
import { QUESTION_LIST_PROJECTION } from './question-views.projection';

/**
 * Where every question stands (GET /questions) and a question's history as
 * readable entries (GET /questions/:id/timeline): the list from the read
 * models, the history from the question's stream up to the revision they show. Beside
 * QuestionController's `GET /questions/:id`, which folds one stream; the paths
 * do not overlap.
 */
@ApiTags('questions (frågor)')
@ApiBearerAuth()
@ApiAcceptLanguage()
@ApiReadYourWrites()
@Controller('questions')
export class QuestionQueriesController {
  constructor(
    private readonly queries: QuestionQueries,
    private readonly projections: ProjectionsService,
    private readonly assignments: AssignmentQueries,
  ) {}

  @Get()
  @Allow('questions.read')
  @ApiOkResponse({ type: QuestionList })
  @ApiProblemResponses([400])
  @ApiOperation({ summary: 'Every question: stage, forum, logic, next step and who owns it, dates; filter, search, sort, page' })
  async list(@Query() query: ListQuestionsDto, @Headers('x-after-position') afterHeader: string | undefined, @PreferredLanguage() language: Language) {
    await this.projections.waitFor([QUESTION_LIST_PROJECTION, registerProjection.name], afterPositionOf(query, afterHeader));
    return this.queries.list(query, language);
  }

  @Get(':id/timeline')
  @Allow('questions.history')
  @ApiOkResponse({ type: QuestionTimeline })
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: "The question's history: what happened, who (name, role, organisation), when and why" })
  async timeline(
    @Param('id', UuidPathPipe) id: string,
    @Query() query: TimelineQueryDto,
    @Headers('x-after-position') afterHeader: string | undefined,
    @PreferredLanguage() language: Language,
  ) {
    await this.projections.waitFor([QUESTION_LIST_PROJECTION, ASSIGNMENTS_PROJECTION, registerProjection.name], afterPositionOf(query, afterHeader));
    const timeline = await this.queries.timeline(id, query, language);
    // ── Assignments (src/assignments/): the assignments linked to this question, each with what happened to it. ──
    return { ...timeline, assignments: await this.assignments.forQuestionTimeline(id, language) };
  }
}
