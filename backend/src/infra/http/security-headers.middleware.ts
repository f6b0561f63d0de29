import type { NextFunction, Request, Response } from 'express';

export interface SecurityHeadersOptions {
  /** MAPBOX_TOKEN is set: the console's mapbox-gl talks to Mapbox's hosts. */
  mapbox: boolean;
  /** Strict-Transport-Security max-age on HTTPS answers; 0: none. */
  hstsMaxAgeSeconds: number;
}

/**
 * The console's Content-Security-Policy: its own scripts only; workers from its own files (MapLibre)
 * or blob URLs (mapbox-gl); inline styles, which both map libraries set on their elements; data and
 * blob images (sprites, canvases); REST and Socket.IO to its own origin, plus Mapbox's hosts only when
 * a Mapbox token is configured.
 */
export function contentSecurityPolicy(options: Pick<SecurityHeadersOptions, 'mapbox'>): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ws: wss:${options.mapbox ? ' https://*.mapbox.com' : ''}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Helmet's essentials, written out (docs/security.md): on every answer, API and console alike.
 * A route may set its own stricter policy (the acknowledge page and the queue board do). HSTS only over HTTPS
 * (`req.secure`: TLS here, or X-Forwarded-Proto from a proxy that TRUST_PROXY trusts), since
 * browsers ignore it over plain HTTP.
 */
export function securityHeaders(options: SecurityHeadersOptions) {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  const hsts = options.hstsMaxAgeSeconds > 0 ? `max-age=${options.hstsMaxAgeSeconds}` : null;
  return (req: Request, res: Response, next: NextFunction): void => {
    res.set(headers);
    if (hsts && req.secure) res.setHeader('Strict-Transport-Security', hsts);
    next();
  };
}
