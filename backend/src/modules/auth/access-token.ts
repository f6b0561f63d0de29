import { createHmac, timingSafeEqual } from 'node:crypto';
import { RoleSchema, type Role } from '@cityops/contracts';

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

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** A compact HS256 JWT. */
export function signToken(claims: TokenClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${HEADER}.${body}`).digest('base64url');
  return `${HEADER}.${body}.${signature}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyToken(token: string, secret: string, nowSeconds: number): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const [, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${HEADER}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
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
