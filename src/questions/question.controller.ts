import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { UuidPathPipe } from '../http/path-params';
import { IdempotentPost } from '../http/idempotency/idempotency.interceptor';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses, ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { OpenConsultationResult, QuestionCommandResult, QuestionView } from './question.responses';
import { Response } from 'express';
import { type SnapshotLookup, TimeTravelQueryDto, parseAsOf, questionAt, snapshotLookup } from '../time-travel/contract';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../http/validators';
import { Allow, AuthenticatedRequest } from '../auth/auth.guard';
import { roleMay } from '../auth/access-policy';
import { withoutPersons } from './question-readers';
import { CommandEnvelope, CommandOutcome } from '../command-handling/execute-with-decider';
import { consultationIdCreatedBy, questionIdCreatedBy } from './index';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CommandEnvelopeFromRequest } from '../http/command-envelope.decorator';
import { InvalidInputError } from '../http/problem';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { ExecuteQuestionCommand } from './execute-question-command';
import { QuestionCommand } from './question.commands';
import {
  AcceptQuestionDto,
  AnswerConsultationDto,
  AttachDecisionDocumentDto,
  CorrectMemberDecisionDto,
  EffectiveDateDto,
  MoveQuestionDto,
  OpenConsultationDto,
  RaiseQuestionDto,
  ReasonDto,
  RecordDialogueDto,
  TableQuestionDto,
  RecordFeedbackDto,
  RecordMemberDecisionDto,
  ResponsibleOfficialDto,
  SubmitInputDto,
  TakePositionDto,
} from './question.dto';
import { QuestionRaiser, ResponsibleOfficial, ResponsibleOfficialV1 } from './question.events';
import { ApiOrganisationParam, KnownOrganisationPipe } from '../reference-data/known-organisation.pipe';
import { OrganisationId } from '../reference-data/organisations';

const Id = () => Param('id', UuidPathPipe);

/** Time travel on a question: as recorded by an instant (`asOf`, `revision`) and as in effect on a day (`inEffectOn`). */
export class QuestionTimeTravelQueryDto extends TimeTravelQueryDto {
  @ApiPropertyOptional({
    example: '2025-06-01',
    description:
      'A date (YYYY-MM-DD): the question as in effect on that day — what had happened by its end (effective time, metadata.effectiveOn), as the record stands now or as it stood at asOf',
  })
  @IsOptional()
  @IsCalendarDate()
  inEffectOn?: string;
}

/**
 * The question's commands (REST, JSON) and its current state. Each command
 * answers with the new revision (also as ETag) and the global position reached.
 */
