import { createHmac } from 'node:crypto';

/** DingTalk signed mode: base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`)), timestamp in ms. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot URL with `timestamp` and `sign` (URL-encoded) added to its query. */
export function dingtalkSignedUrl(webhookUrl: string, secret: string, timestampMs: number): string {
  const url = new URL(webhookUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingtalkSign(secret, timestampMs));
  return url.href;
}

/** X-CityOps-Signature: `sha256=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`), timestamp in seconds. */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}
