import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, isUuid } from './keyset-cursor.js';

describe('keyset cursor', () => {
  it('round-trips', () => {
    const cursor = { at: '2026-11-26T00:00:00.000Z', id: '0b9e7c1e-3f8a-4a57-9d2b-6f1c2e3d4a5b' };
    expect(decodeCursor(encodeCursor(cursor), isUuid)).toEqual(cursor);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["not a date","x"]').toString('base64url'),
    Buffer.from('["2026-11-26T00:00:00Z", "1; DROP TABLE incidents"]').toString('base64url'),
  ])('refuses %j', (text) => {
    expect(decodeCursor(text, isUuid)).toBeNull();
  });
});
