import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { buildDossier, historyEntry, integrityOf, renderDossierHtml } from '../../audit/contract';
import { type SnapshotLookup, parseAsOf, questionAt, snapshotLookup } from '../../time-travel/contract';
import { roleMay } from '../../auth/access-policy';
import { Allow, AuthenticatedRequest } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { READ_SQL, ReadSql } from '../../database/read-sql';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { withInlineStyles } from '../../http/content-security-policy';
import { InvalidInputError } from '../../http/problem';
import { questionStreamId } from '../../questions/contract';
import { QuestionQueries } from '../../question-list/contract';
import { RegisterReader } from '../../register/contract';
import { today } from '../../shared-kernel/calendar';
import { CLOCK, Clock } from '../../shared-kernel/clock';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { historyPage } from './history.page';
import { questionPage } from './question.page';
import { formsOffered } from './question-forms';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));
/** The page shows the latest events, newest first; the whole story is on the history page. */
const TIMELINE_ON_PAGE = 50;

/**
 * A question's page (as GET /questions/:id folds it, with ?asOf= as of a date),
 * and the auditor's history with hashes and the dossier (as GET
 * /questions/:id/history and /dossier).
 */
@ApiTags('web pages (HTML)')
@Controller('web/questions')
@WebPage()
@UseFilters(WebErrorFilter)
export class QuestionPagesController {
  private readonly snapshots: SnapshotLookup;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SQL) sql: ReadSql,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queries: QuestionQueries,
    private readonly register: RegisterReader,
  ) {
    this.snapshots = snapshotLookup((text, params) => sql.prepared('fragespar_question_snapshot', text, params));
  }

  @Get(':id')
  @Allow('questions.read')
  async question(@Page() page: PageContext, @Id() id: string, @Query('asOf') asOfText: string | undefined, @Query('recorded') recorded: string | undefined) {
    const asOf = asOfText === undefined ? undefined : parseAsOf(asOfText);
    if (asOfText !== undefined && !asOf) {
      throw new InvalidInputError([{ field: 'asOf', rule: 'isDate', message: 'asOf must be a date (2025-03-01) or an instant with time zone' }]);
    }
    // The fold and the timeline's newest events in one read of the event store (not of a read model that may lag),
    // so the page after a form shows what it recorded at once; forums named by the directory the middleware read.
    // The process picture's dates are the folded state's (process-picture.ts), so the page reads no other events.
    const showTimeline = page.actor && roleMay(page.actor.role, 'questions.history') && !asOf;
    const then = await questionAt(this.store, this.snapshots, id, { asOf }, undefined, showTimeline ? { newest: TIMELINE_ON_PAGE } : {});
    if (then.latestRevision === -1) throw new AggregateNotFound('Question', id);
    if (!then.state.exists) throw new AggregateNotFound('Question', `${id} as of ${asOfText}`);
    const timeline = then.newest && this.queries.newestEntries(then.newest, TIMELINE_ON_PAGE, page.language, page.directory.forumNaming);
    // The forms the actor may give now; none on the question as it stood (a past revision takes no commands).
    const forms = page.actor && !asOf ? formsOffered({ state: then.state, actor: page.actor, language: page.language, directory: page.directory }) : [];
    return questionPage(page, { state: then.state, revision: then.revision, today: today(this.clock), timeline, asOf: asOfText, forms, recorded }).text;
  }

  @Get(':id/history')
  @Allow('questions.history')
  async history(@Page() page: PageContext, @Id() id: string) {
    const events = await this.store.readStream(questionStreamId(id));
    if (events.length === 0) throw new AggregateNotFound('Question', id);
    const title = (events[0].data as { title?: string }).title ?? id;
    return historyPage(page, { id, title }, events.map(historyEntry), integrityOf(events)).text;
  }

  @Get(':id/dossier')
  @Allow('questions.history')
  async dossier(@Id() id: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const streamId = questionStreamId(id);
    const naming = await this.register.forumNaming(today(this.clock));
    const dossier = buildDossier(id, streamId, await this.store.readStream(streamId), this.clock.now(), request.actor!, naming);
    if (!dossier) throw new AggregateNotFound('Question', id);
    const document = renderDossierHtml(dossier);
    // The dossier is a document of its own with its style inline (it is archived as one file): that style, by its hash, and nothing else inline.
    response.setHeader('Content-Security-Policy', withInlineStyles(document));
    response.setHeader('Content-Disposition', `inline; filename="fragespar-akt-${id}-rev${dossier.revision}.html"`);
    response.type('text/html; charset=utf-8');
    return document;
  }
}
