import { Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { UuidPathPipe } from '../http/path-params';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { ApiDocumentResponse, ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { QuestionHistoryView } from './audit.responses';
import { Response } from 'express';
import { AuthenticatedRequest, Allow } from '../auth/auth.guard';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { questionStreamId } from '../questions/contract';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { DossierQueryDto, HISTORY_DEFAULT_LIMIT, HistoryQueryDto } from './audit.dto';
import { buildDossier } from './dossier';
import { renderDossierHtml } from './dossier-html';
import { historyEntry, integrityOf } from './question-history';
import { RegisterReader } from '../register/contract';
import { today } from '../shared-kernel/calendar';

const Id = () => Param('id', UuidPathPipe);

/** A question's stored history, exactly as stored, and its dossier for archiving. */
@ApiTags('questions (frågor)')
@ApiBearerAuth()
@Controller('questions')
export class QuestionAuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly register: RegisterReader,
  ) {}

  @Get(':id/history')
  @Allow('questions.history')
  @ApiOkResponse({ type: QuestionHistoryView })
  @ApiProblemResponses([400, 404])
  @ApiOperation({
    summary:
      'Every stored event of the question with its full metadata (who, role, organisation, when, why, correlation and causation), schema version, hash and previous hash; paged by revision',
  })
  async history(@Id() id: string, @Query() query: HistoryQueryDto) {
    const events = await this.store.readStream(questionStreamId(id));
    if (events.length === 0) throw new AggregateNotFound('Question', id);
    const limit = query.limit ?? HISTORY_DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    return {
      questionId: id,
      items: events.slice(offset, offset + limit).map(historyEntry),
      total: events.length,
      limit,
      offset,
      integrity: integrityOf(events),
    };
  }

  @Get(':id/dossier')
  @Allow('questions.history')
  @ApiDocumentResponse(
    'The dossier (akt): format, questionId, streamId, exportedAt, exportedBy, state (as GET /questions/:id), revision, events (as the history, each with `forums`: the forums it names as the structure register named them on its day and today), integrity, forumsToday',
  )
  @ApiProblemResponses([400, 404])
  @ApiOperation({ summary: "The question's complete record for archiving: JSON, or a printable Swedish HTML document (Accept: text/html or ?format=html)" })
  async dossier(
    @Id() id: string,
    @Query() query: DossierQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const streamId = questionStreamId(id);
    const events = await this.store.readStream(streamId);
    const actor = request.actor;
    if (!actor) throw new Error('dossier reached without an authenticated actor');
    // Forums named as they were named on each event's day, once the structure register holds a structure.
    const dossier = buildDossier(id, streamId, events, this.clock.now(), actor, await this.register.forumNaming(today(this.clock)));
    if (!dossier) throw new AggregateNotFound('Question', id);
    const html = query.format === 'html' || (query.format === undefined && prefersHtml(accept));
    const filename = `fragespar-akt-${id}-rev${dossier.revision}.${html ? 'html' : 'json'}`;
    res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    res.vary('Accept');
    if (!html) return dossier;
    res.type('text/html; charset=utf-8');
    return renderDossierHtml(dossier);
  }
}

/** text/html preferred over JSON by the Accept header (a browser's default header is). */
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string) => {
    for (const part of accept.split(',')) {
      const [range, ...params] = part.trim().toLowerCase().split(';');
      if (range.trim() !== type) continue;
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return q === undefined ? 1 : Number(q);
    }
    return 0;
  };
  return quality('text/html') > quality('application/json');
}
