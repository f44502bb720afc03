import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { Request, Response } from 'express';
import { AccessDenied } from '../auth/access-policy';
import { WebSessions } from '../auth/web-sessions';
import { InvalidInputError } from '../http/problem';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { html } from './html';
import { layout, webPath } from './layout';
import { pageContextOf } from './page-context';

/** Does the client want a page (a browser's Accept header), rather than problem+json (the API's clients, the tests' supertest)? */
export function wantsHtml(request: Request): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

/**
 * Errors on the web pages, for a browser: not signed in → to the sign-in page
 * (and back afterwards); forbidden, not found, invalid input and the rest as
 * a page in the reader's language with the same layout. A client that does
 * not ask for HTML gets the API's problem+json, from the API's one mapping.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();
  private readonly logger = new Logger('Web');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request & { webSessions?: WebSessions }>();
    const response = host.switchToHttp().getResponse<Response>();
    if (!wantsHtml(request) || !request.webSessions) return this.problems.catch(error, host);
    if (error instanceof UnauthorizedException) {
      response.redirect(303, webPath('/sign-in', { next: request.originalUrl }));
      return;
    }
    const page = pageContextOf(request, response, request.webSessions);
    const { t } = page;
    const problem = this.problems.toProblem(error);
    const [status, title, detail] =
      error instanceof AccessDenied
        ? [403, t.forbiddenTitle, t.notAllowedHere]
        : error instanceof AggregateNotFound || error instanceof NotFoundException
          ? [404, t.notFoundTitle, problem.detail]
          : error instanceof InvalidInputError || (error instanceof HttpException && error.getStatus() < 500)
            ? [problem.status, t.invalidInputTitle, problem.detail]
            : [500, t.errorTitle, ''];
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    response
      .status(status)
      .type('text/html; charset=utf-8')
      .send(
        layout(
          page,
          title,
          html`<p>${detail}</p>
            ${
              error instanceof InvalidInputError
                ? html`<ul>
                    ${error.errors.map((entry) => html`<li><strong>${entry.field}</strong>: ${entry.message}</li>`)}
                  </ul>`
                : ''
            }
            <p><a href="${webPath('')}">${t.backToStart}</a></p>`,
          { publicPage: !page.actor },
        ).text,
      );
  }
}
