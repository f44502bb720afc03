import { Controller, Inject, PipeTransform, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
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
import { FormRoutes } from '../forms/form-routes';
import { YEAR_WHEEL_RULES } from '../forms/meeting-rule-texts';
import { WebErrorFilter } from '../web-error.filter';
import { wheelForms } from './wheel-forms';

/** A year in the path: from 2019, when the collaboration began, to 2100; else 400. */
class YearPipe implements PipeTransform<string, string> {
  transform(year: string): string {
    if (!/^\d{4}$/.test(year) || Number(year) < 2019 || Number(year) > 2100) {
      throw new InvalidInputError([{ field: 'year', rule: 'isYear', message: 'year must be a year from 2019 (when the collaboration began) to 2100' }]);
    }
    return year;
  }
}

/**
 * The annual wheel's commands as forms: /web/annual-wheel/:year/act/propose
 * (the working group; a revision is a new proposal) and …/adopt (the chairs'
 * council), through the same bus, handler and access policy as the API.
 */
@Controller('web/annual-wheel')
@WebPage()
@UseFilters(WebErrorFilter)
export class WheelFormsController extends FormRoutes<YearWheelState, YearWheelCommand>({ read: 'meetings.read', id: new YearPipe() }) {
  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService) {
    super(
      new FormFlow(
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
          // The one slice whose forms still wait: the wheel's page lists the year's meetings from the meetings' read model, and
          // an adoption's outcome reaches the position of the meetings its reaction scheduled. The wait is bounded
          // (READ_YOUR_WRITES_TIMEOUT_MS); past it the page is drawn as it stands, the wheel itself folded from its stream.
          readModels: [meetingsProjection.name],
          changed: { sv: 'årshjulet', en: 'the annual wheel' },
        },
        store,
        projections,
      ),
      { find: (slug, year) => wheelForms(Number(year)).find((form) => form.slug === slug) },
    );
  }
}
