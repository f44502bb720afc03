import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignmentQueries } from '../assignments/assignment-queries';
import { assignmentsProjection } from '../assignments/assignment.projection';
import { Allow } from '../auth/auth.guard';
import { MeetingQueries } from '../meetings/meeting-queries';
import { meetingsProjection } from '../meetings/meeting.projection';
import { Language, PreferredLanguage } from '../http/accept-language';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { questionViewsProjection } from '../questions/read-models/question-views.projection';
import { OutstandingLogQueryDto } from './outstanding-log.dto';
import { OutstandingLogQueries } from './outstanding-log.queries';

@ApiTags('outstanding log (utestående logg)')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'sv (default) or en' })
@ApiHeader({ name: 'X-After-Position', required: false, description: 'Same as the afterPosition query parameter' })
@Controller('log')
export class OutstandingLogController {
  constructor(
    private readonly queries: OutstandingLogQueries,
    private readonly projections: ProjectionsService,
    private readonly assignments: AssignmentQueries,
    private readonly meetings: MeetingQueries,
  ) {}

  @Get()
  @Allow('log.read')
  @ApiOperation({
    summary:
      'Utestående logg: every open question and its open items (answers, decisions, feedback due), with next step, who owes it, due date, overdue, last meeting',
  })
  async log(@Query() query: OutstandingLogQueryDto, @Headers('x-after-position') afterHeader: string | undefined, @PreferredLanguage() language: Language) {
    await this.projections.waitFor([questionViewsProjection.name, assignmentsProjection.name, meetingsProjection.name], afterPositionOf(query, afterHeader));
    const { log, extra } = await this.queries.logWith(query, language, (questionIds) =>
      Promise.all([
        // ── Assignments (src/assignments/): open assignments linked to a listed question join its open items. ──
        this.assignments.logItemsForQuestions(questionIds, language),
        // ── Meetings (src/meetings/): items a meeting left open on a listed question, with the meeting they came from. ──
        this.meetings.logItemsForQuestions(questionIds, language),
      ]),
    );
    const [assigned, fromMeetings] = extra;
    return {
      ...log,
      items: log.items.map((item) => {
        const extra = [...(assigned.get(item.id) ?? []), ...(fromMeetings.get(item.id) ?? [])];
        return extra.length === 0 ? item : { ...item, overdue: item.overdue || extra.some((entry) => entry.overdue), openItems: [...item.openItems, ...extra] };
      }),
    };
    // ── end assignments and meetings ──
  }
}
