import { Controller, Inject, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { ProjectionsService } from '../../projections/projections.service';
import { ExecuteQuestionCommand, type QuestionCommand } from '../../questions';
import { type ExistingQuestionState, QUESTION_EVENT_LABELS, foldQuestion, questionStreamId } from '../../questions/contract';
import { FormFlow, existingAggregate } from '../forms/form-flow';
import { FormRoutes } from '../forms/form-routes';
import { QUESTION_RULES } from '../forms/question-rule-texts';
import { WebErrorFilter } from '../web-error.filter';
import { RAISE_FORM, questionForm } from './question-forms';

/**
 * The question's commands as forms (docs/web.md "Forms"): raising at
 * /web/questions/new, every other command at /web/questions/:id/act/<form>,
 * given through the same bus, handler and access policy as the API.
 */
@Controller('web/questions')
@WebPage()
@UseFilters(WebErrorFilter)
export class QuestionFormsController extends FormRoutes<ExistingQuestionState, QuestionCommand>({ read: 'questions.read', create: 'RaiseQuestion' }) {
  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService) {
    super(
      new FormFlow(
        {
          load: existingAggregate(store, 'Question', questionStreamId, foldQuestion),
          run: (command, envelope, read) => commandBus.execute(new ExecuteQuestionCommand(command, envelope, read)),
          aggregateOf: (command) => command.data.questionId,
          streamOf: questionStreamId,
          eventLabel: (type) => QUESTION_EVENT_LABELS[type as keyof typeof QUESTION_EVENT_LABELS],
          rules: QUESTION_RULES,
          formPath: (id, slug) => (id === undefined ? '/questions/new' : `/questions/${id}/act/${slug}`),
          pagePath: (id) => `/questions/${id}`,
          // The question's page reads the event store only (its fold and its timeline's newest entries): it has the change once the command is stored.
          readModels: [],
        },
        store,
        projections,
      ),
      { create: RAISE_FORM, find: questionForm },
    );
  }
}
