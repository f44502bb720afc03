import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { UuidPathPipe } from '../http/path-params';
import { ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { ApiDocumentResponse, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { FORUM_IDS, ForumId } from '../reference-data/forums';
import { RegisterReader, registerProjection } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { respond } from './meeting.controller';
import { AfterPositionQueryDto, afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { agendaDocument, agendaHtml, meetingsCalendar, minutesDocument, minutesHtml, publicView } from './meeting-documents';
import { MeetingQueries } from './meeting-queries';
import { meetingDecider } from './meeting.decider';
import { DocumentFormatQueryDto } from './meeting.dto';
import { meetingsProjection } from './meeting.projection';
import { ExistingMeetingState } from './meeting.state';

const Id = () => Param('id', UuidPathPipe);

/**
 * What the structure publishes on its website, readable without a token: an
 * agenda once published, minutes once approved and published, and each
 * forum's calendar (time and forum of every meeting, more once its agenda is
 * published). Anything not yet published is 404, as if it did not exist; a
 * meeting's digital link is never public (`publicView`).
 */
@ApiTags('public (webbpublicering)')
@Controller('public')
export class PublicMeetingsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queries: MeetingQueries,
    private readonly projections: ProjectionsService,
    private readonly register: RegisterReader,
  ) {}

  @Get('meetings/:id/agenda')
  @Public()
  @ApiDocumentResponse('The published agenda: meeting (header, no digital link), status, publishedAt, items, amendments')
  @ApiProblemResponses([400, 404, 429], { 404: 'No such meeting, or its agenda is not published' })
  @ApiOperation({ summary: 'A published agenda (dagordning), JSON or printable HTML (?format=html); no token needed' })
  async agenda(@Id() id: string, @Query() query: DocumentFormatQueryDto, @Res({ passthrough: true }) res: Response) {
    const meeting = await this.load(id);
    if (!meeting?.agendaPublishedAt) throw new AggregateNotFound('Published agenda of meeting', id);
    const shown = publicView(meeting);
    const naming = await this.register.forumNaming(today(this.clock));
    return respond(res, query, agendaDocument(shown, naming), () => agendaHtml(shown, this.clock.timeZone, naming));
  }

  @Get('meetings/:id/minutes')
  @Public()
  @ApiDocumentResponse('The published minutes: meeting (header, no digital link), status, attendance, items with outcomes, approvals, corrections')
  @ApiProblemResponses([400, 404, 429], { 404: 'No such meeting, or its minutes are not published' })
  @ApiOperation({ summary: 'Published minutes (protokoll), JSON or printable HTML (?format=html); no token needed' })
  async minutes(@Id() id: string, @Query() query: DocumentFormatQueryDto, @Res({ passthrough: true }) res: Response) {
    const meeting = await this.load(id);
    if (!meeting?.minutes?.publishedAt) throw new AggregateNotFound('Published minutes of meeting', id);
    const shown = publicView(meeting);
    const naming = await this.register.forumNaming(today(this.clock));
    return respond(res, query, minutesDocument(shown, naming), () => minutesHtml(shown, this.clock.timeZone, naming));
  }

  @Get('forums/:id/meetings.ics')
  @Public()
  @ApiResponse({ status: 200, description: 'An iCalendar (RFC 5545) feed', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiProblemResponses([400, 404, 429], { 404: 'No such forum' })
  @ApiReadYourWrites()
  @ApiOperation({
    summary:
      "The forum's meetings as an iCalendar feed (.ics) to subscribe to; no token needed. Time and forum of every meeting; title, place and agenda link once the agenda is published",
  })
  async calendar(
    @Param('id') forum: string,
    @Query() query: AfterPositionQueryDto,
    @Headers('x-after-position') afterHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    // A forum the register knows (another collaboration's too); the default data's while it is empty.
    const naming = await this.register.forumNaming(today(this.clock));
    const known = naming ? naming.namesOn(forum, naming.today) !== undefined : (FORUM_IDS as readonly string[]).includes(forum);
    if (!known) throw new AggregateNotFound('Forum', forum);
    await this.projections.waitFor([meetingsProjection.name, registerProjection.name], afterPositionOf(query, afterHeader));
    const meetings = await this.queries.list(forum as ForumId);
    res.type('text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="${forum}.ics"`);
    // The feed changes only when a meeting does, so a client's ETag stays valid (304) between changes.
    const stamp = meetings.reduce((latest, meeting) => (meeting.lastChangedAt > latest ? meeting.lastChangedAt : latest), '1970-01-01T00:00:00.000Z');
    return meetingsCalendar(forum, meetings, stamp, this.config.publicBaseUrl, this.clock.timeZone, naming);
  }

  private async load(id: string): Promise<ExistingMeetingState | undefined> {
    const meeting = foldEvents(meetingDecider, await this.store.readStream(streamIdOf(meetingDecider, id)));
    return meeting.exists ? meeting : undefined;
  }
}
