import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { InvalidInputError } from '../../http/problem';
import { type ExistingMeetingState, foldMeeting, foldYearWheel, meetingStreamId, yearWheelStreamId } from '../../meetings';
import { MeetingQueries } from '../../meetings/contract';
import { CLOCK, Clock } from '../../shared-kernel/clock';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { annualWheelPage } from './annual-wheel.page';
import { meetingPage, meetingsPage } from './meeting.page';
import { meetingFormsOffered } from './meeting-forms';
import { wheelFormsOffered } from './wheel-forms';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

/**
 * Meetings (agenda, attendance, outcomes, minutes) and the annual wheel, for
 * those who may read meetings, and their published part for everyone under
 * /web/public: the same reads as GET /meetings, /meetings/:id, /annual-wheel/:year
 * and the public agenda and minutes.
 */
@ApiTags('web pages (HTML)')
@Controller('web')
@WebPage()
@UseFilters(WebErrorFilter)
export class MeetingPagesController {
  constructor(
    private readonly meetings: MeetingQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('meetings')
  @Allow('meetings.read')
  async list(@Page() page: PageContext) {
    return meetingsPage(page, await this.meetings.list(), '/meetings', page.t.meetings).text;
  }

  @Get('meetings/:id')
  @Allow('meetings.read')
  async meeting(@Page() page: PageContext, @Id() id: string, @Query('recorded') recorded: string | undefined) {
    const meeting = await this.load(id);
    const forms = page.actor ? meetingFormsOffered({ state: meeting, actor: page.actor, language: page.language, directory: page.directory }) : [];
    return meetingPage(page, meeting, false, { forms, recorded }).text;
  }

  @Get('annual-wheel')
  @Allow('meetings.read')
  async wheel(@Page() page: PageContext, @Query('year') yearText: string | undefined, @Query('recorded') recorded: string | undefined) {
    return this.wheelPage(page, yearText, false, recorded);
  }

  @Get('public')
  @Public()
  async publicList(@Page() page: PageContext) {
    const published = (await this.meetings.list()).filter((meeting) => meeting.agendaPublishedAt !== null || meeting.minutes?.publishedAt);
    return meetingsPage(
      page,
      published,
      '/public/meetings',
      `${page.t.publishedAgendas} ${page.language === 'en' ? 'and' : 'och'} ${page.t.minutes.toLowerCase()}`,
    ).text;
  }

  @Get('public/meetings/:id')
  @Public()
  async publicMeeting(@Page() page: PageContext, @Id() id: string) {
    const meeting = await this.load(id);
    if (!meeting.agendaPublishedAt && !meeting.minutes?.publishedAt) throw new AggregateNotFound('Published meeting', id);
    return meetingPage(page, meeting, true).text;
  }

  @Get('public/annual-wheel')
  @Public()
  async publicWheel(@Page() page: PageContext, @Query('year') yearText: string | undefined) {
    return this.wheelPage(page, yearText, true);
  }

  private async wheelPage(page: PageContext, yearText: string | undefined, publicView: boolean, recorded?: string) {
    const year = yearText === undefined ? Number(this.clock.now().toISOString().slice(0, 4)) : Number(yearText);
    if (!Number.isInteger(year) || year < 2019 || year > 2100) {
      throw new InvalidInputError([{ field: 'year', rule: 'isYear', message: 'year must be a year from 2019 (when the collaboration began) to 2100' }]);
    }
    const [wheel, meetings] = await Promise.all([this.store.readStream(yearWheelStreamId(year)).then(foldYearWheel), this.meetings.list()]);
    const shownWheel = wheel.exists && (!publicView || wheel.status === 'adopted') ? wheel : undefined;
    const ofTheYear = meetings.filter(
      (meeting) => meeting.startsAt.startsWith(String(year)) && (!publicView || meeting.agendaPublishedAt !== null || shownWheel !== undefined),
    );
    // The wheel's forms the reader may give now; none on the public page.
    const forms =
      page.actor && !publicView ? wheelFormsOffered(year, { state: wheel, actor: page.actor, language: page.language, directory: page.directory }) : [];
    return annualWheelPage(page, year, shownWheel, ofTheYear, { publicView, forms, recorded }).text;
  }

  private async load(id: string): Promise<ExistingMeetingState> {
    const meeting = foldMeeting(await this.store.readStream(meetingStreamId(id)));
    if (!meeting.exists) throw new AggregateNotFound('Meeting', id);
    return meeting;
  }
}
