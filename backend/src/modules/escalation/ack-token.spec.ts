import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { feedToken } from '../oncall/feed-token.js';
import { signAckToken, verifyAckToken } from './ack-token.js';
import { escapeHtml } from './ack-page.js';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const claims = {
  incidentId: '5d0c6c1e-8f0e-4c3b-9a51-0b9c1f1e2d3a',
  memberId: 'zhang-wei',
  linkId: 'AAAAAAAAAAAAAAAAAAAAAA',
  expiresAt: 2_000_000_000,
};
const NOW = 1_900_000_000_000;

describe('ack tokens', () => {
  it('verifies a token it signed, with its claims', () => {
    expect(verifyAckToken(SECRET, signAckToken(SECRET, claims), NOW)).toEqual({ ok: true, claims });
  });

  it('uses its own key: HMAC of the parts under HMAC(secret, "cityops:ack-link:v1")', () => {
    const key = createHmac('sha256', SECRET).update('cityops:ack-link:v1').digest();
    const sig = createHmac('sha256', key)
      .update(`${claims.incidentId}\n${claims.memberId}\n${claims.linkId}\n${claims.expiresAt}`)
      .digest('base64url');
    expect(signAckToken(SECRET, claims).endsWith(`.${sig}`)).toBe(true);
    expect(sig).not.toBe(feedToken(SECRET, claims.memberId, 1));
  });

  it('refuses a token whose incident, member, link or expiry was changed', () => {
    const token = signAckToken(SECRET, claims);
    const parts = token.split('.');
    const swaps = [
      [0, '5d0c6c1e-8f0e-4c3b-9a51-0b9c1f1e2d3b'],
      [1, 'li-na'],
      [2, 'BBBBBBBBBBBBBBBBBBBBBB'],
      [3, '2000000001'],
    ] as const;
    for (const [i, value] of swaps) {
      const forged = parts.map((p, j) => (j === i ? value : p)).join('.');
      expect(verifyAckToken(SECRET, forged, NOW)).toEqual({ ok: false, reason: 'forged' });
    }
    expect(verifyAckToken('another-secret-that-is-long-enough-0123456789', token, NOW)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('says expired only for a genuine token past its time', () => {
    const token = signAckToken(SECRET, claims);
    expect(verifyAckToken(SECRET, token, claims.expiresAt * 1000)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(verifyAckToken(SECRET, token, claims.expiresAt * 1000 - 1).ok).toBe(true);
  });

  it('calls malformed tokens malformed', () => {
    const good = signAckToken(SECRET, claims);
    for (const bad of [
      '',
      'abc',
      good.replace(/\.[^.]*$/, ''),
      `${good}.x`,
      good.replace(claims.incidentId, 'not-a-uuid'),
      good.replace('.2000000000.', '.02000000000.'),
      good.replace(claims.memberId, 'Zhang_Wei'),
      `${good}${'A'.repeat(300)}`,
    ])
      expect(verifyAckToken(SECRET, bad, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });
});
