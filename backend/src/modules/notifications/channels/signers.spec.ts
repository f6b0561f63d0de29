import { describe, expect, it } from 'vitest';
import { dingtalkSign, dingtalkSignedUrl, webhookSignature } from './signers.js';

// Vectors computed independently (Python hmac/hashlib), not with this code.
describe('dingtalkSign', () => {
  it.each([
    ['SEC1234567890abcdef', 1_700_000_000_000, 'RqBq3E1RTBDv3n2QBCh4adZ2WHk9mVklyUoDBLxarjI='],
    ['SEC1234567890abcdef', 1_700_000_000_003, 'MV0BnF/7ov6LSivAAnKAJ3K7nEJkqr936Wb+2hAI1es='],
  ])('signs %s at %i as %s', (secret, timestamp, expected) => {
    expect(dingtalkSign(secret, timestamp)).toBe(expected);
  });

  it('adds timestamp and the URL-encoded sign to the robot URL, keeping its access token', () => {
    const url = dingtalkSignedUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
      'SEC1234567890abcdef',
      1_700_000_000_003,
    );
    expect(url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000003' +
        '&sign=MV0BnF%2F7ov6LSivAAnKAJ3K7nEJkqr936Wb%2B2hAI1es%3D',
    );
    expect(new URL(url).searchParams.get('sign')).toBe(
      'MV0BnF/7ov6LSivAAnKAJ3K7nEJkqr936Wb+2hAI1es=',
    );
  });
});

describe('webhookSignature', () => {
  it.each([
    [
      'whsec-0123456789',
      1_700_000_000,
      '{"a":1}',
      'sha256=cf8dea5761501b727b10c5111533dd1ce995f14520a8069e2db69ff01090687c',
    ],
  ])('signs "%s", %i, %s', (secret, timestamp, body, expected) => {
    expect(webhookSignature(secret, timestamp, body)).toBe(expected);
  });

  it('changes with the body, the timestamp and the secret', () => {
    const base = webhookSignature('whsec-0123456789', 1_700_000_000, '{"a":1}');
    expect(webhookSignature('whsec-0123456789', 1_700_000_000, '{"a":2}')).not.toBe(base);
    expect(webhookSignature('whsec-0123456789', 1_700_000_001, '{"a":1}')).not.toBe(base);
    expect(webhookSignature('whsec-0123456780', 1_700_000_000, '{"a":1}')).not.toBe(base);
  });
});
