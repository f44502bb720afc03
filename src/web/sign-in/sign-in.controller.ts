import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../../auth/auth.guard';
import { AccessDenied } from '../../auth/access-policy';
import { isRole } from '../../auth/roles';
import { TokenVerifier, actorFor } from '../../auth/token-verifier';
import { SESSION_COOKIE, WebPage, WebSessions, clearCookie, cookiesOf, sameToken, setCookie } from '../../auth/web-sessions';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { webPath } from '../layout';
import { Page, PageContext } from '../page-context';
import { WebErrorFilter } from '../web-error.filter';
import { NotInRegister, OidcSignIn } from './oidc-sign-in';
import { layout } from '../layout';
import { html } from '../html';
import { SignInErrors, signInPage } from './sign-in.page';

const OIDC_STATE_COOKIE = 'fragespar_oidc_state';

/**
 * Signing in and out of the pages. Local mode (no AUTH_JWKS_URL, never with
 * NODE_ENV=production — the same rule as local tokens): a form to choose a
 * name, role and organisation. Both end in a session whose principal goes
 * through `actorFor` and the access policy like a bearer token's.
 *
 * These routes are public (nobody is signed in yet) and the only public
 * routes that accept POST: each form carries the visitor's CSRF token, which
 * WebMiddleware checks before the handler runs.
 */
@ApiExcludeController()
@Controller('web')
@Public()
@WebPage()
@UseFilters(WebErrorFilter)
export class SignInController {
  constructor(
    private readonly sessions: WebSessions,
    private readonly verifier: TokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcSignIn,
  ) {}

  /** Local sign-in is for trying the service: off whenever tokens are verified against an issuer, and always in production. */
  private localSignIn(): boolean {
    return this.verifier.localMode && this.config.nodeEnv !== 'production';
  }

  @Get('sign-in')
  signIn(@Page() page: PageContext, @Query('next') next: string | undefined) {
    return signInPage(page, { local: this.localSignIn(), oidc: this.oidc.enabled, next: safeNext(next) }).text;
  }

  /** Off to the organisation's identity provider (a GET link: a form's redirect to another origin would break the CSP's form-action). */
  @Get('sign-in/oidc')
  async signInWithOidc(@Query('next') next: string | undefined, @Req() request: Request, @Res() response: Response) {
    const { url, state } = await this.oidc.start(request, safeNext(next));
    // The attempt is bound to this browser: the callback must come with the same state in its cookie.
    setCookie(request, response, OIDC_STATE_COOKIE, state, 10 * 60 * 1000);
    response.redirect(303, url);
  }

  @Get('sign-in/oidc/callback')
  async oidcCallback(
    @Page() page: PageContext,
    @Query('state') state: string | undefined,
    @Query('error') error: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const expected = cookiesOf(request)[OIDC_STATE_COOKIE];
    clearCookie(request, response, OIDC_STATE_COOKIE);
    if (error) throw new AccessDenied(`The identity provider refused the sign-in (${error})`, { role: 'none' });
    if (!sameToken(state, expected)) throw new AccessDenied('The sign-in was started in another browser or has expired: start it again', { role: 'none' });
    let finished: Awaited<ReturnType<OidcSignIn['finish']>>;
    try {
      finished = await this.oidc.finish(request, state);
    } catch (refusal) {
      if (!(refusal instanceof NotInRegister)) throw refusal;
      // ROLES_FROM=register and the register does not name the person: a page that says so and what to do, and no session.
      const { t } = page;
      response
        .status(403)
        .type('text/html; charset=utf-8')
        .send(
          layout(
            page,
            t.notInRegisterTitle,
            html`<p>${t.notInRegister}</p>
              <dl>
                <dt>${t.signInSubject}</dt>
                <dd><code>${refusal.subject}</code></dd>
                ${
                  refusal.email
                    ? html`<dt>${t.emailAddress}</dt>
                        <dd>${refusal.email}</dd>`
                    : ''
                }
              </dl>
              <p lang="en">${refusal.message}</p>`,
            { publicPage: true },
          ).text,
        );
      return;
    }
    const { principal, next } = finished;
    const session = this.sessions.start(principal, actorFor(principal).role, 'oidc');
    setCookie(request, response, SESSION_COOKIE, session.id, this.sessions.lifetimeMs);
    response.redirect(303, next ?? webPath(''));
  }

  @Post('sign-in')
  signInLocally(@Page() page: PageContext, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    if (!this.localSignIn()) {
      throw new AccessDenied('Local sign-in is off: this instance verifies tokens against an OIDC issuer (or runs with NODE_ENV=production)', {
        role: 'none',
      });
    }
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const [name, role, organisationId] = [field('name'), field('role'), field('organisation')];
    const errors: SignInErrors = {};
    if (name === '' || name.length > 100) errors.name = page.t.enterName;
    if (!isRole(role)) errors.role = page.t.chooseRole;
    if (!page.directory.organisations.some((organisation) => organisation.id === organisationId)) errors.organisation = page.t.chooseOrganisation;
    const next = safeNext(field('next'));
    if (Object.keys(errors).length > 0) {
      response
        .status(400)
        .type('text/html; charset=utf-8')
        .send(signInPage(page, { local: true, oidc: this.oidc.enabled, next, errors, values: { name, role, organisation: organisationId } }).text);
      return;
    }
    const userId = `local:${organisationId}:${name.toLowerCase().replace(/\s+/g, '.')}`;
    // In local mode a secretary serves every forum (a token names them in its `forums` claim): trying the service needs no register of who serves where.
    const forums = role === 'secretary' ? { forums: page.directory.forums.map((forum) => forum.id) } : {};
    const session = this.sessions.start({ userId, displayName: name, organisationId, roles: [role], ...forums }, role, 'local');
    setCookie(request, response, SESSION_COOKIE, session.id, this.sessions.lifetimeMs);
    response.redirect(303, next ?? webPath(''));
  }

  @Post('sign-out')
  signOut(@Req() request: Request, @Res() response: Response) {
    const session = this.sessions.of(request);
    if (session) this.sessions.end(session.id);
    clearCookie(request, response, SESSION_COOKIE);
    response.redirect(303, webPath('/sign-in'));
  }
}

/** Where to go after sign-in: only a path of this web interface, never another site (no open redirect). */
export function safeNext(next: string | undefined): string | undefined {
  return next && /^\/web(\/|\?|$)/.test(next) && !next.includes('\\') && !next.startsWith('//') ? next : undefined;
}
