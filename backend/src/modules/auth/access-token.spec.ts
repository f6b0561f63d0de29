import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './access-token.js';

const secret = 'a'.repeat(40);
const claims = { sub: 'operator1', role: 'operator' as const, iat: 1000, exp: 2000 };

describe('access tokens', () => {
  it('verifies a token it signed', () => {
    expect(verifyToken(signToken(claims, secret), secret, 1500)).toEqual(claims);
  });

  it('refuses an expired token', () => {
    expect(verifyToken(signToken(claims, secret), secret, 2000)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyToken(signToken(claims, 'b'.repeat(40)), secret, 1500)).toBeNull();
  });

  it('refuses a token whose claims were edited', () => {
    const [header, , signature] = signToken(claims, secret).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(verifyToken(`${header}.${forged}.${signature}`, secret, 1500)).toBeNull();
  });

  it.each(['', 'x', 'a.b', 'a.b.c.d', '..', 'eyJ.eyJ.sig'])(
    'refuses the garbage token %j',
    (token) => {
      expect(verifyToken(token, secret, 1500)).toBeNull();
    },
  );

  it('refuses a token with an unknown role', () => {
    expect(
      verifyToken(signToken({ ...claims, role: 'root' as never }, secret), secret, 1500),
    ).toBeNull();
  });
});