@ApiTags('questions (frågor)')
@ApiBearerAuth()
@Controller('questions')
export class QuestionController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SQL) sql: ReadSql,
  ) {
    this.snapshots = snapshotLookup((text, params) => sql.prepared('fragespar_question_snapshot', text, params));
  }

  private readonly snapshots: SnapshotLookup;

  @IdempotentPost()
  @ApiCommandResponses(QuestionCommandResult, { status: 201, path: false })
  @Allow('RaiseQuestion')
  @ApiOperation({ summary: 'Raise a question (väck en fråga)' })
  raise(@Body() body: RaiseQuestionDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    const questionId = questionIdCreatedBy(envelope.commandId);
    res.location(`/questions/${questionId}`);
    return this.run(
      {
        type: 'RaiseQuestion',
        data: {
          questionId,
          title: body.title,
          description: body.description,
          raisedBy: body.raisedBy as QuestionRaiser,
          topicArea: body.topicArea,
          documents: (body.documents ?? []).map(({ title, url }) => ({ title, url })),
        },
      },
      dated(envelope, body),
      res,
    );
  }

  @Get(':id')
  @Allow('questions.read')
  @ApiOkResponse({
    type: QuestionView,
    description: 'The question now (ETag: its revision), or as it stood then (no ETag)',
    headers: { ETag: { description: 'The revision, quoted; absent on a past view', schema: { type: 'string' } } },
  })
  @ApiProblemResponses([400, 404])
  @ApiOperation({
    summary: 'The question as folded from its events, with its revision; with ?asOf= or ?revision=, as it stood then (time travel)',
  })
  async get(@Id() id: string, @Query() query: QuestionTimeTravelQueryDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    // Who acted, by name and user id, is the trail: only roles that may read the history see it (docs/access.md).
    const forReader = <T>(view: T): T => (request.actor && roleMay(request.actor.role, 'questions.history') ? view : withoutPersons(view));
    if (query.asOf === undefined && query.revision === undefined && query.inEffectOn === undefined) {
      const now = await questionAt(this.store, this.snapshots, id);
      if (!now.state.exists) throw new AggregateNotFound('Question', id);
      res.setHeader('ETag', `"${now.revision}"`);
      return forReader({ ...now.state, revision: now.revision });
    }

    const asOf = query.asOf === undefined ? undefined : parseAsOf(query.asOf);
    if (query.asOf !== undefined && !asOf) {
      throw new InvalidInputError([
        { field: 'asOf', rule: 'isInstant', message: 'asOf must be an instant with time zone (2025-03-01T12:00:00+01:00) or a date (2025-03-01)' },
      ]);
    }
    const then = await questionAt(this.store, this.snapshots, id, { asOf, revision: query.revision }, query.inEffectOn);
    if (then.latestRevision === -1) throw new AggregateNotFound('Question', id);
    if (query.revision !== undefined && query.revision > then.latestRevision) {
      throw new NotFoundException(`Question ${id} has no revision ${query.revision}: its latest revision is ${then.latestRevision}`);
    }
    if (!then.state.exists) {
      const by = [asOf ? `by ${asOf.toISOString()}` : '', query.inEffectOn ? `in effect on ${query.inEffectOn}` : ''].filter(Boolean).join(', ');
      throw new NotFoundException(`Question ${id} had not been raised ${by}: it was raised ${then.raisedAt} (it happened on ${then.raisedOn})`);
    }
    // No ETag: a past revision is not something to send a command against.
    return forReader({
      ...then.state,
      revision: then.revision,
      asOf: asOf?.toISOString() ?? null,
      ...(query.inEffectOn !== undefined ? { inEffectOn: query.inEffectOn } : {}),
      latestRevision: then.latestRevision,
    });
  }

  @IdempotentPost(':id/accept')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('AcceptQuestion')
  @ApiOperation({ summary: 'Accept into the structure: forum, logic, responsible (bereda)' })
  accept(
    @Id() id: string,
    @Body() body: AcceptQuestionDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { forum, logic } = body;
    return this.run(
      { type: 'AcceptQuestion', data: { questionId: id, forum, logic, responsible: responsibleOfficial(body.responsible) } },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/decline')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('DeclineQuestion')
  @ApiOperation({ summary: 'Decline, with a reason (e.g. strictly inter-municipal)' })
  decline(@Id() id: string, @Body() body: ReasonDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DeclineQuestion', data: { questionId: id, reason: body.reason } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/move')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('MoveQuestionToForum')
  @ApiOperation({ summary: 'Move to another forum' })
  move(@Id() id: string, @Body() body: MoveQuestionDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'MoveQuestionToForum', data: { questionId: id, forum: body.forum, reason: body.reason } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/dialogues')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('RecordDialogue')
  @ApiOperation({ summary: 'Record a dialogue held in a forum (dialog)' })
  recordDialogue(
    @Id() id: string,
    @Body() body: RecordDialogueDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { forum, heldOn, summary, meetingReference } = body;
    return this.run(
      { type: 'RecordDialogue', data: { questionId: id, forum, heldOn, summary, ...(meetingReference !== undefined ? { meetingReference } : {}) } },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/tablings')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('TableQuestion')
  @ApiOperation({
    summary:
      'Record that a meeting tabled the question (bordlade): continued to its next meeting, not dealt with. A meeting item’s continued outcome does this itself',
  })
  tableQuestion(
    @Id() id: string,
    @Body() body: TableQuestionDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { forum, heldOn, meetingReference, summary } = body;
    return this.run({ type: 'TableQuestion', data: { questionId: id, forum, heldOn, meetingReference, summary } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/inputs')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('SubmitInput')
  @ApiOperation({ summary: 'A party submits input (inspel)' })
  submitInput(
    @Id() id: string,
    @Body() body: SubmitInputDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'SubmitInput', data: { questionId: id, organisationId: body.organisationId, content: body.content } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/consultations')
  @ApiCommandResponses(OpenConsultationResult, { status: 201 })
  @HttpCode(201)
  @Allow('OpenConsultation')
  @ApiOperation({ summary: 'Open a consultation (remiss) to named parties with a deadline' })
  async openConsultation(
    @Id() id: string,
    @Body() body: OpenConsultationDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const consultationId = consultationIdCreatedBy(envelope.commandId);
    const outcome = await this.run(
      { type: 'OpenConsultation', data: { questionId: id, consultationId, subject: body.subject, parties: [...body.parties], answerBy: body.answerBy } },
      dated(envelope, body),
      res,
    );
    return { ...outcome, consultationId };
  }

  @IdempotentPost(':id/consultations/:consultationId/answers')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('AnswerConsultation')
  @ApiOperation({ summary: 'A party answers the consultation (a later answer amends the earlier)' })
  answerConsultation(
    @Id() id: string,
    @Param('consultationId', UuidPathPipe) consultationId: string,
    @Body() body: AnswerConsultationDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(
      { type: 'AnswerConsultation', data: { questionId: id, consultationId, organisationId: body.organisationId, answer: body.answer } },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/consultations/:consultationId/close')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('CloseConsultation')
  @ApiOperation({ summary: 'Close the consultation' })
  closeConsultation(
    @Id() id: string,
    @Param('consultationId', UuidPathPipe) consultationId: string,
    @Body() body: EffectiveDateDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'CloseConsultation', data: { questionId: id, consultationId } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/decision-documents')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('AttachDecisionDocument')
  @ApiOperation({ summary: 'Attach a decision document (beslutsunderlag) with a proposed position' })
  attachDecisionDocument(
    @Id() id: string,
    @Body() body: AttachDecisionDocumentDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { reference, title, proposedPosition, url } = body;
    return this.run(
      { type: 'AttachDecisionDocument', data: { questionId: id, reference, title, proposedPosition, ...(url ? { url } : {}) } },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/position')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('TakePosition')
  @ApiOperation({ summary: "The chairs' council takes a position (ställningstagande)" })
  takePosition(
    @Id() id: string,
    @Body() body: TakePositionDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { text, organisationsToDecide, decideBy, meetingReference } = body;
    return this.run(
      {
        type: 'TakePosition',
        data: { questionId: id, text, organisationsToDecide: [...organisationsToDecide], decideBy, ...(meetingReference ? { meetingReference } : {}) },
      },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/position/send-back')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('SendBackToDialogue')
  @ApiOperation({ summary: 'Send the position back to dialogue' })
  sendBack(@Id() id: string, @Body() body: ReasonDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SendBackToDialogue', data: { questionId: id, reason: body.reason } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/decisions')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('RecordMemberDecision')
  @ApiOperation({ summary: 'A member organisation records its decision (beslut)' })
  recordDecision(
    @Id() id: string,
    @Body() body: RecordMemberDecisionDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(
      { type: 'RecordMemberDecision', data: { questionId: id, ...decisionDetails(body), organisationId: body.organisationId } },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/decisions/:organisationId/corrections')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('CorrectMemberDecision')
  @ApiOrganisationParam('organisationId')
  @ApiOperation({ summary: 'Correct a recorded decision (a new event; the earlier stays in the history)' })
  correctDecision(
    @Id() id: string,
    @Param('organisationId', KnownOrganisationPipe) organisationId: OrganisationId,
    @Body() body: CorrectMemberDecisionDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(
      { type: 'CorrectMemberDecision', data: { questionId: id, ...decisionDetails(body), organisationId, reason: body.reason } },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/feedback')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('RecordFeedbackAtHome')
  @ApiOperation({ summary: 'A member organisation reports feedback at home (återkoppling på hemmaplan)' })
  recordFeedback(
    @Id() id: string,
    @Body() body: RecordFeedbackDto,
    @CommandEnvelopeFromRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { organisationId, reportedTo, reportedOn, summary } = body;
    return this.run(
      { type: 'RecordFeedbackAtHome', data: { questionId: id, organisationId, reportedTo, reportedOn, ...(summary ? { summary } : {}) } },
      dated(envelope, body),
      res,
    );
  }

  @IdempotentPost(':id/close')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('CloseQuestion')
  @ApiOperation({ summary: 'Close the question, with a reason' })
  close(@Id() id: string, @Body() body: ReasonDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'CloseQuestion', data: { questionId: id, reason: body.reason } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/withdraw')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('WithdrawQuestion')
  @ApiOperation({ summary: 'Withdraw the question, with a reason' })
  withdraw(@Id() id: string, @Body() body: ReasonDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'WithdrawQuestion', data: { questionId: id, reason: body.reason } }, dated(envelope, body), res);
  }

  @IdempotentPost(':id/reopen')
  @ApiCommandResponses(QuestionCommandResult)
  @HttpCode(200)
  @Allow('ReopenQuestion')
  @ApiOperation({ summary: 'Reopen a closed, withdrawn or declined question' })
  reopen(@Id() id: string, @Body() body: ReasonDto, @CommandEnvelopeFromRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ReopenQuestion', data: { questionId: id, reason: body.reason } }, dated(envelope, body), res);
  }

  private async run(command: QuestionCommand, envelope: CommandEnvelope, res: Response) {
    const outcome: CommandOutcome = await this.commandBus.execute(new ExecuteQuestionCommand(command, envelope));
    res.setHeader('ETag', `"${outcome.revision}"`);
    return { questionId: command.data.questionId, revision: outcome.revision, position: outcome.position, events: outcome.events };
  }
}

/** The envelope with the day the thing happened, when the body names one (effective time, docs/events.md). */
function dated(envelope: CommandEnvelope, body: EffectiveDateDto | undefined): CommandEnvelope {
  return body?.effectiveOn === undefined ? envelope : { ...envelope, effectiveOn: body.effectiveOn };
}

function decisionDetails(body: RecordMemberDecisionDto | CorrectMemberDecisionDto) {
  const { body: decidingBody, bodyName, decidedOn, outcome, reference, note } = body;
  return { body: decidingBody, decidedOn, outcome, reference, ...(bodyName ? { bodyName } : {}), ...(note ? { note } : {}) };
}

/** The official by given and family name, or by the full name as earlier clients send it; not both. */
function responsibleOfficial(dto: ResponsibleOfficialDto): ResponsibleOfficial | ResponsibleOfficialV1 {
  const { givenName, familyName, name, organisationId } = dto;
  if (givenName === undefined && familyName === undefined) return { name: name as string, organisationId };
  if (name !== undefined) {
    throw new InvalidInputError([
      { field: 'responsible.name', rule: 'eitherNameOrParts', message: 'responsible: send givenName and familyName, or name, not both' },
    ]);
  }
  return { givenName: givenName as string, familyName: familyName as string, organisationId };
}
