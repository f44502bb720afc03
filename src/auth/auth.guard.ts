import { CanActivate, ExecutionContext, Inject, Injectable, Optional, SetMetadata, UnauthorizedException, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import { ApiProblemResponses } from '../http/openapi/api-responses.decorators';
import { PUBLIC_OPERATION } from '../http/openapi/openapi-document';
import { Request, Response } from 'express';
import { Actor } from '../event-store/event-store.port';
import { ACCESS_POLICY, AccessDenied, Action, authorizeRole } from './access-policy';
import { ROLE_SOURCE, RoleSource } from './role-source';
import { InvalidTokenError, Principal, TokenVerifier, actorFor } from './token-verifier';
import { WebSessions, isWebPage } from './web-sessions';

const IS_PUBLIC = 'fragespar:isPublic';
const ALLOWED_ACTION = 'fragespar:allowedAction';

/** Marks a route that needs no token (health, public minutes); its operation in the OpenAPI document says `security: []`. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION, true));

/**
 * Names the action a route performs, from the access matrix (access-policy.ts).
 * Every route needs either this or `@Public()`: a route with neither is refused
 * (deny by default).
 */
export const Allow = (action: Action) => {
  const { roles, organisationScoped } = ACCESS_POLICY[action];
  return applyDecorators(
    SetMetadata(ALLOWED_ACTION, action),
    // The rule shows in the OpenAPI document, so a client can see who may call an operation.
    ApiExtension('x-access', { action, roles, organisationScoped }),
    ApiProblemResponses([401, 403, 429], {
      403: `Allowed for: ${roles.join(', ')}${organisationScoped ? ' (member: own organisation only)' : ''}; any other role is refused (docs/access.md). \`role\` and \`action\` say who was refused what`,
    }),
  );
};

/** Every answer behind authentication, 401 and 403 included (docs/http-api.md "Caching"). */
export const AUTHENTICATED_CACHE_CONTROL = 'private, no-cache';

/** A route handler or its controller class, typed as Nest's ExecutionContext hands them out. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type RouteTarget = Function;

/** The action a route declared with `@Allow`, if any (also read by the access tests). */
export function allowedActionOf(reflector: Reflector, handler: RouteTarget, controller: RouteTarget): Action | undefined {
  return reflector.getAllAndOverride<Action | undefined>(ALLOWED_ACTION, [handler, controller]);
}

export function isPublicRoute(reflector: Reflector, handler: RouteTarget, controller: RouteTarget): boolean {
  return reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) === true;
}

export type AuthenticatedRequest = Request & { principal?: Principal; actor?: Actor };

/**
 * The global guard, in this order:
 * 1. `@Public()` routes pass;
 * 2. authentication: a valid bearer token, else 401 — its roles and organisation
 *    from the claims, or from the structure register (ROLES_FROM=register); on a
 *    `@WebPage()` route without an Authorization header, the browser session's
 *    principal instead;
 * 3. the acting role (X-Acting-Role, which the token must grant; for a session,
 *    the role chosen at sign-in);
 * 4. authorisation by role for the route's `@Allow(action)`, else 403; no `@Allow`: 403.
 * Organisation scope needs the organisation a command is for, so the application
 * layer checks it (ExecuteQuestionCommandHandler calls `authorize`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Optional() private readonly sessions?: WebSessions,
    @Optional() @Inject(ROLE_SOURCE) private readonly roles?: RoleSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handler = context.getHandler();
    const controller = context.getClass();
    if (isPublicRoute(this.reflector, handler, controller)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // An answer for one signed-in reader is never stored by a shared cache; a client may keep it but asks again before reusing it (ETag).
    // The pages' own no-store (WebMiddleware) stays.
    const response = context.switchToHttp().getResponse<Response>();
    if (!response.getHeader('Cache-Control')) response.setHeader('Cache-Control', AUTHENTICATED_CACHE_CONTROL);
    const session = isWebPage(this.reflector, handler, controller) && !request.headers.authorization ? this.sessions?.of(request) : undefined;
    if (session) {
      request.principal = session.principal;
      request.actor = actorFor(session.principal, session.actingRole);
    } else {
      const verified = await this.authenticate(request, response);
      request.principal = this.roles ? await this.roles.principalFor(verified) : verified;
      const requestedRole = request.headers['x-acting-role'];
      request.actor = actorFor(request.principal, Array.isArray(requestedRole) ? requestedRole[0] : requestedRole);
    }

    const action = allowedActionOf(this.reflector, handler, controller);
    if (!action) {
      throw new AccessDenied(`${request.method} ${request.path} declares no access rule, so it is refused (deny by default)`, { role: request.actor.role });
    }
    authorizeRole(request.actor, action);
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, response: Response): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="fragespar"');
      throw new UnauthorizedException('A bearer token is required (Authorization: Bearer <token>)');
    }
    try {
      return await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        response.setHeader('WWW-Authenticate', 'Bearer realm="fragespar", error="invalid_token"');
        throw new UnauthorizedException(error.message);
      }
      throw error;
    }
  }
}
