import { Controller, Inject, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import {
  AgendaProposals,
  type ExistingMeetingState,
  ExecuteMeetingCommand,
  MEETING_EVENT_LABELS,
  type MeetingCommand,
  foldMeeting,
  meetingStreamId,
} from '../../meetings';
import { ProjectionsService } from '../../projections/projections.service';
import { FormFlow, existingAggregate } from '../forms/form-flow';
import { FormRoutes } from '../forms/form-routes';
import { MEETING_RULES } from '../forms/meeting-rule-texts';
import { WebErrorFilter } from '../web-error.filter';
import { SCHEDULE_FORM, meetingForm } from './meeting-forms';

/**
 * A meeting's commands as forms (docs/web.md "Forms"): scheduling at
 * /web/meetings/new, the rest at /web/meetings/:id/act/<form>, given through
 * the same bus, handler and access policy as the API (a secretary only in the
 * forums it serves).
 */
@Controller('web/meetings')
@WebPage()
@UseFilters(WebErrorFilter)
export class MeetingFormsController extends FormRoutes<ExistingMeetingState, MeetingCommand>({ read: 'meetings.read', create: 'ScheduleMeeting' }) {
  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService, proposals: AgendaProposals) {
    const load = existingAggregate(store, 'Meeting', meetingStreamId, foldMeeting);
    super(
      new FormFlow(
        {
          load,
          run: async (command, envelope) => {
            // Proposing takes the items the outstanding log and earlier meetings hold now, as POST /meetings/:id/agenda/proposal does.
            const given =
              command.type === 'ProposeAgenda' && command.data.items.length === 0
                ? { ...command, data: { ...command.data, items: await proposals.proposeAgenda((await load(command.data.meetingId)).state) } }
                : command;
            return commandBus.execute(new ExecuteMeetingCommand(given, envelope));
          },
          aggregateOf: (command) => command.data.meetingId,
          streamOf: meetingStreamId,
          eventLabel: (type) => MEETING_EVENT_LABELS[type as keyof typeof MEETING_EVENT_LABELS],
          rules: MEETING_RULES,
          formPath: (id, slug) => (id === undefined ? '/meetings/new' : `/meetings/${id}/act/${slug}`),
          pagePath: (id) => `/meetings/${id}`,
          // The meeting's page folds its stream (MeetingPagesController): it has the change once the command is stored.
          readModels: [],
          changed: { sv: 'sammanträdet', en: 'the meeting' },
        },
        store,
        projections,
      ),
      { create: SCHEDULE_FORM, find: meetingForm },
    );
  }
}
