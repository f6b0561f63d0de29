import { createHmac, timingSafeEqual } from 'node:crypto';

/** JSON as base64url: the body of a signed token or ticket. */
export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** HMAC-SHA256 of `data` under `key`, as base64url. */
export function hmacBase64url(key: string | Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

/**
 * What a base64url JSON `body` says, when `signature` is the base64url HMAC-SHA256 of `signed` (the
 * body with whatever the format signs along with it) under `key`, compared in constant time;
 * undefined when the signature does not match or the body is not JSON. The caller checks the shape.
 */
export function verifiedJson(
  key: string | Buffer,
  signed: string,
  body: string,
  signature: string,
): unknown {
  const expected = createHmac('sha256', key).update(signed).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
