import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './security-headers.middleware.js';

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split('; ').map((d) => {
      const [name, ...values] = d.split(' ');
      return [name, values.join(' ')];
    }),
  );

describe('contentSecurityPolicy', () => {
  it('allows only the console itself: its scripts, workers, styles, images and connections', () => {
    expect(directives(contentSecurityPolicy({ mapbox: false }))).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'worker-src': "'self' blob:",
      'img-src': "'self' data: blob:",
      'style-src': "'self' 'unsafe-inline'",
      'connect-src': "'self' ws: wss:",
      'frame-ancestors': "'none'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
    });
  });

  it("adds Mapbox's hosts to connect-src only with a Mapbox token", () => {
    const policy = directives(contentSecurityPolicy({ mapbox: true }));
    expect(policy['connect-src']).toBe("'self' ws: wss: https://*.mapbox.com");
    expect(policy['script-src']).toBe("'self'");
  });

  it('never allows inline or evaluated scripts', () => {
    for (const mapbox of [false, true]) {
      expect(contentSecurityPolicy({ mapbox })).not.toMatch(
        /unsafe-eval|script-src[^;]*unsafe-inline/,
      );
    }
  });
});
