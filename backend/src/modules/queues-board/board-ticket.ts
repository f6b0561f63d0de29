import { createHmac } from 'node:crypto';
import { base64urlJson, hmacBase64url, verifiedJson } from '../auth/signed-json.js';

/** How long a board ticket lets its holder in (seconds): a page open for longer asks again. */
export const BOARD_TICKET_TTL_SECONDS = 15 * 60;

/** What a ticket says: who, from which sign-in session, until when (Unix seconds). */
export interface BoardTicketClaims {
  sub: string;
  sid: string;
  exp: number;
}

/** Longer than any ticket this signs; longer input is refused before any work. */
const MAX_TICKET_LENGTH = 1_024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The key tickets are signed with, derived from the deployment's auth secret, so a ticket is
 * never a valid access token or calendar feed token, nor the other way round.
 */
function ticketKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('cityops:queues-board:v1').digest();
}

/** `<claims as base64url JSON>.<HMAC-SHA256 as base64url>`: a cookie value needing no escaping. */
export function signBoardTicket(claims: BoardTicketClaims, secret: string): string {
  const body = base64urlJson(claims);
  return `${body}.${hmacBase64url(ticketKey(secret), body)}`;
}

/**
 * The claims of a ticket this deployment signed that has not expired, or null. An expiry further
 * ahead than a ticket is ever given is refused too (it was not signed by this code).
 */
export function verifyBoardTicket(
  ticket: string,
  secret: string,
  nowSeconds: number,
): BoardTicketClaims | null {
  if (ticket.length > MAX_TICKET_LENGTH) return null;
  const parts = ticket.split('.');
  if (parts.length !== 2) return null;
  const [body, signature] = parts as [string, string];
  if (!BASE64URL.test(body) || !BASE64URL.test(signature)) return null;
  const claims = verifiedJson(ticketKey(secret), body, body, signature);
  if (!isClaims(claims)) return null;
  if (claims.exp <= nowSeconds || claims.exp > nowSeconds + BOARD_TICKET_TTL_SECONDS + 60)
    return null;
  return claims;
}

function isClaims(value: unknown): value is BoardTicketClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const c = value as Record<string, unknown>;
  return (
    Object.keys(c).length === 3 &&
    typeof c.sub === 'string' &&
    c.sub.length > 0 &&
    c.sub.length <= 100 &&
    typeof c.sid === 'string' &&
    c.sid.length > 0 &&
    c.sid.length <= 200 &&
    Number.isSafeInteger(c.exp)
  );
}

/**
 * The values of the cookie `name` in a Cookie header (every one: a browser sends one per path
 * that matches, and a hostile client as many as it likes).
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}
