// Sign-in: fundgov's own HS256 tokens, and RS256/ES256 tokens of the firm's identity
// provider when FUNDGOV_OIDC_* is set. A token names the user only; roles come from the graph.
import { SignJWT, jwtVerify, createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors } from 'jose';
import type { Config } from './config.ts';
import type { Graph } from '../catalog/graph/port.ts';
import { getUser, type User } from '../catalog/users.ts';

export const TOKEN_ISSUER = 'fundgov';
export const TOKEN_AUDIENCE = 'fundgov';

export class AuthError extends Error {
  constructor(message: string, public readonly reason: 'missing' | 'malformed' | 'expired' | 'invalid' | 'unknown-user' | 'disabled') {
    super(message);
    this.name = 'AuthError';
  }
}

const TTL = /^(\d+)\s*(s|m|h|d)$/;

/** Parses a TTL like 90s, 30m, 8h or 7d into seconds. */
export function parseTtl(ttl: string): number {
  const m = TTL.exec(ttl.trim());
  if (!m) throw new Error(`--ttl must look like 30m, 8h or 7d (got "${ttl}")`);
  const n = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  if (n < 1 || n > 90 * 86400) throw new Error('--ttl must be between 1s and 90d');
  return n;
}

/** The token of an `Authorization: Bearer <token>` header, or null when the header is absent or malformed. */
export function bearerToken(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec((header ?? '').trim());
  return m ? m[1] : null;
}

export async function issueToken(secret: Buffer, userId: string, ttlSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(secret);
}

export interface Authenticator {
  /** Verifies a bearer token and loads its user with current roles; throws AuthError. */
  authenticate(token: string): Promise<User>;
}

export function createAuthenticator(config: Pick<Config, 'jwtSecret' | 'oidc'>, graph: Graph): Authenticator {
  const jwks = config.oidc ? createRemoteJWKSet(new URL(config.oidc.jwksUrl), { timeoutDuration: 5000 }) : null;

  async function userIdOf(token: string): Promise<string> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthError('the bearer token is not a JWT', 'malformed');
    }
    try {
      if (alg === 'HS256') {
        const { payload } = await jwtVerify(token, config.jwtSecret, { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, requiredClaims: ['sub', 'exp'] });
        return payload.sub!;
      }
      if (jwks && config.oidc && (alg === 'RS256' || alg === 'ES256' || alg === 'PS256' || alg === 'EdDSA')) {
        const { payload } = await jwtVerify(token, jwks, {
          algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
          issuer: config.oidc.issuer,
          audience: config.oidc.audience ?? undefined,
          requiredClaims: ['exp'],
        });
        const id = payload[config.oidc.userClaim];
        if (typeof id !== 'string' || !id) throw new AuthError(`the identity-provider token has no ${config.oidc.userClaim} claim`, 'invalid');
        return id;
      }
    } catch (err) {
      if (err instanceof AuthError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new AuthError('the token has expired; get a new one', 'expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw new AuthError(`the token was rejected: ${err.message}`, 'invalid');
      throw new AuthError('the token signature or issuer is not valid', 'invalid');
    }
    throw new AuthError(`tokens signed with ${alg ?? 'no algorithm'} are not accepted`, 'invalid');
  }

  return {
    async authenticate(token: string): Promise<User> {
      const id = await userIdOf(token);
      const user = await getUser(graph, id);
      if (!user) throw new AuthError(`user ${id} is not known to fundgov`, 'unknown-user');
      if (user.disabled) throw new AuthError(`user ${id} is disabled`, 'disabled');
      return user;
    },
  };
}
