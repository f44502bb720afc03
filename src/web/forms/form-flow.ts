import { randomUUID } from 'node:crypto';
import { Response } from 'express';
import { Action, authorizeRole } from '../../auth/access-policy';
import type { AuthenticatedRequest } from '../../auth/auth.guard';
import { roleName } from '../../auth/roles';
import type { CommandEnvelope, CommandOutcome } from '../../command-handling/execute-with-decider';
import type { Actor, EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import type { Language } from '../../http/accept-language';
import { commandIdFor } from '../../http/command-envelope.decorator';
import type { ProjectionsService } from '../../projections/projections.service';
import { readableDate } from '../fragments';
import { organisationName, webPath } from '../layout';
import type { PageContext } from '../page-context';
import { Field, FormError, FormValues, Label, formKeyOf, newFormKey, readValues, revisionOf } from './form';
import { ChangeSince, formPage } from './form.page';
import { RuleTexts, Submission, submit } from './submit';

export type { Label } from './form';

export interface CommandFormContext<S> {
  /** Undefined for a form that creates its aggregate. */
  state?: S;
  actor: Actor;
  language: Language;
  /** The organisations and forums to choose from: the structure register's (PageContext); absent, the default data's. */
  directory?: FormDirectory;
}

/** The organisations and forums a form offers, in the order to show them. */
export interface FormDirectory {
  organisations: ReadonlyArray<{ id: string; name: string }>;
  forums: ReadonlyArray<{ id: string; nameSv: string; nameEn: string }>;
}

/**
 * One command as a form: its fields, when the aggregate's state admits it,
 * the request body the API would get (checked by the API's own DTO), and the
 * command it gives.
 */
export interface CommandForm<S, C> {
  /** In the path: …/act/<slug>. */
  slug: string;
  action: Action;
  title: Label;
  submit: Label;
  /** Where on the result page the change shows. */
  anchor?: string;
  /** Whether the state admits the command now and the actor has someone to give it for. */
  fits(context: Required<CommandFormContext<S>>): boolean;
  fields(context: CommandFormContext<S>): Field[];
  /** Values a freshly drawn form starts with; `asked`: those named in the query. */
  initial?(context: CommandFormContext<S>, asked: FormValues): FormValues;
  /** The API's DTO for the body; absent when the API's body is empty (its ids are in the path). */
  dto?: new () => object;
  /** The API's body from the typed values; `context.state`: the aggregate as the form is read (for what the form carries over from it). */
  body(values: FormValues, context: CommandFormContext<S>): Record<string, unknown>;
  /** `values`: for what the API takes from its path, not its body. */
  command(aggregateId: string, body: Record<string, unknown>, commandId: string, values: FormValues): C;
}

export interface Loaded<S> {
  id: string;
  state: S;
  /** The stream's revision: what the form's `_revision` carries. */
  revision: number;
  title: string;
  /** The whole stream as it was read, for a slice whose command can be decided on it (`FormFlowSlice.run`). */
  events?: RecordedEvent[];
}

/**
 * Loads an aggregate that must exist (a question, a meeting, an assignment)
 * from its stream: folded, with the revision a drawn form carries; 404 for
 * one that does not exist.
 */
export function existingAggregate<E extends { exists: true; title: string }>(
  store: EventStore,
  name: string,
  streamOf: (id: string) => string,
  fold: (events: RecordedEvent[]) => E | { exists: false },
): (id: string) => Promise<Loaded<E>> {
  return async (id) => {
    const events = await store.readStream(streamOf(id));
    const state = fold(events);
    if (!state.exists) throw new AggregateNotFound(name, id);
    return { id, state, revision: events.length - 1, title: state.title, events };
  };
}

/** What a slice's forms need to know about it. */
export interface FormFlowSlice<S, C> {
  /** The aggregate as it stands; throws AggregateNotFound for one that does not exist. */
  load(id: string): Promise<Loaded<S>>;
  /**
   * `read`: the aggregate's whole stream as the form has just read it, which
   * the slice may decide the command on instead of reading it again (the
   * append's revision check still refuses it if anything was written since).
   */
  run(command: C, envelope: CommandEnvelope, read?: { history: RecordedEvent[] }): Promise<CommandOutcome>;
  /** The aggregate a command is for (a creating command names its new id). */
  aggregateOf(command: C): string;
  streamOf(id: string): string;
  eventLabel(type: string): Label | undefined;
  rules: RuleTexts;
  /** A form's path under /web: `id` undefined for a creating form. */
  formPath(id: string | undefined, slug: string): string;
  /** The page that shows the aggregate, under /web (with its query, if any). */
  pagePath(id: string): string;
  /**
   * The read models the page reads, waited for before the redirect (read-your-writes) for at most
   * READ_YOUR_WRITES_TIMEOUT_MS; none for a page that folds its aggregate from the event store (the question's, a
   * meeting's, an assignment's), which has the change once the command is stored.
   */
  readModels: string[];
  /** The aggregate as a stale form's notice names it ("sammanträdet", "the meeting"); the question's words when absent. */
  changed?: Label;
}

/**
 * Draws a slice's command forms and gives what is posted (docs/web.md
 * "Forms"): the command with a command id from the user and the form key (as
 * from an Idempotency-Key), the expected revision from the form, through the
 * slice's bus command; then 303 to the aggregate's page once its read models
 * have the change, or the form again with errors (400, 422) or with what
 * changed since it was drawn (409).
 */
export class FormFlow<S, C> {
  constructor(
    private readonly slice: FormFlowSlice<S, C>,
    private readonly store: EventStore,
    private readonly projections: ProjectionsService,
  ) {}

  /** Before anything is read: a role that may not give the command is not shown its form, nor heard posting it (403). */
  static authorize(page: PageContext, action: Action): void {
    authorizeRole(page.actor as Actor, action);
  }

  async draw(page: PageContext, form: CommandForm<S, C>, id: string | undefined, query: Record<string, unknown>): Promise<string> {
    FormFlow.authorize(page, form.action);
    const loaded = id === undefined ? undefined : await this.slice.load(id);
    const context = this.context(page, loaded?.state);
    const fields = form.fields(context);
    const asked = nonEmpty(readValues(fields, query));
    return this.page(page, form, loaded, fields, { ...form.initial?.(context, asked), ...asked }, newFormKey());
  }

  async give(
    page: PageContext,
    form: CommandForm<S, C>,
    id: string | undefined,
    body: Record<string, unknown>,
    request: AuthenticatedRequest & { correlationId?: string },
    response: Response,
  ): Promise<void> {
    FormFlow.authorize(page, form.action);
    const actor = page.actor as Actor;
    const loaded = id === undefined ? undefined : await this.slice.load(id);
    const context = this.context(page, loaded?.state);
    const fields = form.fields(context);
    const values = readValues(fields, body);
    // A post without a form key (a client that did not draw the form) is one command of its own, as an API call without an Idempotency-Key.
    const formKey = formKeyOf(body) ?? newFormKey();
    const expectedRevision = id === undefined ? undefined : revisionOf(body);
    const commandId = commandIdFor(actor.userId, formKey);
    const apiBody = form.body(values, context);
    const envelope: CommandEnvelope = {
      commandId,
      correlationId: request.correlationId ?? randomUUID(),
      actor,
      ...(request.principal?.forums !== undefined ? { actorForums: request.principal.forums } : {}),
      expectedRevision,
      // The day it happened, when the form names one (a question command's "Datum då det skedde"): as the API's body gives it.
      ...(typeof apiBody.effectiveOn === 'string' ? { effectiveOn: apiBody.effectiveOn } : {}),
    };
    const command = form.command(id ?? '', apiBody, commandId, values);
    // The stream read for the form is what the command's first run is decided on; a run once more (submit) reads it anew,
    // so a twin that stored the command meanwhile is found by its command id.
    let read = loaded?.events && this.slice.aggregateOf(command) === loaded.id ? { history: loaded.events } : undefined;
    const submission: Submission<CommandOutcome> = await submit({
      fields,
      dto: form.dto,
      body: apiBody,
      language: page.language,
      rules: this.slice.rules,
      run: () => {
        const first = read;
        read = undefined;
        return this.slice.run(command, envelope, first);
      },
    });
    const html = (status: number, text: string) => response.status(status).type('text/html; charset=utf-8').send(text);
    if (submission.kind === 'invalid') {
      const drawnFrom = loaded && expectedRevision !== undefined ? { ...loaded, revision: expectedRevision } : loaded;
      html(submission.status, this.page(page, form, drawnFrom, fields, values, formKey, { errors: submission.errors }));
      return;
    }
    const aggregateId = this.slice.aggregateOf(command);
    if (submission.kind === 'stale') {
      const fresh = await this.slice.load(aggregateId);
      const changes = await this.changesSince(aggregateId, expectedRevision ?? -1, page);
      html(409, this.page(page, form, fresh, form.fields(this.context(page, fresh.state)), values, formKey, { changes }));
      return;
    }
    const { outcome } = submission;
    // Read-your-writes: the page the browser is sent to reads these read models; they have the change before it asks.
    // Bounded: past the timeout the page is drawn as it stands rather than the post answered with an error.
    if (this.slice.readModels.length > 0) await this.projections.waitFor(this.slice.readModels, outcome.position).catch(() => undefined);
    const recorded = outcome.events.at(-1)?.type;
    const target = webPath(this.slice.pagePath(aggregateId));
    const said = recorded ? `${target.includes('?') ? '&' : '?'}recorded=${encodeURIComponent(recorded)}` : '';
    response.redirect(303, `${target}${said}${form.anchor ? `#${form.anchor}` : ''}`);
  }

  private context(page: PageContext, state: S | undefined): CommandFormContext<S> {
    return { actor: page.actor as Actor, language: page.language, state, directory: page.directory };
  }

  private page(
    page: PageContext,
    form: CommandForm<S, C>,
    loaded: Loaded<S> | undefined,
    fields: readonly Field[],
    values: FormValues,
    formKey: string,
    extra: { errors?: FormError[]; changes?: ChangeSince[] } = {},
  ): string {
    const { language, t } = page;
    return formPage(page, {
      title: loaded ? `${form.title[language]}: ${loaded.title}` : form.title[language],
      action: webPath(this.slice.formPath(loaded?.id, form.slug)),
      submitLabel: form.submit[language],
      fields,
      values,
      errors: extra.errors ?? [],
      tokens: { csrfToken: page.csrfToken, formKey, revision: loaded?.revision },
      back: loaded ? { href: webPath(this.slice.pagePath(loaded.id)), label: t.back } : undefined,
      changes: extra.changes,
      changed: this.slice.changed,
    }).text;
  }

  private async changesSince(id: string, revision: number, page: PageContext): Promise<ChangeSince[]> {
    const events = await this.store.readStream(this.slice.streamOf(id), { fromRevision: revision + 1 });
    return events.map((event) => {
      const who = event.metadata.actor;
      return {
        what: this.slice.eventLabel(event.type)?.[page.language] ?? event.type,
        who: `${who.displayName}, ${roleName(who.role, page.language)}, ${organisationName(who.organisationId)}`,
        when: readableDate(event.metadata.occurredAt, page.language),
      };
    });
  }
}

/** Values asked for in the query (`?organisationId=kil` from a table's row), the empty ones left out. */
function nonEmpty(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== '')));
}
