import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { UuidPathPipe } from '../http/path-params';
import { IdempotentPost } from '../http/idempotency/idempotency.interceptor';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses, ApiProblemResponses, ApiReadYourWrites } from '../http/openapi/api-responses.decorators';
import { AssignmentCommandResult, AssignmentList, AssignmentView } from './assignment.responses';
import { Response } from 'express';
import { Allow, AuthenticatedRequest } from '../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CommandEnvelope, foldEvents, idCreatedBy, streamIdOf } from '../command-handling/execute-with-decider';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CommandEnvelopeFromRequest } from '../http/command-envelope.decorator';
import { afterPositionOf } from '../http/read-query.dto';
import { ProjectionsService } from '../projections/projections.service';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { assignmentDecider } from './assignment.decider';
import { AssignmentCommand } from './assignment.commands';
import {
  ApproveAssignmentDto,
  CancelAssignmentDto,
  DeliverAssignmentDto,
  ExtendAssignmentDto,
  GiveAssignmentDto,
  ListAssignmentsQueryDto,
  MyAssignmentsQueryDto,
  ProgressNoteDto,
  ReturnAssignmentDto,
} from './assignment.dto';
import { assignmentsProjection } from './assignment.projection';
import { AssignmentQueries, urgencyOf } from './assignment-queries';
import { AssignmentCommandOutcome, ExecuteAssignmentCommand } from './execute-assignment-command';

const Id = () => Param('id', UuidPathPipe);

