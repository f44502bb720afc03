import { Controller, Inject, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ASSIGNMENT_EVENT_LABELS,
  type AssignmentCommand,
  type ExistingAssignmentState,
  ExecuteAssignmentCommand,
  assignmentStreamId,
  foldAssignment,
} from '../../assignments';
import { WebPage } from '../../auth/web-sessions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { ProjectionsService } from '../../projections/projections.service';
import { ASSIGNMENT_RULES } from '../forms/assignment-rule-texts';
import { FormFlow, existingAggregate } from '../forms/form-flow';
import { FormRoutes } from '../forms/form-routes';
import { WebErrorFilter } from '../web-error.filter';
import { GIVE_FORM, assignmentForm } from './assignment-forms';

/**
 * Assignments' commands as forms: giving one at /web/assignments/new, and its
 * commands at /web/assignments/:id/act/<form>, through the same bus, handler
 * and access policy as the API.
 */
@Controller('web/assignments')
@WebPage()
@UseFilters(WebErrorFilter)
export class AssignmentFormsController extends FormRoutes<ExistingAssignmentState, AssignmentCommand>({
  read: 'assignments.read',
  create: 'GiveAssignment',
}) {
  constructor(commandBus: CommandBus, @Inject(EVENT_STORE) store: EventStore, projections: ProjectionsService) {
    super(
      new FormFlow(
        {
          load: existingAggregate(store, 'Assignment', assignmentStreamId, foldAssignment),
          run: (command, envelope) => commandBus.execute(new ExecuteAssignmentCommand(command, envelope)),
          aggregateOf: (command) => command.data.assignmentId,
          streamOf: assignmentStreamId,
          eventLabel: (type) => ASSIGNMENT_EVENT_LABELS[type as keyof typeof ASSIGNMENT_EVENT_LABELS],
          rules: ASSIGNMENT_RULES,
          formPath: (id, slug) => (id === undefined ? '/assignments/new' : `/assignments/${id}/act/${slug}`),
          pagePath: (id) => `/assignments/${id}`,
          // The assignment's page folds its stream (AssignmentPagesController): it has the change once the command is stored.
          readModels: [],
          changed: { sv: 'uppdraget', en: 'the assignment' },
        },
        store,
        projections,
      ),
      { create: GIVE_FORM, find: assignmentForm },
    );
  }
}
