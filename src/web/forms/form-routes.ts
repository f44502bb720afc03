import { Body, Get, NotFoundException, Param, ParseUUIDPipe, PipeTransform, Post, Query, Req, Res } from '@nestjs/common';
import { Response } from 'express';
import type { Action } from '../../auth/access-policy';
import { Allow, AuthenticatedRequest } from '../../auth/auth.guard';
import { Page, PageContext } from '../page-context';
import type { CommandForm, FormFlow } from './form-flow';

type FormRequest = AuthenticatedRequest & { correlationId?: string };

/** Where a slice's forms are and who may reach them; the controller's own path (`web/questions`) is the prefix. */
export interface FormRoutesOptions {
  /**
   * The action the guard checks on …/:id/act/<form>: reading the aggregate,
   * since one route serves many commands. Each form's own command is checked
   * against the role before the form is drawn or read (FormFlow), and against
   * role and organisation by the command handler.
   */
  read: Action;
  /** The command of the form at …/new that creates the aggregate, if the slice has one. */
  create?: Action;
  /** Reads the aggregate's id in the path (default: a UUID, else 400). */
  id?: PipeTransform<string, string>;
}

/** A slice's forms: the one that creates its aggregate, and those on an existing one by slug. */
export interface FormCatalogue<S, C> {
  create?: CommandForm<S, C>;
  /** The form at …/:id/act/<slug>; `id` as the path gives it, for forms that depend on it (the wheel's year). */
  find(slug: string, id: string): CommandForm<S, C> | undefined;
}

/**
 * The routes every slice's forms have, in one place (docs/web.md "Forms"):
 * draw and give the creating form at …/new, and draw and give each command's
 * form at …/:id/act/<form>; FormFlow does the rest (authorize, read the
 * typed values, give the command, redraw with errors or with what changed
 * (409), redirect to the result). A slice's forms controller extends
 * `FormRoutes(options)` and hands it its flow and its forms:
 *
 *     @Controller('web/questions') @WebPage() @UseFilters(WebErrorFilter)
 *     export class QuestionFormsController extends FormRoutes({ read: 'questions.read', create: 'RaiseQuestion' }) { … }
 *
 * The …/new routes exist only when the slice has a creating form; they are
 * declared before …/:id/…, and a page controller with …/:id comes after the
 * forms controller in the module, so `new` is never read as an id.
 */
export function FormRoutes<S, C>(options: FormRoutesOptions) {
  const Id = () => Param('id', options.id ?? new ParseUUIDPipe({ version: undefined }));

  abstract class Routes {
    constructor(
      protected readonly flow: FormFlow<S, C>,
      private readonly forms: FormCatalogue<S, C>,
    ) {}

    drawNew(@Page() page: PageContext, @Query() query: Record<string, unknown>) {
      return this.flow.draw(page, this.creating(), undefined, query);
    }

    async giveNew(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Req() request: FormRequest, @Res() response: Response) {
      await this.flow.give(page, this.creating(), undefined, body, request, response);
    }

    @Get(':id/act/:form')
    @Allow(options.read)
    draw(@Page() page: PageContext, @Id() id: string, @Param('form') slug: string, @Query() query: Record<string, unknown>) {
      return this.flow.draw(page, this.form(slug, id), id, query);
    }

    @Post(':id/act/:form')
    @Allow(options.read)
    async give(
      @Page() page: PageContext,
      @Id() id: string,
      @Param('form') slug: string,
      @Body() body: Record<string, unknown>,
      @Req() request: FormRequest,
      @Res() response: Response,
    ) {
      await this.flow.give(page, this.form(slug, id), id, body, request, response);
    }

    private creating(): CommandForm<S, C> {
      if (!this.forms.create) throw new NotFoundException('There is no form that creates one');
      return this.forms.create;
    }

    private form(slug: string, id: string): CommandForm<S, C> {
      const form = this.forms.find(slug, id);
      if (!form) throw new NotFoundException(`There is no form "${slug}"`);
      return form;
    }
  }

  if (options.create) {
    // Declared only for a slice with a creating form, so that a slice without one has no …/new route at all.
    const route = (name: 'drawNew' | 'giveNew', method: MethodDecorator) => {
      const descriptor = Object.getOwnPropertyDescriptor(Routes.prototype, name)!;
      method(Routes.prototype, name, descriptor);
      Allow(options.create!)(Routes.prototype, name, descriptor);
    };
    route('drawNew', Get('new'));
    route('giveNew', Post('new'));
  }
  return Routes;
}
