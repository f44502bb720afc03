import { Inject, Injectable, Optional } from '@nestjs/common';
import { Request } from 'express';
import type * as OpenIdClient from 'openid-client';
import { AccessDenied } from '../../auth/access-policy';
import { ROLE_SOURCE, type RoleSource } from '../../auth/role-source';
import { StructureDirectory } from '../../register/contract';
import type { Principal } from '../../auth/token-verifier';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { STRUCTURE_ID_PATTERN } from '../../http/validators';

type OidcSettings = NonNullable<AppConfig['web']['oidc']>;

/** openid-client is published as an ES module only; this CommonJS build loads it with a real dynamic import. */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<typeof OpenIdClient>;

/** What a sign-in started with, kept until the issuer sends the browser back (keyed by `state`). */
interface PendingSignIn {
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  next?: string;
  expiresAt: number;
}

const PENDING_FOR_MS = 10 * 60 * 1000;
const MAX_PENDING = 10_000;

/**
 * Sign-in with OpenID Connect: the authorization code flow with PKCE (S256),
 * `state` and `nonce`, by openid-client. The person's role(s), organisation
 * and name come from configurable claims of the ID token and the userinfo
 * response; the principal then goes through the same `actorFor` and access
 * policy as a bearer token's.
 */
@Injectable()
export class OidcSignIn {
  private readonly settings?: OidcSettings;
  private configuration?: Promise<{ client: typeof OpenIdClient; configuration: OpenIdClient.Configuration }>;
  private readonly pending = new Map<string, PendingSignIn>();

  private readonly rolesFromRegister: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(ROLE_SOURCE) private readonly roleSource?: RoleSource,
    @Optional() private readonly directory?: StructureDirectory,
  ) {
    this.settings = config.web.oidc;
    this.rolesFromRegister = config.auth.rolesFrom === 'register';
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /** The issuer's authorization URL to send the browser to, and the `state` that names this attempt. */
  async start(request: Request, next: string | undefined): Promise<{ url: string; state: string }> {
    const settings = this.required();
    const { client, configuration } = await this.discovered();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const redirectUri = settings.redirectUrl ?? `${request.protocol}://${request.get('host')}/web/sign-in/oidc/callback`;
    this.forgetExpired();
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    this.pending.set(state, { codeVerifier, nonce, redirectUri, next, expiresAt: Date.now() + PENDING_FOR_MS });
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** Completes the sign-in the issuer sent the browser back from: the code for tokens, the claims for a principal. */
  async finish(request: Request, state: string | undefined): Promise<{ principal: Principal; next?: string }> {
    const settings = this.required();
    const started = state ? this.pending.get(state) : undefined;
    if (!state || !started || started.expiresAt < Date.now()) {
      throw new AccessDenied('The sign-in was not started here or has expired: start it again', { role: 'none' });
    }
    this.pending.delete(state);
    const { client, configuration } = await this.discovered();
    const callback = new URL(request.originalUrl, started.redirectUri);
    const tokens = await client.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: started.codeVerifier,
      expectedState: state,
      expectedNonce: started.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new AccessDenied('The issuer sent no ID token', { role: 'none' });
    const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    const claims: Record<string, unknown> = { ...userInfo, ...idClaims };
    if (this.rolesFromRegister && this.roleSource) {
      // ROLES_FROM=register: the register says who the person is, mapped from the subject or e-mail as for a bearer token (docs/access.md).
      const person = signedInPerson(claims, settings);
      try {
        return { principal: await this.roleSource.principalFor(person), next: started.next };
      } catch (error) {
        if (error instanceof AccessDenied) throw new NotInRegister(person.userId, person.email, error.message);
        throw error;
      }
    }
    const principal = principalFrom(claims, settings);
    // The organisation must be one the collaboration has: the register's (or, while it is empty, the default data's).
    if (this.directory && !(await this.directory.organisation(principal.organisationId))) {
      throw new AccessDenied(
        `The claim "${settings.organisationClaim}" names "${principal.organisationId}", which is no organisation of the collaboration (GET /organisations)`,
        { role: 'none' },
      );
    }
    return { principal, next: started.next };
  }

  private required(): OidcSettings {
    if (!this.settings) throw new AccessDenied('Sign-in with OpenID Connect is not configured (WEB_OIDC_ISSUER)', { role: 'none' });
    return this.settings;
  }

  private discovered() {
    const settings = this.required();
    this.configuration ??= (async () => {
      const client = await importModule('openid-client');
      const issuer = new URL(settings.issuer);
      // Plain http only to an issuer on this machine (tests, a local identity provider).
      const loopback = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      const configuration = await client.discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? undefined : client.None(),
        loopback ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return { client, configuration };
    })();
    // A failed discovery (issuer down) is tried again on the next sign-in.
    this.configuration.catch(() => (this.configuration = undefined));
    return this.configuration;
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [state, pending] of this.pending) if (pending.expiresAt < now) this.pending.delete(state);
  }
}

/** ROLES_FROM=register, and the register names no person with the subject or e-mail: the sign-in page says so (403). */
export class NotInRegister extends AccessDenied {
  constructor(
    readonly subject: string,
    readonly email: string | undefined,
    message: string,
  ) {
    super(message, { role: 'none' });
  }
}

/**
 * Who signed in, before the register is asked (ROLES_FROM=register): the
 * subject, the e-mail and the name; the organisation claim and any roles the
 * claims carry (only `admin` and `auditor` count, the register holding none
 * of them) are kept for RegisterRoleSource, which needs no organisation for a
 * person it names.
 */
export function signedInPerson(claims: Record<string, unknown>, settings: Pick<OidcSettings, 'roleClaim' | 'organisationClaim' | 'nameClaim'>): Principal {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new AccessDenied('The ID token has no subject', { role: 'none' });
  const name = claims[settings.nameClaim];
  const organisationId = claims[settings.organisationClaim];
  const email = claims.email;
  return {
    userId: sub,
    displayName: typeof name === 'string' && name !== '' ? name : sub,
    organisationId: typeof organisationId === 'string' ? organisationId : '',
    roles: rolesOf(claims[settings.roleClaim]),
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
  };
}

function rolesOf(rolesClaim: unknown): string[] {
  return Array.isArray(rolesClaim)
    ? rolesClaim.filter((role): role is string => typeof role === 'string')
    : typeof rolesClaim === 'string'
      ? rolesClaim.split(/\s+/).filter(Boolean)
      : [];
}

/** The principal the configured claims describe; refused unless they name an organisation and at least one role. */
export function principalFrom(claims: Record<string, unknown>, settings: Pick<OidcSettings, 'roleClaim' | 'organisationClaim' | 'nameClaim'>): Principal {
  const roles = rolesOf(claims[settings.roleClaim]);
  const organisationId = claims[settings.organisationClaim];
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new AccessDenied('The ID token has no subject', { role: 'none' });
  // Its form only: which organisations take part is the register's to say (docs/structure.md), and a principal of an organisation it does not know
  // may read, but every command naming the organisation is refused by the command's rules.
  if (typeof organisationId !== 'string' || !STRUCTURE_ID_PATTERN.test(organisationId)) {
    throw new AccessDenied(`The claim "${settings.organisationClaim}" must name an organisation (lower-case letters, digits and hyphens)`, { role: 'none' });
  }
  if (roles.length === 0) throw new AccessDenied(`The claim "${settings.roleClaim}" grants no role`, { role: 'none' });
  const name = claims[settings.nameClaim];
  return { userId: sub, displayName: typeof name === 'string' && name !== '' ? name : sub, organisationId, roles };
}
