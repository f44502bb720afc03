import { FORUMS } from '../reference-data/forums';
import { ORGANISATIONS } from '../reference-data/organisations';
import { randomBytes } from 'node:crypto';
import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { WebSessions, WebSession, cookiesOf, setCookie } from '../auth/web-sessions';
import type { Actor } from '../event-store/event-store.port';
import type { ForumNaming } from '../register/contract';
import type { StructureNames } from '../reference-data/organisations';
import { Language, preferredLanguage } from '../http/accept-language';
import { TEXTS, Texts } from './texts';

export const LANGUAGE_COOKIE = 'fragespar_lang';
/** Before sign-in there is no session to hold the form token: it lives in a cookie of its own (double submit). */
export const ANONYMOUS_CSRF_COOKIE = 'fragespar_csrf';

/** What every page needs to render: language and words, who is signed in, the form token, where it is. */
export interface PageContext {
  language: Language;
  t: Texts;
  actor?: Actor;
  session?: WebSession;
  csrfToken: string;
  /** The request's path, without the query. */
  path: string;
  query: Record<string, string>;
  /** The organisations and forums to list and name: the structure register's (WebMiddleware reads them), or the default data's. */
  directory: PageDirectory;
}

/** The collaboration's organisations and forums, as a page lists and names them. */
export interface PageDirectory {
  organisations: ReadonlyArray<{ id: string; name: string; kind: string }>;
  forums: ReadonlyArray<{ id: string; nameSv: string; nameEn: string }>;
  /** The forums' names on any date (a timeline names a forum as it was named then); absent, the default data's names. */
  forumNaming?: ForumNaming;
  /** The names organisations and forums are shown by today (the register's; the chairs' council it has); absent, the default data's names. */
  names?: StructureNames;
}

/** Without the register's (a page outside WebMiddleware), the default data's. */
export const DEFAULT_DIRECTORY: PageDirectory = { organisations: ORGANISATIONS, forums: FORUMS };

/** The directory WebMiddleware put on the request. */
export function directoryOf(request: Request): PageDirectory {
  return (request as Request & { webDirectory?: PageDirectory }).webDirectory ?? DEFAULT_DIRECTORY;
}

/**
 * The reader's language: `?lang=sv|en` (remembered in a cookie), else the
 * cookie, else Accept-Language (Swedish unless English is preferred).
 */
export function pageLanguage(request: Request): Language {
  const asked = (request as Request & { webLanguage?: Language }).webLanguage;
  if (asked) return asked;
  const remembered = cookiesOf(request)[LANGUAGE_COOKIE];
  if (remembered === 'sv' || remembered === 'en') return remembered;
  return preferredLanguage(request.headers['accept-language']);
}

/** `?lang=` as WebMiddleware found it (before taking it off the query): this request's language, and the next ones'. */
export function rememberLanguage(request: Request, response: Response, language: Language): void {
  (request as Request & { webLanguage?: Language }).webLanguage = language;
  setCookie(request, response, LANGUAGE_COOKIE, language, 365 * 24 * 60 * 60 * 1000);
}

/** The form token of this visitor: the session's, or (before sign-in) the anonymous cookie's, made on first need. */
export function csrfTokenOf(request: Request, response: Response, session: WebSession | undefined): string {
  if (session) return session.csrfToken;
  const existing = cookiesOf(request)[ANONYMOUS_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(request, response, ANONYMOUS_CSRF_COOKIE, token);
  return token;
}

export function pageContextOf(request: Request, response: Response, sessions: WebSessions): PageContext {
  const language = pageLanguage(request);
  response.setHeader('Content-Language', language);
  const session = sessions.of(request);
  const actor = (request as AuthenticatedRequest).actor;
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.query)) if (typeof value === 'string') query[key] = value;
  return {
    language,
    t: TEXTS[language],
    actor,
    session,
    csrfToken: csrfTokenOf(request, response, session),
    path: request.path,
    query,
    directory: directoryOf(request),
  };
}

/** `@Page() page: PageContext` in a web controller's handler. */
export const Page = createParamDecorator((_: unknown, context: ExecutionContext): PageContext => {
  const http = context.switchToHttp();
  const request = http.getRequest<Request>();
  const sessions = (request as Request & { webSessions?: WebSessions }).webSessions;
  if (!sessions) throw new Error('web pages need the web module’s middleware (it hands the sessions to the request)');
  return pageContextOf(request, http.getResponse<Response>(), sessions);
});
