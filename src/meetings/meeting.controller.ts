import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Query, Res } from '@nestjs/common';
import { UuidPathPipe } from '../http/path-params';
import { IdempotentPost } from '../http/idempotency/idempotency.interceptor';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { ApiCommandResponses, ApiDocumentResponse, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { MeetingCommandResult, MeetingList, MeetingView, ProposedAgendaResult } from './meeting.responses';
import { Allow } from '../auth/auth.guard';
import { CommandEnvelope, foldEvents, idCreatedBy, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CommandEnvelopeFromRequest } from '../http/command-envelope.decorator';
import { AfterPositionQueryDto, afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { QUESTION_LOG_PROJECTIONS } from '../outstanding-log/contract';
import { RegisterReader, registerProjection } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { ExecuteMeetingCommand, MeetingCommandOutcome } from './execute-meeting-command';
import { agendaDocument, agendaHtml, minutesDocument, minutesHtml } from './meeting-documents';
import { AgendaProposals } from './agenda-proposals';
import { MeetingQueries } from './meeting-queries';
import { meetingDecider } from './meeting.decider';
import { AgendaItemInput, MeetingCommand } from './meeting.commands';
import {
  AgendaItemDto,
  AmendAgendaDto,
  CancelMeetingDto,
  ApproveMinutesDto,
  CorrectMinutesDto,
  DocumentFormatQueryDto,
  DraftMinutesDto,
  ListMeetingsQueryDto,
  RecordAttendanceDto,
  RecordItemOutcomeDto,
  RescheduleMeetingDto,
  ScheduleMeetingDto,
  SetAgendaDto,
} from './meeting.dto';
import { MEETINGS_PROJECTION } from './meeting.projection';
import { ExistingMeetingState } from './meeting.state';

const Id = () => Param('id', UuidPathPipe);

/** Meetings (sammanträden): schedule, agenda, attendance, outcomes, minutes. */
@ApiTags('meetings (sammanträden)')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: MeetingQueries,
    private readonly proposals: AgendaProposals,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly register: RegisterReader,
  ) {}

  @IdempotentPost()
  @ApiCommandResponses(MeetingCommandResult, { status: 201, path: false })
  @Allow('ScheduleMeeting')
  @ApiOperation({ summary: 'Schedule a meeting of a forum (utlysa sammanträde): time, place or digital link, deadline for agenda items' })
  schedule(@Body() body: ScheduleMeetingDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const meetingId = idCreatedBy(envelope.commandId, 'meeting');
    res.location(`/meetings/${meetingId}`);
    return this.run({ type: 'ScheduleMeeting', data: { meetingId, ...body } }, envelope, res);
  }

  @Get()
  @Allow('meetings.read')
  @ApiOkResponse({ type: MeetingList })
  @ApiProblemResponses([400])
  @ApiReadYourWrites()
  @ApiOperation({ summary: 'Meetings, optionally of one forum, in time order' })
  async list(@Query() query: ListMeetingsQueryDto, @Headers('x-after-position') afterHeader: string | undefined) {
    await this.projections.waitFor([MEETINGS_PROJECTION, registerProjection.name], afterPositionOf(query, afterHeader));
    // Each meeting's forum as the register named it on the meeting's day, as the agenda names it.
    const [meetings, naming] = await Promise.all([this.queries.list(query.forum), this.register.forumNaming(today(this.clock))]);
    return {
      items: meetings.map((meeting) => ({
        ...agendaDocument(meeting, naming).meeting,
        agendaStatus: meeting.agendaPublishedAt ? 'published' : 'draft',
        minutesStatus: meeting.minutes?.status ?? null,
        cancelled: meeting.cancelled ?? null,
      })),
    };
  }

  @Get(':id')
  @Allow('meetings.read')
  @ApiOkResponse({ type: MeetingView, headers: { ETag: { description: 'The revision, quoted', schema: { type: 'string' } } } })
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: 'The meeting folded from its events: agenda (proposed, current, amendments), attendance, outcomes, minutes' })
  async get(@Id() id: string, @Res({ passthrough: true }) res: Response) {
    const { meeting, revision } = await this.load(id);
    res.setHeader('ETag', `"${revision}"`);
    return { ...meeting, revision };
  }

  @IdempotentPost(':id/agenda/proposal')
  @ApiCommandResponses(ProposedAgendaResult)
  @ApiReadYourWrites()
  @HttpCode(200)
  @Allow('ProposeAgenda')
  @ApiOperation({ summary: 'Propose the agenda from the outstanding log and the open items of earlier meetings; the chair then accepts or edits it' })
  async propose(
    @Id() id: string,
    @Query() query: AfterPositionQueryDto,
    @Headers('x-after-position') afterHeader: string | undefined,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.projections.waitFor([...QUESTION_LOG_PROJECTIONS, MEETINGS_PROJECTION, registerProjection.name], afterPositionOf(query, afterHeader));
    const { meeting } = await this.load(id);
    const items = await this.proposals.proposeAgenda(meeting);
    const outcome = await this.run({ type: 'ProposeAgenda', data: { meetingId: id, items } }, envelope, res);
    const { meeting: proposed } = await this.load(id);
    return { ...outcome, items: proposed.proposedAgenda };
  }

  @IdempotentPost(':id/agenda')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('SetAgenda')
  @ApiOperation({ summary: 'Set the agenda (the chair accepts or edits the proposal); refused once published: amend it instead' })
  setAgenda(@Id() id: string, @Body() body: SetAgendaDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SetAgenda', data: { meetingId: id, items: body.items.map(itemInput) } }, envelope, res);
  }

  @IdempotentPost(':id/agenda/publish')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('PublishAgenda')
  @ApiOperation({ summary: 'Publish the agenda: it is frozen from now on, and readable without a token' })
  publishAgenda(@Id() id: string, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'PublishAgenda', data: { meetingId: id } }, envelope, res);
  }

  @IdempotentPost(':id/reschedule')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('RescheduleMeeting')
  @ApiOperation({ summary: 'Move the meeting (flytta): new time, deadline, place or link, with a reason; the calendar shows it with a higher SEQUENCE' })
  reschedule(
    @Id() id: string,
    @Body() body: RescheduleMeetingDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'RescheduleMeeting', data: { meetingId: id, ...body } }, envelope, res);
  }

  @IdempotentPost(':id/cancel')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('CancelMeeting')
  @ApiOperation({ summary: 'Cancel the meeting (ställa in), with a reason; it stays in the calendar as STATUS:CANCELLED' })
  cancel(@Id() id: string, @Body() body: CancelMeetingDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CancelMeeting', data: { meetingId: id, reason: body.reason } }, envelope, res);
  }

  @IdempotentPost(':id/agenda/amendments')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('AmendAgenda')
  @ApiOperation({ summary: 'Amend the published agenda (add or remove items), with a reason' })
  amend(@Id() id: string, @Body() body: AmendAgendaDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run(
      { type: 'AmendAgenda', data: { meetingId: id, add: (body.add ?? []).map(itemInput), removeItemIds: body.removeItemIds ?? [], reason: body.reason } },
      envelope,
      res,
    );
  }

  @Get(':id/agenda')
  @Allow('meetings.read')
  @ApiDocumentResponse('The agenda: meeting (header), status, publishedAt, items (number, itemId, title, kind, logic, questionId, …), amendments')
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: 'The agenda (dagordning), draft or published, as JSON or printable HTML (?format=html)' })
  async agenda(@Id() id: string, @Query() query: DocumentFormatQueryDto, @Res({ passthrough: true }) res: Response) {
    const { meeting } = await this.load(id);
    // The register's names: the forum as it was named on the meeting's day, another collaboration's organisations by name.
    const naming = await this.register.forumNaming(today(this.clock));
    return respond(res, query, agendaDocument(meeting, naming), () => agendaHtml(meeting, this.clock.timeZone, naming));
  }

  @IdempotentPost(':id/attendance')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('RecordAttendance')
  @ApiOperation({ summary: 'Record the attendance list (närvarolista): per party, who, in what capacity, absent, digital' })
  attendance(
    @Id() id: string,
    @Body() body: RecordAttendanceDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const attendance = body.attendance.map(({ organisationId, status, name, capacity, digital }) => ({
      organisationId,
      status,
      ...(name ? { name } : {}),
      ...(capacity ? { capacity } : {}),
      digital: digital ?? false,
    }));
    return this.run({ type: 'RecordAttendance', data: { meetingId: id, attendance } }, envelope, res);
  }

  @IdempotentPost(':id/items/:itemId/outcome')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('RecordItemOutcome')
  @ApiOperation({ summary: "Record an item's outcome; a dialogue or position item also records the dialogue or takes the position on its question" })
  outcome(
    @Id() id: string,
    @Param('itemId') itemId: string,
    @Body() body: RecordItemOutcomeDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const position = body.position
      ? { text: body.position.text, organisationsToDecide: body.position.organisationsToDecide, decideBy: body.position.decideBy }
      : undefined;
    return this.run(
      { type: 'RecordItemOutcome', data: { meetingId: id, itemId, status: body.status, summary: body.summary, ...(position ? { position } : {}) } },
      envelope,
      res,
    );
  }

  @IdempotentPost(':id/minutes')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('DraftMinutes')
  @ApiOperation({ summary: 'Draft the minutes (upprätta protokoll) from agenda, attendance and outcomes, naming the adjusters' })
  draft(@Id() id: string, @Body() body: DraftMinutesDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const adjusters = body.adjusters.map(({ userId, name, organisationId }) => ({ userId, name, ...(organisationId ? { organisationId } : {}) }));
    return this.run({ type: 'DraftMinutes', data: { meetingId: id, adjusters, ...(body.notes ? { notes: body.notes } : {}) } }, envelope, res);
  }

  @IdempotentPost(':id/minutes/approve')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('ApproveMinutes')
  @ApiOperation({
    summary:
      'Approve the minutes (justera) as yourself: only an adjuster the draft names, signed in as that person, today; when every named adjuster has approved, the minutes are approved and immutable',
  })
  approve(
    @Id() id: string,
    @Body() _body: ApproveMinutesDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'ApproveMinutes', data: { meetingId: id } }, envelope, res);
  }

  @IdempotentPost(':id/minutes/publish')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('PublishMinutes')
  @ApiOperation({ summary: 'Publish the approved minutes: readable without a token' })
  publishMinutes(@Id() id: string, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'PublishMinutes', data: { meetingId: id } }, envelope, res);
  }

  @IdempotentPost(':id/minutes/corrections')
  @ApiCommandResponses(MeetingCommandResult)
  @HttpCode(200)
  @Allow('CorrectMinutes')
  @ApiOperation({ summary: 'Correct approved minutes: a new event beside the approved text, with a reason' })
  correct(
    @Id() id: string,
    @Body() body: CorrectMinutesDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(
      { type: 'CorrectMinutes', data: { meetingId: id, ...(body.itemId ? { itemId: body.itemId } : {}), correction: body.correction, reason: body.reason } },
      envelope,
      res,
    );
  }

  @Get(':id/minutes')
  @Allow('meetings.read')
  @ApiDocumentResponse('The minutes: meeting (header), status, attendance, items with their outcomes, adjusters and approvals, corrections')
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: 'The minutes (protokoll), as JSON or printable HTML (?format=html)' })
  async minutes(@Id() id: string, @Query() query: DocumentFormatQueryDto, @Res({ passthrough: true }) res: Response) {
    const { meeting } = await this.load(id);
    if (!meeting.minutes) throw new AggregateNotFound('Minutes of meeting', id);
    const naming = await this.register.forumNaming(today(this.clock));
    return respond(res, query, minutesDocument(meeting, naming), () => minutesHtml(meeting, this.clock.timeZone, naming));
  }

  private async load(id: string): Promise<{ meeting: ExistingMeetingState; revision: number }> {
    const events = await this.store.readStream(streamIdOf(meetingDecider, id));
    const meeting = foldEvents(meetingDecider, events);
    if (!meeting.exists) throw new AggregateNotFound('Meeting', id);
    return { meeting, revision: events.length - 1 };
  }

  private async run(command: MeetingCommand, envelope: CommandEnvelope, res: Response) {
    const outcome: MeetingCommandOutcome = await this.commandBus.execute(new ExecuteMeetingCommand(command, envelope));
    res.setHeader('ETag', `"${outcome.revision}"`);
    return {
      meetingId: command.data.meetingId,
      revision: outcome.revision,
      position: outcome.position,
      events: outcome.events,
      ...(outcome.questionOutcomes.length
        ? { questions: outcome.questionOutcomes.map(({ questionId, revision, events }) => ({ questionId, revision, events })) }
        : {}),
      ...(outcome.notCarried.length ? { notCarried: outcome.notCarried } : {}),
      ...(outcome.pending.length ? { pending: outcome.pending.map((questionId) => ({ questionId })) } : {}),
    };
  }
}

/** A new item gets its id here, so the decider stays pure. */
function itemInput(item: AgendaItemDto): AgendaItemInput {
  return {
    itemId: item.itemId ?? randomUUID(),
    title: item.title,
    kind: item.kind,
    logic: item.logic,
    ...(item.questionId ? { questionId: item.questionId } : {}),
    documents: (item.documents ?? []).map(({ title, reference, url }) => ({ title, ...(reference ? { reference } : {}), ...(url ? { url } : {}) })),
    ...(item.origin
      ? {
          origin: {
            kind: item.origin.kind,
            ...(item.origin.meetingId ? { meetingId: item.origin.meetingId } : {}),
            ...(item.origin.itemId ? { itemId: item.origin.itemId } : {}),
          },
        }
      : {}),
  };
}

/** JSON, or with ?format=html the printable page. */
export function respond(res: Response, query: DocumentFormatQueryDto, json: object, html: () => string): object | string {
  if (query.format === 'html') {
    res.type('text/html; charset=utf-8');
    return html();
  }
  return json;
}
