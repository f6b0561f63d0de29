import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a member's calendar feed: an HMAC of the member id and the feed version with a key
 * derived from the app's auth secret (so a feed token is never a valid access token, nor the other
 * way round). Bumping the member's feed version (or changing AUTH_SECRET) revokes old feed URLs.
 */
export function feedToken(secret: string, memberId: string, version: number): string {
  const key = createHmac('sha256', secret).update('cityops:oncall-feed:v1').digest();
  return createHmac('sha256', key).update(`${memberId}\n${version}`).digest('base64url');
}

export function verifyFeedToken(
  secret: string,
  memberId: string,
  version: number,
  token: string,
): boolean {
  const expected = Buffer.from(feedToken(secret, memberId, version));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
