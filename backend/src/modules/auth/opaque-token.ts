import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenKind } from '@cityops/contracts';

/**
 * Long-lived secrets the server keeps only as hashes: refresh tokens (`crs_`), display tokens
 * (`cdt_`) and API tokens (`cat_`). The prefix says what a leaked token is (secret scanners match
 * it); the id finds the row without a scan; the secret is 256 random bits, so a plain SHA-256 is
 * enough (no KDF needed for random secrets).
 */
export type OpaqueTokenKind = TokenKind | 'refresh';

const PREFIX: Record<OpaqueTokenKind, string> = { refresh: 'crs', display: 'cdt', api: 'cat' };
const PATTERN = /^(crs|cdt|cat)_([A-Za-z0-9]{20})_([A-Za-z0-9_-]{43})$/;
const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export interface OpaqueToken {
  kind: OpaqueTokenKind;
  id: string;
  secret: string;
}

export function newTokenId(): string {
  const bytes = randomBytes(20);
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

export function newOpaqueToken(kind: OpaqueTokenKind, id = newTokenId()): OpaqueToken {
  return { kind, id, secret: randomBytes(32).toString('base64url') };
}

export function formatOpaqueToken(token: OpaqueToken): string {
  return `${PREFIX[token.kind]}_${token.id}_${token.secret}`;
}

/** The parts of a well-formed token, or null: anything else is refused before any lookup. */
export function parseOpaqueToken(text: string): OpaqueToken | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const kind = (Object.keys(PREFIX) as OpaqueTokenKind[]).find((k) => PREFIX[k] === match[1])!;
  return { kind, id: match[2]!, secret: match[3]! };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}
