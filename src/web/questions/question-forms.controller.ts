import { Body, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { Allow, AuthenticatedRequest } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { ProjectionsService } from '../../projections/projections.service';
import { ExecuteQuestionCommand, type QuestionCommand } from '../../questions';
import { type ExistingQuestionState, QUESTION_EVENT_LABELS, foldQuestion, questionStreamId } from '../../questions/contract';
import { questionViewsProjection } from '../../question-list/contract';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import { FormFlow } from '../forms/form-flow';
import { QUESTION_RULES } from '../forms/question-rule-texts';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { QuestionForm, RAISE_FORM, questionForm } from './question-forms';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

type FormRequest = AuthenticatedRequest & { correlationId?: string };

/**
 * The question's commands as forms (docs/web.md "Forms"): raising at
 * /web/questions/new, every other command at /web/questions/:id/act/<form>,
 * given through the same bus, handler and access policy as the API.
 *
 * The routes name `questions.read` for the guard, since one route serves many
 * commands; each form's own command is checked against the role before the
 * form is drawn or read (FormFlow), and against role and organisation by the
 * command handler (a forged post is 403, and nothing is appended).
 */
@Controller('web/questions')
@WebPage()
@UseFilters(WebErrorFilter)
export class QuestionFormsController {
  private readonly flow: FormFlow<ExistingQuestionState, QuestionCommand>;

  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService) {
    this.flow = new FormFlow(
      {
        load: async (id) => {
          const events = await store.readStream(questionStreamId(id));
          const state = foldQuestion(events);
          if (!state.exists) throw new AggregateNotFound('Question', id);
          return { id, state, revision: events.length - 1, title: state.title };
        },
        run: (command, envelope) => commandBus.execute(new ExecuteQuestionCommand(command, envelope)),
        aggregateOf: (command) => command.data.questionId,
        streamOf: questionStreamId,
        eventLabel: (type) => QUESTION_EVENT_LABELS[type as keyof typeof QUESTION_EVENT_LABELS],
        rules: QUESTION_RULES,
        formPath: (id, slug) => (id === undefined ? '/questions/new' : `/questions/${id}/act/${slug}`),
        pagePath: (id) => `/questions/${id}`,
        // The question's page reads its timeline from the question views.
        readModels: [questionViewsProjection.name],
      },
      store,
      projections,
    );
  }

  @Get('new')
  @Allow('RaiseQuestion')
  newQuestion(@Page() page: PageContext, @Query() query: Record<string, unknown>) {
    return this.flow.draw(page, RAISE_FORM, undefined, query);
  }

  @Post('new')
  @Allow('RaiseQuestion')
  async raise(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Req() request: FormRequest, @Res() response: Response) {
    await this.flow.give(page, RAISE_FORM, undefined, body, request, response);
  }

  @Get(':id/act/:form')
  @Allow('questions.read')
  showForm(@Page() page: PageContext, @Id() id: string, @Param('form') slug: string, @Query() query: Record<string, unknown>) {
    return this.flow.draw(page, formOrNotFound(slug), id, query);
  }

  @Post(':id/act/:form')
  @Allow('questions.read')
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

function formOrNotFound(slug: string): QuestionForm {
  const form = questionForm(slug);
  if (!form) throw new NotFoundException(`There is no question form "${slug}"`);
  return form;
}
