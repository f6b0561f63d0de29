import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Acknowledge links (docs/escalation.md): `<incident>.<member>.<link id>.<expiry>.<signature>`, the
 * signature an HMAC-SHA256 of the other four parts under a key derived from the app's auth secret
 * for this purpose only (so an ack link is never an access token or a feed token, nor the other way
 * round). The link id is random per message; the database remembers the ones used.
 */
export interface AckClaims {
  incidentId: string;
  memberId: string;
  linkId: string;
  /** Epoch seconds after which the link no longer works. */
  expiresAt: number;
}

export type AckVerdict =
  | { ok: true; claims: AckClaims }
  | { ok: false; reason: 'malformed' | 'forged' }
  | { ok: false; reason: 'expired'; claims: AckClaims };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MEMBER = /^[a-z0-9][a-z0-9-]{1,62}$/;
const LINK = /^[A-Za-z0-9_-]{16,64}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function ackKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('cityops:ack-link:v1').digest();
}

function signatureOf(secret: string, c: AckClaims): string {
  return createHmac('sha256', ackKey(secret))
    .update(`${c.incidentId}\n${c.memberId}\n${c.linkId}\n${c.expiresAt}`)
    .digest('base64url');
}

export function signAckToken(secret: string, claims: AckClaims): string {
  return `${claims.incidentId}.${claims.memberId}.${claims.linkId}.${claims.expiresAt}.${signatureOf(secret, claims)}`;
}

/** Checks shape, then signature (constant time), then expiry against `nowMs`. */
export function verifyAckToken(secret: string, token: string, nowMs = Date.now()): AckVerdict {
  if (token.length > 300) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 5) return { ok: false, reason: 'malformed' };
  const [incidentId, memberId, linkId, expiry, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (
    !UUID.test(incidentId) ||
    !MEMBER.test(memberId) ||
    !LINK.test(linkId) ||
    !/^[1-9]\d{0,11}$/.test(expiry) ||
    !SIGNATURE.test(signature)
  )
    return { ok: false, reason: 'malformed' };
  const claims: AckClaims = { incidentId, memberId, linkId, expiresAt: Number(expiry) };
  const expected = Buffer.from(signatureOf(secret, claims));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  if (nowMs >= claims.expiresAt * 1000) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}
