import { Controller, Get, Inject, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Response } from 'express';
import { AuditLog } from '../../audit/contract';
import { Allow, Public } from '../../auth/auth.guard';
import { roleMay } from '../../auth/access-policy';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { FollowUpQueries } from '../../follow-up/contract';
import { OutstandingLog } from '../../outstanding-log/contract';
import { Page, PageContext } from '../page-context';
import { startPage } from './start.page';
import { WebErrorFilter } from '../web-error.filter';

/** Each page lists this many rows unless asked for more. */
export const START_LIST_LENGTH = 10;

/**
 * The start page per role: what my organisation owes (member), what is overdue
 * and what is ready for the next chairs' meeting (the working group, chairs,
 * secretaries, admin), the verify status of the record (auditor).
 */
@ApiTags('web pages (HTML)')
@Controller('web')
@WebPage()
@UseFilters(WebErrorFilter)
export class StartController {
  private readonly audit: AuditLog;
  private stylesheet?: string;

  constructor(
    private readonly followUp: FollowUpQueries,
    private readonly log: OutstandingLog,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.audit = new AuditLog(store);
  }

  @Get()
  @Allow('questions.read')
  async start(@Page() page: PageContext) {
    const actor = page.actor!;
    const own = page.directory.organisations.find((organisation) => organisation.id === actor.organisationId);
    if (actor.role === 'member' && own) {
      return startPage(page, {
        kind: 'member',
        followUp: await this.followUp.forOrganisation(actor.organisationId, { limit: START_LIST_LENGTH }, page.language, own),
      }).text;
    }
    if (actor.role === 'auditor' || !roleMay(actor.role, 'log.read')) {
      return startPage(page, { kind: 'auditor', verification: await this.audit.verify() }).text;
    }
    const [overdue, ready] = await Promise.all([
      this.log.read({ overdue: 'true', limit: START_LIST_LENGTH }, page.language),
      this.log.read({ stage: 'decision-document', limit: START_LIST_LENGTH }, page.language),
    ]);
    return startPage(page, { kind: 'process', overdue, ready }).text;
  }

  @Get('assets/app.css')
  @Public()
  @ApiExcludeEndpoint()
  css(@Res({ passthrough: true }) response: Response) {
    response.type('text/css; charset=utf-8');
    response.setHeader('Cache-Control', 'public, max-age=3600');
    return (this.stylesheet ??= readStylesheet());
  }
}

/** The stylesheet beside this file (copied to dist by nest-cli.json's assets), or in src when run from a plain tsc build. */
function readStylesheet(): string {
  const candidates = [path.join(__dirname, '..', 'assets', 'app.css'), path.join(process.cwd(), 'src', 'web', 'assets', 'app.css')];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`web stylesheet not found (looked in ${candidates.join(', ')})`);
  return fs.readFileSync(found, 'utf8');
}
