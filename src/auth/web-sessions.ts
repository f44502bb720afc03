import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Principal } from './token-verifier';

/**
 * Browser sessions for the web pages (src/web/): after a sign-in (local or
 * OpenID Connect) the person gets a random session id in an HttpOnly,
 * SameSite=Lax cookie; the principal stays on the server. The global
 * AuthGuard reads it only on routes marked `@WebPage()`, so the JSON API
 * never accepts a cookie (no cross-site request can act through it) and
 * keeps bearer tokens. Both end in the same `actorFor` and the same access
 * policy.
 *
 * Kept in this process's memory, bounded: a restart signs everyone out, and
 * several instances behind a balancer need sticky sessions (docs/web.md).
 */
export interface WebSession {
  id: string;
  principal: Principal;
  /** The role the person acts in on the pages (one of principal.roles). */
  actingRole: string;
  /** The synchronizer token every form of this session carries. */
  csrfToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  signedInWith: 'local' | 'oidc';
}

export const SESSION_COOKIE = 'fragespar_session';
const MAX_SESSIONS = 10_000;

@Injectable()
export class WebSessions {
  private readonly sessions = new Map<string, WebSession>();
  /** Session lifetime; set by the web module from the configuration. */
  lifetimeMs = 8 * 60 * 60 * 1000;

  start(principal: Principal, actingRole: string, signedInWith: WebSession['signedInWith'], now = Date.now()): WebSession {
    if (this.sessions.size >= MAX_SESSIONS) this.sweep(now);
    // Still full of live sessions: the oldest one goes (a Map iterates in insertion order).
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const session: WebSession = {
      id: randomBytes(32).toString('base64url'),
      principal,
      actingRole,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: now + this.lifetimeMs,
      signedInWith,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session the request's cookie names, if any; an expired one is forgotten. */
  of(request: Request, now = Date.now()): WebSession | undefined {
    const id = cookiesOf(request)[SESSION_COOKIE];
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= now) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(now: number): void {
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

/** The request's cookies (RFC 6265 `name=value; …`); a malformed pair is skipped. */
export function cookiesOf(request: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 1) continue;
    const name = pair.slice(0, at).trim();
    try {
      cookies[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      continue;
    }
  }
  return cookies;
}

/** Sets a cookie HttpOnly, SameSite=Lax, path-wide; Secure when the request came over HTTPS. */
export function setCookie(request: Request, response: Response, name: string, value: string, maxAgeMs?: number): void {
  response.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/', ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) });
}

export function clearCookie(request: Request, response: Response, name: string): void {
  response.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
}

/** Compares two tokens in constant time. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const WEB_PAGE = 'fragespar:webPage';

/**
 * Marks a controller's routes as web pages: signed in by a session cookie (or a
 * bearer token, as the API). They are HTML for people (docs/web.md), not part of
 * the API's OpenAPI document, whose clients never send the cookie.
 */
export const WebPage = () => applyDecorators(SetMetadata(WEB_PAGE, true), ApiExcludeController());

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function isWebPage(reflector: Reflector, handler: Function, controller: Function): boolean {
  return reflector.getAllAndOverride<boolean>(WEB_PAGE, [handler, controller]) === true;
}
