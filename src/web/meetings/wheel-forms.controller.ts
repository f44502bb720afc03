import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { Allow, AuthenticatedRequest } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { InvalidInputError } from '../../http/problem';
import {
  ExecuteYearWheelCommand,
  YEAR_WHEEL_EVENT_LABELS,
  type YearWheelCommand,
  type YearWheelState,
  foldYearWheel,
  meetingsProjection,
  yearWheelStreamId,
} from '../../meetings';
import { ProjectionsService } from '../../projections/projections.service';
import { FormFlow } from '../forms/form-flow';
import { YEAR_WHEEL_RULES } from '../forms/meeting-rule-texts';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { WheelForm, wheelForms } from './wheel-forms';

type FormRequest = AuthenticatedRequest & { correlationId?: string };

/**
 * The annual wheel's commands as forms: /web/annual-wheel/:year/act/propose
 * (the working group; a revision is a new proposal) and …/adopt (the chairs'
 * council), through the same bus, handler and access policy as the API.
 */
@Controller('web/annual-wheel')
@WebPage()
@UseFilters(WebErrorFilter)
export class WheelFormsController {
  private readonly flow: FormFlow<YearWheelState, YearWheelCommand>;

  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService) {
    this.flow = new FormFlow(
      {
        // A year without a wheel yet is drawn too: the proposal starts its stream.
        load: async (id) => {
          const events = await store.readStream(yearWheelStreamId(Number(id)));
          return { id, state: foldYearWheel(events), revision: events.length - 1, title: id };
        },
        run: (command, envelope) => commandBus.execute(new ExecuteYearWheelCommand(command, envelope)),
        aggregateOf: (command) => String(command.data.year),
        streamOf: (id) => yearWheelStreamId(Number(id)),
        eventLabel: (type) => YEAR_WHEEL_EVENT_LABELS[type as keyof typeof YEAR_WHEEL_EVENT_LABELS],
        rules: YEAR_WHEEL_RULES,
        formPath: (id, slug) => `/annual-wheel/${id}/act/${slug}`,
        pagePath: (id) => `/annual-wheel?year=${id}`,
        // The wheel's page lists the year's meetings from the meetings' read model.
        readModels: [meetingsProjection.name],
      },
      store,
      projections,
    );
  }

  @Get(':year/act/:form')
  @Allow('meetings.read')
  showForm(@Page() page: PageContext, @Param('year') year: string, @Param('form') slug: string, @Query() query: Record<string, unknown>) {
    return this.flow.draw(page, formOrNotFound(year, slug), year, query);
  }

  @Post(':year/act/:form')
  @Allow('meetings.read')
  async submitForm(
    @Page() page: PageContext,
    @Param('year') year: string,
    @Param('form') slug: string,
    @Body() body: Record<string, unknown>,
    @Req() request: FormRequest,
    @Res() response: Response,
  ) {
    await this.flow.give(page, formOrNotFound(year, slug), year, body, request, response);
  }
}

function formOrNotFound(yearText: string, slug: string): WheelForm {
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < 2019 || year > 2100) {
    throw new InvalidInputError([{ field: 'year', rule: 'isYear', message: 'year must be a year from 2019 (when the collaboration began) to 2100' }]);
  }
  const form = wheelForms(year).find((candidate) => candidate.slug === slug);
  if (!form) throw new NotFoundException(`There is no annual wheel form "${slug}"`);
  return form;
}
