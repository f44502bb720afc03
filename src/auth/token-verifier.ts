import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { JWTPayload, SignJWT, createRemoteJWKSet, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config';
import { Actor } from '../event-store/event-store.port';
import { AccessDenied } from './access-policy';
import { isRole } from './roles';

/** The verified person behind a request. */
export interface Principal {
  userId: string;
  displayName: string;
  organisationId: string;
  roles: string[];
  /** The forums a secretary serves (claim `forums`, or the register with ROLES_FROM=register); absent: none. */
  forums?: string[];
  /** The token's `email` claim, by which ROLES_FROM=register finds a person the register knows by no subject. */
  email?: string;
}

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens: HS256 with a shared secret in local mode, or an OIDC
 * issuer's JWKS in production. Claims: `sub`, `name`, `org`, `roles`, and
 * `forums` (the forums a secretary serves, optional).
 */
export class TokenVerifier {
  private constructor(
    private readonly config: AppConfig['auth'],
    private readonly key: Uint8Array | ReturnType<typeof createRemoteJWKSet>,
    readonly localMode: boolean,
  ) {}

  static create(config: AppConfig): TokenVerifier {
    if (config.auth.jwksUrl) {
      return new TokenVerifier(config.auth, createRemoteJWKSet(new URL(config.auth.jwksUrl)), false);
    }
    return new TokenVerifier(config.auth, new TextEncoder().encode(localSecret(config)), true);
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.localMode ? ['HS256'] : ['RS256', 'ES256', 'PS256'],
        // A token without an expiry would be valid forever.
        requiredClaims: ['exp'],
        clockTolerance: 30,
      }));
    } catch (error) {
      throw new InvalidTokenError(`Invalid bearer token: ${(error as Error).message}`);
    }
    const claims = payload as JWTPayload & { name?: unknown; org?: unknown; roles?: unknown; forums?: unknown; email?: unknown };
    const { sub, name, forums, email } = claims;
    // With ROLES_FROM=register the register says who the person is: `org` and `roles` may be left out (docs/access.md).
    const fromRegister = this.config.rolesFrom === 'register';
    const org = fromRegister ? (claims.org ?? '') : claims.org;
    const roles = fromRegister ? (claims.roles ?? []) : claims.roles;
    if (
      typeof sub !== 'string' ||
      sub === '' ||
      typeof org !== 'string' ||
      (org === '' && !fromRegister) ||
      !Array.isArray(roles) ||
      roles.some((role) => typeof role !== 'string')
    ) {
      throw new InvalidTokenError(`Invalid bearer token: claims ${fromRegister ? 'sub is' : 'sub, org and roles[] are'} required`);
    }
    if (forums !== undefined && (!Array.isArray(forums) || forums.some((forum) => typeof forum !== 'string'))) {
      throw new InvalidTokenError('Invalid bearer token: the claim forums, when present, is an array of forum ids');
    }
    return {
      userId: sub,
      displayName: typeof name === 'string' ? name : sub,
      organisationId: org,
      roles: roles as string[],
      ...(forums !== undefined ? { forums: forums as string[] } : {}),
      ...(typeof email === 'string' && email !== '' ? { email } : {}),
    };
  }

  /** Local mode only: a signed token for trying the service (npm run token) and for tests. */
  async mint(principal: Principal, expiresIn = '8h'): Promise<string> {
    if (!this.localMode) throw new Error('Tokens can only be minted in local mode (no AUTH_JWKS_URL)');
    return new SignJWT({
      name: principal.displayName,
      org: principal.organisationId,
      roles: principal.roles,
      ...(principal.forums !== undefined ? { forums: principal.forums } : {}),
      ...(principal.email !== undefined ? { email: principal.email } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.userId)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.key as Uint8Array);
  }
}

/**
 * The acting capacity: the role asked for with X-Acting-Role, which the token
 * must grant (403 otherwise: a person never acts in a role they do not hold);
 * without the header the token's first role known to Frågespår, so that an
 * identity provider's other roles (e.g. `offline_access`) do not get in the way.
 */
export function actorFor(principal: Principal, requestedRole?: string): Actor {
  if (requestedRole !== undefined && !principal.roles.includes(requestedRole)) {
    throw new AccessDenied(`X-Acting-Role "${requestedRole}" is not one of the roles your token grants (${principal.roles.join(', ') || 'none'})`, {
      role: requestedRole,
    });
  }
  const role = requestedRole ?? principal.roles.find(isRole) ?? principal.roles[0] ?? 'none';
  return { userId: principal.userId, displayName: principal.displayName, role, organisationId: principal.organisationId };
}

/** The configured secret, or one generated once and kept in the data folder so tokens survive restarts. */
function localSecret(config: AppConfig): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = path.join(config.dataDir, 'local-jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
