import { describe, expect, it } from 'vitest';
import {
  formatOpaqueToken,
  hashSecret,
  newOpaqueToken,
  parseOpaqueToken,
  secretMatches,
} from './opaque-token.js';

describe('opaque tokens', () => {
  it.each(['refresh', 'display', 'api'] as const)('a %s token parses back to its parts', (kind) => {
    const token = newOpaqueToken(kind);
    expect(parseOpaqueToken(formatOpaqueToken(token))).toEqual(token);
  });

  it('says what a token is by its prefix', () => {
    expect(formatOpaqueToken(newOpaqueToken('display'))).toMatch(/^cdt_/);
    expect(formatOpaqueToken(newOpaqueToken('api'))).toMatch(/^cat_/);
    expect(formatOpaqueToken(newOpaqueToken('refresh'))).toMatch(/^crs_/);
  });

  it('gives every token a new id and secret', () => {
    const a = newOpaqueToken('api');
    const b = newOpaqueToken('api');
    expect(a.id).not.toBe(b.id);
    expect(a.secret).not.toBe(b.secret);
  });

  it.each([
    '',
    'cdt_',
    'xyz_AAAAAAAAAAAAAAAAAAAA_' + 'a'.repeat(43),
    'cdt_AAAAAAAAAAAAAAAAAAA_' + 'a'.repeat(43),
    'cdt_AAAAAAAAAAAAAAAAAAAA_' + 'a'.repeat(42),
    'cdt_AAAAAAAAAAAAAAAAAAAA_' + 'a'.repeat(43) + ' ',
    "cdt_AAAAAAAAAAAAAAAAAAA'_" + 'a'.repeat(43),
    'eyJhbGciOiJIUzI1NiJ9.e30.sig',
  ])('refuses the malformed %j', (text) => {
    expect(parseOpaqueToken(text)).toBeNull();
  });

  it('matches a secret only against its own hash', () => {
    const token = newOpaqueToken('api');
    expect(secretMatches(token.secret, hashSecret(token.secret))).toBe(true);
    expect(secretMatches(newOpaqueToken('api').secret, hashSecret(token.secret))).toBe(false);
    expect(secretMatches(token.secret, 'short')).toBe(false);
  });
});
