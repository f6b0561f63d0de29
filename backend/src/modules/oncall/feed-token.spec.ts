import { describe, expect, it } from 'vitest';
import { feedToken, verifyFeedToken } from './feed-token.js';

const SECRET = 'a-secret-that-is-long-enough-for-the-test-1234';

describe('calendar feed tokens', () => {
  it('verifies the token of the member and version it was made for, and nothing else', () => {
    const token = feedToken(SECRET, 'zhang-wei', 1);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyFeedToken(SECRET, 'zhang-wei', 1, token)).toBe(true);
    expect(verifyFeedToken(SECRET, 'li-na', 1, token)).toBe(false);
    expect(verifyFeedToken(SECRET, 'zhang-wei', 2, token)).toBe(false);
    expect(verifyFeedToken(`${SECRET}x`, 'zhang-wei', 1, token)).toBe(false);
    expect(verifyFeedToken(SECRET, 'zhang-wei', 1, token.slice(0, -1))).toBe(false);
    expect(verifyFeedToken(SECRET, 'zhang-wei', 1, '')).toBe(false);
  });
});
