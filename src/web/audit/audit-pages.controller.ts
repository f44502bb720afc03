import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../../audit/contract';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { html } from '../html';
import { layout, webPath } from '../layout';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';

/** The auditor's overview: the verify result over every hash chain and the digest to print in minutes (as GET /audit/verify and /audit/digest). */
@ApiTags('web pages (HTML)')
@Controller('web/audit')
@WebPage()
@UseFilters(WebErrorFilter)
export class AuditPagesController {
  private readonly audit: AuditLog;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.audit = new AuditLog(store);
  }

  @Get()
  @Allow('audit.read')
  async overview(@Page() page: PageContext) {
    const { t } = page;
    const [verification, digest] = await Promise.all([this.audit.verify(), this.audit.digest()]);
    const broken = verification.chains.firstBroken;
    return layout(
      page,
      t.audit,
      html`<h2>${t.verify}</h2>
        <p class="${verification.intact ? 'status-ok' : 'status-broken'}">${verification.intact ? t.verifyOk : t.verifyBroken}</p>
        <p>${verification.chains.streamsChecked} ${t.streams}, ${verification.chains.eventsChecked} ${t.events}; ${verification.checkedUpTo ?? '–'}.</p>
        ${broken ? html`<p class="status-broken">${broken.streamId} ${t.revision} ${broken.revision}: ${broken.problem}</p>` : ''}
        <h2>Digest</h2>
        <p class="mono">${digest.printable}</p>
        <p>${digest.streams} ${t.streams}, ${digest.events} ${t.events}; ${digest.asOf}.</p>
        <p>${digest.statement}</p>
        <p><a href="${webPath('/log')}">${t.log}</a> · <a href="${webPath('/follow-up')}">${t.grid}</a></p>`,
    ).text;
  }
}
