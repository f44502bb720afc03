import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { authorizeRole } from '../../auth/access-policy';
import { Allow } from '../../auth/auth.guard';
import { WebPage } from '../../auth/web-sessions';
import { CommandEnvelope, CommandOutcome } from '../../command-handling/execute-with-decider';
import { Actor, EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { commandIdFor } from '../../http/command-envelope.decorator';
import { ObservedRequest } from '../../observability/request-observer';
import { ProjectionsService } from '../../projections/projections.service';
import { ExecuteQuestionCommand } from '../../questions';
import { type ExistingQuestionState, QUESTION_EVENT_LABELS, foldQuestion, questionStreamId } from '../../questions/contract';
import { questionViewsProjection } from '../../question-list/contract';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import { readableDate } from '../fragments';
import { Field, FormValues, formKeyOf, newFormKey, readValues, revisionOf } from '../forms/form';
import { ChangeSince, formPage } from '../forms/form.page';
import { QUESTION_RULES } from '../forms/question-rule-texts';
import { Submission, submit } from '../forms/submit';
import { organisationName, roleName, webPath } from '../layout';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { QuestionForm, QuestionFormContext, RAISE_FORM, questionForm } from './question-forms';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

type FormRequest = ObservedRequest;

/**
 * The question's commands as forms (docs/web.md "Forms"): raising at
 * /web/questions/new, every other command at /web/questions/:id/act/<form>.
 * A GET draws the form with a new form key and the question's revision; a
 * POST gives the command through the same bus, handler and access policy as
 * the API, then, once the question's read model has the change
 * (read-your-writes), sends the browser to the question (303), where it shows.
 *
 * The routes name `questions.read` for the guard, since one route serves many
 * commands; each form's own command is checked against the role before the
 * form is drawn or read, and against role and organisation by the command
 * handler (a forged post is 403, and nothing is appended).
 */
@Controller('web/questions')
@WebPage()
@UseFilters(WebErrorFilter)
export class QuestionFormsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
  ) {}

  @Get('new')
  @Allow('RaiseQuestion')
  newQuestion(@Page() page: PageContext, @Query() query: Record<string, unknown>) {
    const context = this.context(page);
    const fields = RAISE_FORM.fields(context);
    const asked = readValues(fields, query);
    return this.draw(page, RAISE_FORM, undefined, fields, { ...RAISE_FORM.initial?.(context, asked), ...nonEmpty(asked) }, newFormKey()).text;
  }

  @Post('new')
  @Allow('RaiseQuestion')
  async raise(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Req() request: FormRequest, @Res() response: Response) {
    await this.give(page, RAISE_FORM, undefined, body, request, response);
  }

  @Get(':id/act/:form')
  @Allow('questions.read')
  async showForm(@Page() page: PageContext, @Id() id: string, @Param('form') slug: string, @Query() query: Record<string, unknown>) {
    const form = this.formOrNotFound(page, slug);
    const { state, revision } = await this.question(id);
    const context = this.context(page, state);
    const fields = form.fields(context);
    const asked = readValues(fields, query);
    return this.draw(page, form, { state, revision }, fields, { ...form.initial?.(context, asked), ...nonEmpty(asked) }, newFormKey()).text;
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
    const form = this.formOrNotFound(page, slug);
    await this.give(page, form, id, body, request, response);
  }

  private formOrNotFound(page: PageContext, slug: string): QuestionForm {
    const form = questionForm(slug);
    if (!form) throw new NotFoundException(`There is no question form "${slug}"`);
    // Before anything is read: a role that may not give the command is not shown its form, nor heard posting it.
    authorizeRole(page.actor!, form.action);
    return form;
  }

  private context(page: PageContext, state?: ExistingQuestionState): Required<Pick<QuestionFormContext, 'actor' | 'language'>> & QuestionFormContext {
    return { actor: page.actor as Actor, language: page.language, state };
  }

  private async question(id: string): Promise<{ state: ExistingQuestionState; revision: number }> {
    const events = await this.store.readStream(questionStreamId(id));
    const state = foldQuestion(events);
    if (!state.exists) throw new AggregateNotFound('Question', id);
    return { state, revision: events.length - 1 };
  }

  private draw(
    page: PageContext,
    form: QuestionForm,
    question: { state: ExistingQuestionState; revision: number } | undefined,
    fields: readonly Field[],
    values: FormValues,
    formKey: string,
    extra: { errors?: Submission<unknown> & { kind: 'invalid' }; changes?: ChangeSince[] } = {},
  ) {
    const { language, t } = page;
    const path = question ? `/questions/${question.state.id}/act/${form.slug}` : '/questions/new';
    return formPage(page, {
      title: question ? `${form.title[language]}: ${question.state.title}` : form.title[language],
      action: webPath(path),
      submitLabel: form.submit[language],
      fields,
      values,
      errors: extra.errors?.errors ?? [],
      tokens: { csrfToken: page.csrfToken, formKey, revision: question?.revision },
      back: question ? { href: webPath(`/questions/${question.state.id}`), label: t.backToQuestion } : undefined,
      changes: extra.changes,
    });
  }

  /** Reads the posted form, gives its command, and answers: to the question (303), or the form again with errors (400, 422) or what changed (409). */
  private async give(page: PageContext, form: QuestionForm, id: string | undefined, body: Record<string, unknown>, request: FormRequest, response: Response) {
    const actor = page.actor as Actor;
    const question = id ? await this.question(id) : undefined;
    const context = this.context(page, question?.state);
    const fields = form.fields(context);
    const values = readValues(fields, body);
    // A post without a form key (a client that did not draw the form) is one command of its own, as an API call without an Idempotency-Key.
    const formKey = formKeyOf(body) ?? newFormKey();
    const expectedRevision = id ? revisionOf(body) : undefined;
    const commandId = commandIdFor(actor.userId, formKey);
    const apiBody = form.body(values);
    const envelope: CommandEnvelope = {
      commandId,
      correlationId: request.correlationId ?? randomUUID(),
      actor,
      ...(request.principal?.forums !== undefined ? { actorForums: request.principal.forums } : {}),
      expectedRevision,
    };
    const command = form.command(id ?? '', apiBody, commandId, values);
    const submission = await submit<CommandOutcome>({
      fields,
      dto: form.dto,
      body: apiBody,
      language: page.language,
      rules: QUESTION_RULES,
      run: () => this.commandBus.execute(new ExecuteQuestionCommand(command, envelope)),
    });
    const redrawn = question && expectedRevision !== undefined ? { ...question, revision: expectedRevision } : question;
    if (submission.kind === 'invalid') {
      response
        .status(submission.status)
        .type('text/html; charset=utf-8')
        .send(this.draw(page, form, redrawn, fields, values, formKey, { errors: submission }).text);
      return;
    }
    if (submission.kind === 'stale') {
      const fresh = await this.question(command.data.questionId);
      const changes = await this.changesSince(command.data.questionId, expectedRevision ?? -1, page);
      const freshFields = form.fields(this.context(page, fresh.state));
      response
        .status(409)
        .type('text/html; charset=utf-8')
        .send(this.draw(page, form, fresh, freshFields, values, formKey, { changes }).text);
      return;
    }
    const { outcome } = submission;
    // Read-your-writes: the question's page reads its timeline from the question views; they have the change before the browser asks.
    await this.projections.waitFor([questionViewsProjection.name], outcome.position).catch(() => undefined);
    const recorded = outcome.events.at(-1)?.type;
    response.redirect(303, `${webPath(`/questions/${command.data.questionId}`, { recorded })}${form.anchor ? `#${form.anchor}` : ''}`);
  }

  private async changesSince(questionId: string, revision: number, page: PageContext): Promise<ChangeSince[]> {
    const events = await this.store.readStream(questionStreamId(questionId), { fromRevision: revision + 1 });
    return events.map((event) => {
      const label = QUESTION_EVENT_LABELS[event.type as keyof typeof QUESTION_EVENT_LABELS];
      const who = event.metadata.actor;
      return {
        what: label ? label[page.language] : event.type,
        who: `${who.displayName}, ${roleName(who.role, page.language)}, ${organisationName(who.organisationId)}`,
        when: readableDate(event.metadata.occurredAt, page.language),
      };
    });
  }
}

/** Values asked for in the query (`?organisationId=kil` from a decisions table's row), the empty ones left out. */
function nonEmpty(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== '')));
}
