import type { RouteMatch } from '@cityops/contracts';

/** What routing looks at in an incident; assetKind comes from the asset registry (null without an asset). */
export interface RoutingSubject {
  domain: string;
  district: string | null;
  severity: string;
  assetKind: string | null;
}

export interface RouteSpec {
  id: string;
  order: number;
  match: RouteMatch;
  teamId: string;
}

export function isDefaultRoute(match: RouteMatch): boolean {
  return Object.values(match).every((v) => v === undefined);
}

/** Every criterion given must hold: the subject's value is one of the criterion's values. */
export function routeMatches(match: RouteMatch, subject: RoutingSubject): boolean {
  const holds = (values: readonly string[] | undefined, value: string | null) =>
    values === undefined || (value !== null && values.includes(value));
  return (
    holds(match.domains, subject.domain) &&
    holds(match.districts, subject.district) &&
    holds(match.severities, subject.severity) &&
    holds(match.assetKinds, subject.assetKind)
  );
}

/**
 * The route for an incident: the first matching route by ascending order (id breaks a tie), else
 * the default route (empty match) whatever its order, else none.
 */
export function pickRoute<R extends RouteSpec>(
  routes: readonly R[],
  subject: RoutingSubject,
): R | null {
  const sorted = [...routes].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  return (
    sorted.find((r) => !isDefaultRoute(r.match) && routeMatches(r.match, subject)) ??
    sorted.find((r) => isDefaultRoute(r.match)) ??
    null
  );
}
