import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * May a browser page from `origin` talk to us? No Origin header (not a browser page: curl, the
 * collectors, socket.io-client in Node), the API's own origin (`host` is the Host header), or one
 * of CORS_ORIGINS.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * CORS for REST: headers only for the configured origins (CORS_ORIGINS), none otherwise, so by
 * default only the console served from this origin can read answers. Bearer tokens, no cookies:
 * no Allow-Credentials.
 */
export function cors(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (allowed.length === 0) return next();
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.includes(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Disposition');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * Socket.IO's server options for the same rule: the handshake of a page from another origin is
 * refused (WebSockets are not covered by CORS, so the browser would not stop it), and the polling
 * transport answers CORS for the configured origins.
 */
export function socketIoOriginOptions(allowed: readonly string[]) {
  return {
    allowRequest: (
      req: IncomingMessage,
      callback: (error: string | null | undefined, success: boolean) => void,
    ) => callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, allowed)),
    ...(allowed.length ? { cors: { origin: [...allowed], methods: ['GET', 'POST'] } } : {}),
  };
}
