import { Body, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { Allow, AuthenticatedRequest } from '../../auth/auth.guard';
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
  meetingsProjection,
} from '../../meetings';
import { ProjectionsService } from '../../projections/projections.service';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import { FormFlow, Loaded } from '../forms/form-flow';
import { MEETING_RULES } from '../forms/meeting-rule-texts';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { MeetingForm, SCHEDULE_FORM, meetingForm } from './meeting-forms';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

type FormRequest = AuthenticatedRequest & { correlationId?: string };

/**
 * A meeting's commands as forms (docs/web.md "Forms"): scheduling at
 * /web/meetings/new, the rest at /web/meetings/:id/act/<form>, given through
 * the same bus, handler and access policy as the API (a secretary only in the
 * forums it serves). As for the question's forms, the routes name
 * `meetings.read` and each form's command is checked against the role first.
 */
@Controller('web/meetings')
@WebPage()
@UseFilters(WebErrorFilter)
export class MeetingFormsController {
  private readonly flow: FormFlow<ExistingMeetingState, MeetingCommand>;

  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService, proposals: AgendaProposals) {
    const load = async (id: string): Promise<Loaded<ExistingMeetingState>> => {
      const events = await store.readStream(meetingStreamId(id));
      const state = foldMeeting(events);
      if (!state.exists) throw new AggregateNotFound('Meeting', id);
      return { id, state, revision: events.length - 1, title: state.title };
    };
    this.flow = new FormFlow(
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
        // The meetings list and the annual wheel read the meetings' read model.
        readModels: [meetingsProjection.name],
      },
      store,
      projections,
    );
  }

  @Get('new')
  @Allow('ScheduleMeeting')
  newMeeting(@Page() page: PageContext, @Query() query: Record<string, unknown>) {
    return this.flow.draw(page, SCHEDULE_FORM, undefined, query);
  }

  @Post('new')
  @Allow('ScheduleMeeting')
  async schedule(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Req() request: FormRequest, @Res() response: Response) {
    await this.flow.give(page, SCHEDULE_FORM, undefined, body, request, response);
  }

  @Get(':id/act/:form')
  @Allow('meetings.read')
  showForm(@Page() page: PageContext, @Id() id: string, @Param('form') slug: string, @Query() query: Record<string, unknown>) {
    return this.flow.draw(page, formOrNotFound(slug), id, query);
  }

  @Post(':id/act/:form')
  @Allow('meetings.read')
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

function formOrNotFound(slug: string): MeetingForm {
  const form = meetingForm(slug);
  if (!form) throw new NotFoundException(`There is no meeting form "${slug}"`);
  return form;
}