/** Assignments (uppdrag): their commands, the lists (filtered, mine) and one assignment folded from its stream. */
@ApiTags('assignments (uppdrag)')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queries: AssignmentQueries,
    private readonly projections: ProjectionsService,
  ) {}

  @IdempotentPost()
  @ApiCommandResponses(AssignmentCommandResult, { status: 201, path: false })
  @Allow('GiveAssignment')
  @ApiOperation({ summary: 'Give an assignment, specified in content and time (ge ett uppdrag, preciserat i sak och tid)' })
  give(@Body() body: GiveAssignmentDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const assignmentId = idCreatedBy(envelope.commandId, 'assignment');
    res.location(`/assignments/${assignmentId}`);
    const { givenBy, title, purpose, deliverable, dueDate } = body;
    const { userId, name, organisationId, email } = body.responsible;
    return this.run(
      {
        type: 'GiveAssignment',
        data: {
          assignmentId,
          givenBy,
          title,
          description: body.description ?? '',
          purpose,
          deliverable,
          questionIds: body.questionIds ?? [],
          responsible: { userId, name, organisationId, ...(email ? { email } : {}) },
          dueDate,
        },
      },
      envelope,
      res,
    );
  }

  @Get()
  @Allow('assignments.read')
  @ApiOkResponse({ type: AssignmentList })
  @ApiProblemResponses([400])
  @ApiReadYourWrites()
  @ApiOperation({ summary: 'Assignments, filtered by responsible person, organisation, forum, question, status, overdue, due soon' })
  async list(@Query() query: ListAssignmentsQueryDto, @Headers('x-after-position') afterHeader: string | undefined) {
    await this.projections.waitFor([assignmentsProjection.name], afterPositionOf(query, afterHeader));
    return this.queries.list(query);
  }

  @Get('mine')
  @Allow('assignments.read')
  @ApiOkResponse({ type: AssignmentList })
  @ApiProblemResponses([400])
  @ApiReadYourWrites()
  @ApiOperation({ summary: "My assignments: those whose responsible person is the token's user" })
  async mine(@Query() query: MyAssignmentsQueryDto, @Headers('x-after-position') afterHeader: string | undefined, @Req() request: AuthenticatedRequest) {
    await this.projections.waitFor([assignmentsProjection.name], afterPositionOf(query, afterHeader));
    return this.queries.list({ ...query, responsible: request.actor?.userId ?? '' });
  }

  @Get(':id')
  @Allow('assignments.read')
  @ApiOkResponse({ type: AssignmentView, headers: { ETag: { description: 'The revision, quoted', schema: { type: 'string' } } } })
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: 'The assignment folded from its events: status, every due date it has had, notes, deliveries and reviews; overdue / due soon' })
  async get(@Id() id: string, @Res({ passthrough: true }) res: Response) {
    const events = await this.store.readStream(streamIdOf(assignmentDecider, id));
    const state = foldEvents(assignmentDecider, events);
    if (!state.exists) throw new AggregateNotFound('Assignment', id);
    res.setHeader('ETag', `"${events.length - 1}"`);
    return { ...state, ...urgencyOf(state, this.queries.today(), this.config.assignments.dueSoonDays), revision: events.length - 1 };
  }

  @IdempotentPost(':id/accept')
  @ApiCommandResponses(AssignmentCommandResult)
  @HttpCode(200)
  @Allow('AcceptAssignment')
  @ApiOperation({ summary: 'Accept the assignment (the responsible person)' })
  accept(@Id() id: string, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'AcceptAssignment', data: { assignmentId: id } }, envelope, res);
  }

  @IdempotentPost(':id/progress')
  @ApiCommandResponses(AssignmentCommandResult)
  @HttpCode(200)
  @Allow('NoteAssignmentProgress')
  @ApiOperation({ summary: 'Note progress (lägesrapport)' })
  progress(
    @Id() id: string,
    @Body() body: ProgressNoteDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'NoteAssignmentProgress', data: { assignmentId: id, note: body.note } }, envelope, res);
  }

  @IdempotentPost(':id/delivery')
  @ApiCommandResponses(AssignmentCommandResult)
  @HttpCode(200)
  @Allow('DeliverAssignment')
  @ApiOperation({ summary: 'Deliver, with the document reference' })
  deliver(
    @Id() id: string,
    @Body() body: DeliverAssignmentDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { reference, title, url, proposedPosition } = body;
    const document = { reference, title, ...(url ? { url } : {}), ...(proposedPosition ? { proposedPosition } : {}) };
    return this.run({ type: 'DeliverAssignment', data: { assignmentId: id, document } }, envelope, res);
  }

  @IdempotentPost(':id/approve')
  @ApiCommandResponses(AssignmentCommandResult)
  @HttpCode(200)
  @Allow('ApproveAssignment')
  @ApiOperation({ summary: 'Approve the delivery; a decision document is then attached to each linked question' })
  approve(
    @Id() id: string,
    @Body() body: ApproveAssignmentDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'ApproveAssignment', data: { assignmentId: id, ...(body.comment ? { comment: body.comment } : {}) } }, envelope, res);
  }

  @IdempotentPost(':id/return')
  @ApiCommandResponses(AssignmentCommandResult)
  @HttpCode(200)
  @Allow('ReturnAssignment')
  @ApiOperation({ summary: 'Return the delivery with comments (back to in progress)' })
  return(
    @Id() id: string,
    @Body() body: ReturnAssignmentDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'ReturnAssignment', data: { assignmentId: id, comments: body.comments } }, envelope, res);
  }

  @IdempotentPost(':id/extension')
  @ApiCommandResponses(AssignmentCommandResult)
  @HttpCode(200)
  @Allow('ExtendAssignmentDueDate')
  @ApiOperation({ summary: 'Extend the due date, with a reason (förlängning); the earlier date stays in the history' })
  extend(
    @Id() id: string,
    @Body() body: ExtendAssignmentDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'ExtendAssignmentDueDate', data: { assignmentId: id, newDueDate: body.newDueDate, reason: body.reason } }, envelope, res);
  }

  @IdempotentPost(':id/cancel')
  @ApiCommandResponses(AssignmentCommandResult)
  @HttpCode(200)
  @Allow('CancelAssignment')
  @ApiOperation({ summary: 'Cancel, with a reason' })
  cancel(
    @Id() id: string,
    @Body() body: CancelAssignmentDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'CancelAssignment', data: { assignmentId: id, reason: body.reason } }, envelope, res);
  }

  private async run(command: AssignmentCommand, envelope: CommandEnvelope, res: Response) {
    const outcome: AssignmentCommandOutcome = await this.commandBus.execute(new ExecuteAssignmentCommand(command, envelope));
    res.setHeader('ETag', `"${outcome.revision}"`);
    return {
      assignmentId: command.data.assignmentId,
      revision: outcome.revision,
      position: outcome.position,
      events: outcome.events,
      ...(outcome.questionOutcomes.length
        ? { questions: outcome.questionOutcomes.map(({ questionId, revision, events }) => ({ questionId, revision, events })) }
        : {}),
      ...(outcome.notAttached.length ? { notAttached: outcome.notAttached } : {}),
      ...(outcome.pending.length ? { pending: outcome.pending.map((questionId) => ({ questionId })) } : {}),
    };
  }
}
