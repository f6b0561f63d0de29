import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './cors.middleware.js';

describe('isAllowedOrigin', () => {
  const allowed = ['https://ops.example.cn'];

  it.each([
    ['no Origin header (curl, collectors, Node clients)', undefined, '127.0.0.1:8080', true],
    ['the API’s own origin', 'http://127.0.0.1:8080', '127.0.0.1:8080', true],
    ['the own origin, host in capitals', 'http://localhost:5173', 'LOCALHOST:5173', true],
    ['a configured origin', 'https://ops.example.cn', 'api.example.cn', true],
    ['another site', 'https://evil.example', '127.0.0.1:8080', false],
    ['the same host on another port', 'http://127.0.0.1:9999', '127.0.0.1:8080', false],
    ['a configured host on another scheme', 'http://ops.example.cn', 'api.example.cn', false],
    ['an opaque origin', 'null', '127.0.0.1:8080', false],
    ['no Host header', 'http://127.0.0.1:8080', undefined, false],
  ])('%s → %s', (_, origin, host, expected) => {
    expect(isAllowedOrigin(origin, host, allowed)).toBe(expected);
  });
});
