import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, UseFilters } from '@nestjs/common';
import { type ExistingAssignmentState, assignmentStreamId, foldAssignment } from '../../assignments';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { Loaded, existingAggregate } from '../forms/form-flow';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { assignmentFormsOffered } from './assignment-forms';
import { assignmentPage } from './assignment.page';

/** One assignment (uppdrag) folded from its stream, as GET /assignments/:id, with the forms the reader may give now. */
@Controller('web/assignments')
@WebPage()
@UseFilters(WebErrorFilter)
export class AssignmentPagesController {
  private readonly load: (id: string) => Promise<Loaded<ExistingAssignmentState>>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.load = existingAggregate(store, 'Assignment', assignmentStreamId, foldAssignment);
  }

  @Get(':id')
  @Allow('assignments.read')
  async assignment(
    @Page() page: PageContext,
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
    @Query('recorded') recorded: string | undefined,
  ) {
    const { state } = await this.load(id);
    const forms = page.actor ? assignmentFormsOffered({ state, actor: page.actor, language: page.language, directory: page.directory }) : [];
    return assignmentPage(page, state, { forms, recorded }).text;
  }
}
