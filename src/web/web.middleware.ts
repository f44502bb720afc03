import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response, urlencoded } from 'express';
import { WebSessions, cookiesOf, sameToken } from '../auth/web-sessions';
import { unsafeInputErrors } from '../http/input-rules';
import { ANONYMOUS_CSRF_COOKIE, type PageDirectory, rememberLanguage } from './page-context';
import { StructureDirectory } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { CONTENT_SECURITY_POLICY } from '../http/content-security-policy';

const readForm = urlencoded({ extended: false, limit: '20kb', parameterLimit: 50 });

/**
 * In front of every /web route: the CSP and no caching of signed-in pages;
 * the session store on the request (for the page context and the error page);
 * forms read as application/x-www-form-urlencoded, and every POST refused
 * unless it carries this visitor's form token (CSRF). A request with an
 * Authorization header is an API client's, not a browser's: it is signed in by
 * its bearer token, never by the cookie (AuthGuard), so no other site can
 * make a browser send it, and it needs no form token.
 */
@Injectable()
export class WebMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: WebSessions,
    private readonly directory: StructureDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  use(request: Request & { webSessions?: WebSessions; webDirectory?: PageDirectory }, response: Response, next: NextFunction): void {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('Cache-Control', 'no-store');
    request.webSessions = this.sessions;
    tidyQuery(request, response);
    // The organisations and forums every page lists and names: the structure register's today (one read of one read-model row).
    this.directory.forPages(today(this.clock)).then(
      (directory) => {
        request.webDirectory = directory;
        this.rest(request, response, next);
      },
      (error: unknown) => next(error),
    );
  }

  private rest(request: Request & { webSessions?: WebSessions }, response: Response, next: NextFunction): void {
    if (request.method !== 'POST') return next();
    readForm(request, response, (error?: unknown) => {
      if (error) return next(error);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const sent = typeof body._csrf === 'string' ? body._csrf : undefined;
      const expected = this.sessions.of(request)?.csrfToken ?? cookiesOf(request)[ANONYMOUS_CSRF_COOKIE];
      if (!request.headers.authorization && !sameToken(sent, expected)) {
        response
          .status(403)
          .type('text/plain; charset=utf-8')
          .send(
            'Formuläret saknar giltig kontrollkod (CSRF). Ladda om sidan och försök igen. / The form lacks a valid CSRF token: reload the page and try again.',
          );
        return;
      }
      const unsafe = unsafeInputErrors(body);
      if (unsafe.length > 0) {
        response
          .status(400)
          .type('text/plain; charset=utf-8')
          .send(`Formuläret innehåller tecken som inte kan sparas. / The form cannot be stored: ${unsafe.map((error) => error.message).join('; ')}`);
        return;
      }
      next();
    });
  }
}

/**
 * A filter form sends every field, the empty ones as `forum=`: those mean "all"
 * and are dropped before the query DTOs validate. `lang=sv|en` chooses the
 * language (remembered in a cookie) and is no filter either.
 */
function tidyQuery(request: Request, response: Response): void {
  const at = request.url.indexOf('?');
  if (at < 0) return;
  const search = new URLSearchParams(request.url.slice(at + 1));
  const language = search.get('lang');
  if (language === 'sv' || language === 'en') rememberLanguage(request, response, language);
  for (const key of [...search.keys()]) if (key === 'lang' || search.get(key) === '') search.delete(key);
  const rest = search.toString();
  request.url = request.url.slice(0, at) + (rest ? `?${rest}` : '');
}
