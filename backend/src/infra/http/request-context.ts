import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An id a proxy or client sent that is safe to echo and log: short, no spaces or quotes. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,100}$/;

const storage = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the HTTP request being handled here, if any (logs carry it). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The request's id: the one the proxy in front sent when it is well-formed, else a new one. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  const given = Array.isArray(incoming) ? incoming[0] : incoming;
  return given && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/**
 * Gives every request an id (X-Request-Id, kept from an ingress or load balancer that set one),
 * answers it in the same header, and runs the rest of the request in its context, so every log
 * line written while handling it names it (PinoLogger).
 */
export function requestContext() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = requestIdFor(req.headers[REQUEST_ID_HEADER.toLowerCase()]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    storage.run({ requestId }, next);
  };
}
