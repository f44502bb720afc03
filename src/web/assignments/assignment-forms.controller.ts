import { Body, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Response } from 'express';
import {
  ASSIGNMENT_EVENT_LABELS,
  type AssignmentCommand,
  type ExistingAssignmentState,
  ExecuteAssignmentCommand,
  assignmentStreamId,
  assignmentsProjection,
  foldAssignment,
} from '../../assignments';
import { Allow, AuthenticatedRequest } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { ProjectionsService } from '../../projections/projections.service';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import { ASSIGNMENT_RULES } from '../forms/assignment-rule-texts';
import { FormFlow, Loaded } from '../forms/form-flow';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { AssignmentForm, GIVE_FORM, assignmentForm, assignmentFormsOffered } from './assignment-forms';
import { assignmentPage } from './assignment.page';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

type FormRequest = AuthenticatedRequest & { correlationId?: string };

/**
 * Assignments (uppdrag) on the pages: one assignment folded from its stream
 * (as GET /assignments/:id), giving one at /web/assignments/new, and its
 * commands at /web/assignments/:id/act/<form>, through the same bus, handler
 * and access policy as the API.
 */
@Controller('web/assignments')
@WebPage()
@UseFilters(WebErrorFilter)
export class AssignmentFormsController {
  private readonly flow: FormFlow<ExistingAssignmentState, AssignmentCommand>;
  private readonly load: (id: string) => Promise<Loaded<ExistingAssignmentState>>;

  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService) {
    this.load = async (id) => {
      const events = await store.readStream(assignmentStreamId(id));
      const state = foldAssignment(events);
      if (!state.exists) throw new AggregateNotFound('Assignment', id);
      return { id, state, revision: events.length - 1, title: state.title };
    };
    this.flow = new FormFlow(
      {
        load: this.load,
        run: (command, envelope) => commandBus.execute(new ExecuteAssignmentCommand(command, envelope)),
        aggregateOf: (command) => command.data.assignmentId,
        streamOf: assignmentStreamId,
        eventLabel: (type) => ASSIGNMENT_EVENT_LABELS[type as keyof typeof ASSIGNMENT_EVENT_LABELS],
        rules: ASSIGNMENT_RULES,
        formPath: (id, slug) => (id === undefined ? '/assignments/new' : `/assignments/${id}/act/${slug}`),
        pagePath: (id) => `/assignments/${id}`,
        // The assignment lists and the question's timeline read the assignments' read model.
        readModels: [assignmentsProjection.name],
      },
      store,
      projections,
    );
  }

  @Get('new')
  @Allow('GiveAssignment')
  newAssignment(@Page() page: PageContext, @Query() query: Record<string, unknown>) {
    return this.flow.draw(page, GIVE_FORM, undefined, query);
  }

  @Post('new')
  @Allow('GiveAssignment')
  async give(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Req() request: FormRequest, @Res() response: Response) {
    await this.flow.give(page, GIVE_FORM, undefined, body, request, response);
  }

  @Get(':id')
  @Allow('assignments.read')
  async assignment(@Page() page: PageContext, @Id() id: string, @Query('recorded') recorded: string | undefined) {
    const { state } = await this.load(id);
    const forms = page.actor ? assignmentFormsOffered({ state, actor: page.actor, language: page.language }) : [];
    return assignmentPage(page, state, { forms, recorded }).text;
  }

  @Get(':id/act/:form')
  @Allow('assignments.read')
  showForm(@Page() page: PageContext, @Id() id: string, @Param('form') slug: string, @Query() query: Record<string, unknown>) {
    return this.flow.draw(page, formOrNotFound(slug), id, query);
  }

  @Post(':id/act/:form')
  @Allow('assignments.read')
  async submitForm(
    @Page() page: PageContext,
    @Id() id: string,
    @Param('form') slug: string,
    @Body() body: Record<string, unknown>,
    @Req() request: FormRequest,
    @Res() response: Response,
  ) {
    await this.flow.give(page, formOrNotFound(slug), id, body, request, response);
  }
}

function formOrNotFound(slug: string): AssignmentForm {
  const form = assignmentForm(slug);
  if (!form) throw new NotFoundException(`There is no assignment form "${slug}"`);
  return form;
}
