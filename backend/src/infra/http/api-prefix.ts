import { RequestMethod } from '@nestjs/common';

/** REST lives under /api (docs/api.md). */
export const API_PREFIX = 'api';

/** Routes outside /api: Prometheus at /metrics, and the acknowledge page of a message's link. */
export const API_PREFIX_EXCLUDE = [
  { path: 'metrics', method: RequestMethod.GET },
  // The acknowledge page (docs/escalation.md): the link in a message, outside /api.
  { path: 'ack/:token', method: RequestMethod.ALL },
];

/**
 * The path a client calls for a route declared as `@Controller(controllerPath)` +
 * `@Get(methodPath)`: `/api/...` unless the global prefix excludes it.
 */
export function publicPathOf(
  method: RequestMethod,
  controllerPath: string,
  methodPath: string,
): string {
  const path = [controllerPath, methodPath]
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  const excluded = API_PREFIX_EXCLUDE.some(
    (e) => e.path === path && (e.method === RequestMethod.ALL || e.method === method),
  );
  return excluded ? `/${path}` : `/${API_PREFIX}/${path}`.replace(/\/$/, '');
}
