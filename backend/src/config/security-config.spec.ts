import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';
import { parseOrigins, parseTrustProxy } from './security-config.js';

describe('security settings', () => {
  it('defaults to five failures per username, fifty per address, 15 minutes, same-origin only', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      LOGIN_MAX_FAILURES: 5,
      LOGIN_FAILURE_WINDOW_SECONDS: 900,
      LOGIN_LOCKOUT_SECONDS: 900,
      LOGIN_IP_MAX_FAILURES: 50,
      CORS_ORIGINS: [],
      TRUST_PROXY: ['loopback'],
      HSTS_MAX_AGE_SECONDS: 15_552_000,
    });
  });

  it('lists every bad security variable in the one configuration error', () => {
    let error: unknown;
    try {
      loadConfig({
        LOGIN_MAX_FAILURES: '0',
        CORS_ORIGINS: 'https://ok.example.cn,*',
        TRUST_PROXY: '10.0.0.0/99',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('LOGIN_MAX_FAILURES');
    expect(message).toContain('CORS_ORIGINS: "*" is not an origin');
    expect(message).toContain('TRUST_PROXY: "10.0.0.0/99" is not an address');
  });
});

describe('a refused configuration', () => {
  it('names a malformed URL without quoting it (it may hold a password)', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_URL: 'smtp://mailer:hunter2-secret@127.0.0.1:notaport' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('SMTP_URL');
    expect((error as Error).message).not.toContain('hunter2-secret');
  });
});

describe('parseOrigins', () => {
  it('reads comma-separated origins, a trailing slash allowed, duplicates once', () => {
    expect(
      parseOrigins(' https://ops.example.cn/ , http://localhost:5173,https://ops.example.cn'),
    ).toEqual({ ok: true, value: ['https://ops.example.cn', 'http://localhost:5173'] });
    expect(parseOrigins('')).toEqual({ ok: true, value: [] });
  });

  it.each([
    '*',
    'null',
    'ops.example.cn',
    'https://ops.example.cn/console',
    'ftp://files.example.cn',
  ])('refuses %j', (entry) => {
    expect(parseOrigins(entry).ok).toBe(false);
  });
});

describe('parseTrustProxy', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback', ['loopback']],
    [
      'loopback, 10.0.0.0/8, fd00::/8, 192.168.1.10',
      ['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.10'],
    ],
  ])('reads %j', (text, value) => {
    expect(parseTrustProxy(text)).toEqual({ ok: true, value });
  });

  it.each(['yes', '10.0.0.0/33', '10.0.0.0/8/1', 'proxy.local', ''])('refuses %j', (text) => {
    expect(parseTrustProxy(text).ok).toBe(false);
  });
});
