import { Body, Controller, Get, HttpCode, Param, Res, Inject } from '@nestjs/common';
import { IntegerPathPipe } from '../http/path-params';
import { IdempotentPost } from '../http/idempotency/idempotency.interceptor';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses, ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { YearWheelCommandResult, YearWheelView } from './meeting.responses';
import { Response } from 'express';
import { Allow } from '../auth/auth.guard';
import { CommandEnvelope, foldEvents, streamIdOf } from '../command-handling/execute-with-decider';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CommandEnvelopeFromRequest } from '../http/command-envelope.decorator';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { ExecuteYearWheelCommand, YearWheelCommandOutcome } from './execute-year-wheel-command';
import { ProposeYearWheelDto } from './meeting.dto';
import { yearWheelDecider } from './year-wheel.decider';
import { YearWheelCommand } from './year-wheel.commands';
import { rhythmOf } from './year-wheel.state';

const Year = () => Param('year', IntegerPathPipe);

/** The annual wheel (årshjul): proposed by the working group, adopted by the chairs' council, which schedules its meetings. */
@ApiTags('annual wheel (årshjul)')
@ApiBearerAuth()
@Controller('annual-wheel')
export class YearWheelController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @IdempotentPost(':year/proposal')
  @ApiCommandResponses(YearWheelCommandResult)
  @HttpCode(200)
  @Allow('ProposeYearWheel')
  @ApiOperation({ summary: "Propose the year's wheel (or a revision): meetings per forum and recurring themes" })
  propose(
    @Year() year: number,
    @Body() body: ProposeYearWheelDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const meetings = body.meetings.map(({ meetingId, forum, title, startsAt, endsAt, place, digitalLink, agendaDeadline }) => ({
      ...(meetingId ? { meetingId } : {}),
      forum,
      startsAt,
      agendaDeadline,
      ...(title ? { title } : {}),
      ...(endsAt ? { endsAt } : {}),
      ...(place ? { place } : {}),
      ...(digitalLink ? { digitalLink } : {}),
    }));
    const themes = (body.themes ?? []).map(({ month, title, description }) => ({ month, title, ...(description ? { description } : {}) }));
    return this.run({ type: 'ProposeYearWheel', data: { year, meetings, themes } }, envelope, res);
  }

  @IdempotentPost(':year/adopt')
  @ApiCommandResponses(YearWheelCommandResult)
  @HttpCode(200)
  @Allow('AdoptYearWheel')
  @ApiOperation({ summary: 'Adopt the proposed wheel (the chairs’ council): schedules its new meetings, moves or cancels those a revision changes' })
  adopt(@Year() year: number, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AdoptYearWheel', data: { year, meetingIds: [] } }, envelope, res);
  }

  @Get(':year')
  @Allow('meetings.read')
  @ApiOkResponse({ type: YearWheelView, headers: { ETag: { description: 'The revision, quoted', schema: { type: 'string' } } } })
  @ApiProblemResponses([400, 404])
  @ApiOperation({
    summary:
      'The annual wheel of a year: status, planned meetings, themes, the meetings it scheduled and cancelled, its rhythm (when it is proposed, adopted, revised)',
  })
  async get(@Year() year: number, @Res({ passthrough: true }) res: Response) {
    const events = await this.store.readStream(streamIdOf(yearWheelDecider, String(year)));
    const wheel = foldEvents(yearWheelDecider, events);
    if (!wheel.exists) throw new AggregateNotFound('Annual wheel', String(year));
    res.setHeader('ETag', `"${events.length - 1}"`);
    return { ...wheel, rhythm: rhythmOf(year, this.config.annualWheel), revision: events.length - 1 };
  }

  private async run(command: YearWheelCommand, envelope: CommandEnvelope, res: Response) {
    const outcome: YearWheelCommandOutcome = await this.commandBus.execute(new ExecuteYearWheelCommand(command, envelope));
    res.setHeader('ETag', `"${outcome.revision}"`);
    return {
      year: command.data.year,
      revision: outcome.revision,
      position: outcome.position,
      events: outcome.events,
      ...(outcome.meetingOutcomes.length
        ? { meetings: outcome.meetingOutcomes.map(({ meetingId, change, revision, events }) => ({ meetingId, change, revision, events })) }
        : {}),
      ...(outcome.notCarried.length ? { notCarried: outcome.notCarried } : {}),
      ...(outcome.pending.length ? { pending: outcome.pending } : {}),
    };
  }
}
