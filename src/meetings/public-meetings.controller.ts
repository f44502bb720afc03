import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { UuidPathPipe } from '../http/path-params';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../auth/auth.guard';
import { foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { FORUM_IDS, ForumId } from '../reference-data/forums';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { respond } from './meeting.controller';
import { agendaDocument, agendaHtml, meetingsCalendar, minutesDocument, minutesHtml } from './meeting-documents';
import { MeetingQueries } from './meeting-queries';
import { meetingDecider } from './meeting.aggregate';
import { DocumentFormatQueryDto } from './meeting.dto';
import { ExistingMeetingState } from './meeting.state';

const Id = () => Param('id', UuidPathPipe);

/**
 * What the structure publishes on its website, readable without a token: an
 * agenda once published, minutes once approved and published, and each
 * forum's calendar. Anything not yet published is 404, as if it did not exist.
 */
@ApiTags('public (webbpublicering)')
@Controller('public')
export class PublicMeetingsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queries: MeetingQueries,
  ) {}

  @Get('meetings/:id/agenda')
  @Public()
  @ApiOperation({ summary: 'A published agenda (dagordning), JSON or printable HTML (?format=html); no token needed' })
  async agenda(@Id() id: string, @Query() query: DocumentFormatQueryDto, @Res({ passthrough: true }) res: Response) {
    const meeting = await this.load(id);
    if (!meeting?.agendaPublishedAt) throw new AggregateNotFound('Published agenda of meeting', id);
    return respond(res, query, agendaDocument(meeting), () => agendaHtml(meeting));
  }

  @Get('meetings/:id/minutes')
  @Public()
  @ApiOperation({ summary: 'Published minutes (protokoll), JSON or printable HTML (?format=html); no token needed' })
  async minutes(@Id() id: string, @Query() query: DocumentFormatQueryDto, @Res({ passthrough: true }) res: Response) {
    const meeting = await this.load(id);
    if (!meeting?.minutes?.publishedAt) throw new AggregateNotFound('Published minutes of meeting', id);
    return respond(res, query, minutesDocument(meeting), () => minutesHtml(meeting));
  }

  @Get('forums/:id/meetings.ics')
  @Public()
  @ApiOperation({ summary: "The forum's meetings as an iCalendar feed (.ics) to subscribe to; no token needed" })
  async calendar(@Param('id') forum: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!(FORUM_IDS as readonly string[]).includes(forum)) throw new AggregateNotFound('Forum', forum);
    const meetings = await this.queries.list(forum as ForumId);
    res.type('text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="${forum}.ics"`);
    return meetingsCalendar(forum, meetings, this.clock.now().toISOString(), `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  }

  private async load(id: string): Promise<ExistingMeetingState | undefined> {
    const meeting = foldEvents(meetingDecider, await this.store.readStream(streamIdOf(meetingDecider, id)));
    return meeting.exists ? meeting : undefined;
  }
}
