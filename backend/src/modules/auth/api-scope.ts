import { API_TOKEN_RESOURCES } from '@cityops/contracts';

const RESOURCES: readonly string[] = API_TOKEN_RESOURCES;
const READ_METHODS = ['GET', 'HEAD'];

/**
 * The scope an API token needs for a route: `<resource>:read` for reads, `<resource>:write` for the
 * rest, the resource being the first segment after /api. Null when no API token may call it at all
 * (sign-in, users, tokens, audit: only people do that).
 */
export function requiredScope(method: string, routePath: string): string | null {
  const resource = /^\/api\/([^/]+)/.exec(routePath)?.[1];
  if (!resource || !RESOURCES.includes(resource)) return null;
  return `${resource}:${READ_METHODS.includes(method.toUpperCase()) ? 'read' : 'write'}`;
}
