import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BOARD_TICKET_TTL_SECONDS,
  cookieValues,
  signBoardTicket,
  verifyBoardTicket,
} from './board-ticket.js';
import { signToken } from '../auth/access-token.js';

const SECRET = 'a-deployment-secret-long-enough-for-tests';
const NOW = 1_800_000_000;
const claims = { sub: 'admin', sid: 'sess-1', exp: NOW + BOARD_TICKET_TTL_SECONDS };

describe('board tickets', () => {
  it('verifies a ticket it signed, until it expires', () => {
    const ticket = signBoardTicket(claims, SECRET);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyBoardTicket(ticket, SECRET, NOW)).toEqual(claims);
    expect(verifyBoardTicket(ticket, SECRET, claims.exp - 1)).toEqual(claims);
    expect(verifyBoardTicket(ticket, SECRET, claims.exp)).toBeNull();
  });

  it('refuses a ticket signed with another secret, or with a changed body or signature', () => {
    const ticket = signBoardTicket(claims, SECRET);
    const [body, signature] = ticket.split('.') as [string, string];
    expect(verifyBoardTicket(ticket, `${SECRET}x`, NOW)).toBeNull();
    const promoted = Buffer.from(JSON.stringify({ ...claims, sub: 'root' })).toString('base64url');
    expect(verifyBoardTicket(`${promoted}.${signature}`, SECRET, NOW)).toBeNull();
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyBoardTicket(`${body}.${flipped}`, SECRET, NOW)).toBeNull();
    expect(verifyBoardTicket(`${body}.${signature.slice(0, 10)}`, SECRET, NOW)).toBeNull();
  });

  it('is not the access token, nor made with the bare auth secret', () => {
    const access = signToken(
      { sub: 'admin', role: 'admin', iat: NOW, exp: NOW + 60, sid: 's' },
      SECRET,
    );
    expect(verifyBoardTicket(access, SECRET, NOW)).toBeNull();
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const bare = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(verifyBoardTicket(`${body}.${bare}`, SECRET, NOW)).toBeNull();
  });

  it('refuses an expiry further ahead than any ticket gets', () => {
    const long = signBoardTicket({ ...claims, exp: NOW + 24 * 3600 }, SECRET);
    expect(verifyBoardTicket(long, SECRET, NOW)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['no dot', 'abc'],
    ['three parts', 'a.b.c'],
    ['not base64url', 'a+b.c/d'],
    ['padding', 'abc=.def='],
    ['spaces', ' a.b '],
    ['huge', `${'a'.repeat(5_000)}.b`],
    ['NUL', 'a\u0000.b'],
  ])('refuses a malformed ticket (%s)', (_, ticket) => {
    expect(verifyBoardTicket(ticket, SECRET, NOW)).toBeNull();
  });

  it.each([
    ['an array', [1, 2, 3]],
    ['a string', 'admin'],
    ['extra claims', { ...claims, role: 'admin' }],
    ['an empty user', { ...claims, sub: '' }],
    ['a numeric session', { ...claims, sid: 12 }],
    ['a fractional expiry', { ...claims, exp: NOW + 0.5 }],
    ['an expiry as text', { ...claims, exp: String(NOW + 60) }],
  ])('refuses a well-signed ticket with %s', (_, value) => {
    const body = Buffer.from(JSON.stringify(value)).toString('base64url');
    const key = createHmac('sha256', SECRET).update('cityops:queues-board:v1').digest();
    const signature = createHmac('sha256', key).update(body).digest('base64url');
    expect(verifyBoardTicket(`${body}.${signature}`, SECRET, NOW)).toBeNull();
  });
});

describe('cookieValues', () => {
  it('finds every value of one cookie and nothing of others', () => {
    expect(cookieValues('a=1; cityops_board=x.y; b=2', 'cityops_board')).toEqual(['x.y']);
    expect(cookieValues('cityops_board=x; cityops_board=y', 'cityops_board')).toEqual(['x', 'y']);
    expect(cookieValues('cityops_board_old=z; xcityops_board=w', 'cityops_board')).toEqual([]);
    expect(cookieValues('cityops_board="q.r"', 'cityops_board')).toEqual(['q.r']);
    expect(cookieValues(undefined, 'cityops_board')).toEqual([]);
    expect(cookieValues('garbage;;;=;', 'cityops_board')).toEqual([]);
  });
});
