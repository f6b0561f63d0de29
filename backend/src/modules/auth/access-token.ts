import { RoleSchema, type Role } from '@cityops/contracts';
import { base64urlJson, hmacBase64url, verifiedJson } from './signed-json.js';

export interface TokenClaims {
  sub: string;
  role: Role;
  iat: number;
  exp: number;
  /** The session it belongs to: logout or an admin's change revokes it (docs/security.md). */
  sid?: string;
  /** Districts the user is limited to; absent for the whole city. */
  dst?: string[];
  /** The password must be changed before anything else. */
  mcp?: boolean;
}

const HEADER = base64urlJson({ alg: 'HS256', typ: 'JWT' });

/** A compact HS256 JWT. */
export function signToken(claims: TokenClaims, secret: string): string {
  const body = base64urlJson(claims);
  return `${HEADER}.${body}.${hmacBase64url(secret, `${HEADER}.${body}`)}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyToken(token: string, secret: string, nowSeconds: number): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const [, body, signature] = parts as [string, string, string];
  const claims = verifiedJson(secret, `${HEADER}.${body}`, body, signature);
  if (!isClaims(claims) || claims.exp <= nowSeconds) return null;
  return claims;
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.sub === 'string' &&
    RoleSchema.safeParse(c.role).success &&
    typeof c.iat === 'number' &&
    typeof c.exp === 'number' &&
    (c.sid === undefined || typeof c.sid === 'string') &&
    (c.dst === undefined ||
      (Array.isArray(c.dst) && c.dst.every((code) => typeof code === 'string'))) &&
    (c.mcp === undefined || typeof c.mcp === 'boolean')
  );
}
