import { describe, expect, it } from 'vitest';
import {
  CreateTokenRequestSchema,
  CreateUserRequestSchema,
  UpdateUserRequestSchema,
  passwordProblems,
} from './auth.js';

describe('passwordProblems', () => {
  it('accepts a long passphrase, Chinese counted per character', () => {
    expect(passwordProblems('海河东路十二号夜班值守', 'op1')).toEqual([]);
    expect(passwordProblems('correct horse battery', 'op1')).toEqual([]);
  });

  it.each([
    ['short', 'op1', ['too_short']],
    ['aaaaaaaaaaaa', 'op1', ['one_character']],
    ['my-Zhang.Wei-password', 'zhang.wei', ['contains_username']],
    ['x'.repeat(201), 'op1', ['too_long', 'one_character']],
    ['', 'op1', ['too_short']],
  ])('refuses %j for %s', (password, username, codes) => {
    expect(passwordProblems(password, username).map((p) => p.code)).toEqual(codes);
  });

  it('ignores a username too short to matter', () => {
    expect(passwordProblems('a-b-c-d-e-f-g', 'a')).toEqual([]);
  });
});

describe('account and token requests', () => {
  it('takes Chinese usernames and refuses spaces, quotes and unknown fields', () => {
    expect(CreateUserRequestSchema.safeParse({ username: '张伟', role: 'operator' }).success).toBe(
      true,
    );
    for (const body of [
      { username: 'a b', role: 'operator' },
      { username: "a'b", role: 'operator' },
      { username: 'ab', role: 'operator', admin: true },
      { username: 'ab', role: 'operator', districts: ['999999'] },
    ])
      expect(CreateUserRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });

  it('needs something to change', () => {
    expect(UpdateUserRequestSchema.safeParse({}).success).toBe(false);
    expect(UpdateUserRequestSchema.safeParse({ districts: null }).success).toBe(true);
    expect(UpdateUserRequestSchema.safeParse({ resetPassword: false }).success).toBe(false);
  });

  it('gives API tokens scopes and display tokens none', () => {
    const ok = (body: unknown) => CreateTokenRequestSchema.safeParse(body).success;
    expect(ok({ kind: 'display', name: '大屏' })).toBe(true);
    expect(ok({ kind: 'api', name: 'bridge', scopes: ['incidents:read'] })).toBe(true);
    expect(ok({ kind: 'api', name: 'bridge' })).toBe(false);
    expect(ok({ kind: 'api', name: 'bridge', scopes: ['users:write'] })).toBe(false);
    expect(ok({ kind: 'display', name: 'wall', scopes: ['incidents:read'] })).toBe(false);
    expect(ok({ kind: 'display', name: 'wall', role: 'operator' })).toBe(false);
    expect(ok({ kind: 'api', name: 'x', scopes: ['incidents:read'], role: 'admin' })).toBe(false);
  });
});
