import type { CaseClusterRule } from '@cityops/contracts';
import {
  type AlertState,
  IMMEDIATE,
  type Observation,
  runObservations,
} from '../../alerting/alert-state-machine.js';
import type { CaseInput, KeyedResult } from './case-time-limit.js';
import { geohash, haversineM } from './geo.js';

const MINUTE_MS = 60_000;
const METRES_PER_DEGREE = 111_320;

export interface ClusterOptions {
  minCases: number;
  radiusM: number;
  windowMinutes: number;
}

/**
 * Clusters of cases in space and time (DBSCAN): two cases are neighbours when they are within
 * radiusM metres and were reported within windowMinutes of each other; a case with at least
 * minCases − 1 neighbours is a core, and a cluster is the cores reachable from one another with
 * their neighbours. A case next to two clusters joins the one with the earliest case. Clusters
 * smaller than minCases are dropped. Deterministic: the input order does not matter. Returns the
 * members of each cluster (earliest first), clusters ordered by their earliest case.
 */
export function findClusters(cases: readonly CaseInput[], options: ClusterOptions): CaseInput[][] {
  const points = [...cases].sort(byReported);
  const windowMs = options.windowMinutes * MINUTE_MS;
  const grid = new Grid(points, options.radiusM);
  const neighbours = (i: number): number[] =>
    grid
      .near(points[i]!)
      .filter(
        (j) =>
          j !== i &&
          Math.abs(points[j]!.reportedAt - points[i]!.reportedAt) <= windowMs &&
          haversineM(at(points[i]!), at(points[j]!)) <= options.radiusM,
      )
      .sort((a, b) => a - b);

  const cluster = new Array<number>(points.length).fill(-1);
  const clusters: number[][] = [];
  for (let i = 0; i < points.length; i++) {
    if (cluster[i] !== -1) continue;
    const seed = neighbours(i);
    if (seed.length + 1 < options.minCases) continue;
    const id = clusters.length;
    const members = [i];
    cluster[i] = id;
    const queue = [...seed];
    while (queue.length) {
      const j = queue.shift()!;
      if (cluster[j] !== -1) continue;
      cluster[j] = id;
      members.push(j);
      const around = neighbours(j);
      if (around.length + 1 >= options.minCases)
        queue.push(...around.filter((k) => cluster[k] === -1));
    }
    clusters.push(members);
  }
  return clusters
    .filter((members) => members.length >= options.minCases)
    .map((members) => members.sort((a, b) => a - b).map((k) => points[k]!));
}

const at = (c: CaseInput): [number, number] => [c.lng, c.lat];
const byReported = (a: CaseInput, b: CaseInput) =>
  a.reportedAt - b.reportedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A uniform grid of cells at least radiusM wide, so neighbours are in the 3 × 3 cells around. */
class Grid {
  private readonly cells = new Map<string, number[]>();
  private readonly dLat: number;
  private readonly dLng: number;

  constructor(points: readonly CaseInput[], radiusM: number) {
    const maxLat = Math.max(0, ...points.map((p) => Math.abs(p.lat)));
    this.dLat = radiusM / METRES_PER_DEGREE;
    this.dLng = radiusM / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((maxLat * Math.PI) / 180)));
    points.forEach((p, i) => {
      const key = this.key(this.cell(p));
      const cell = this.cells.get(key);
      if (cell) cell.push(i);
      else this.cells.set(key, [i]);
    });
  }

  near(p: CaseInput): number[] {
    const [x, y] = this.cell(p);
    const found: number[] = [];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        found.push(...(this.cells.get(this.key([x + dx, y + dy])) ?? []));
    return found;
  }

  private cell(p: CaseInput): [number, number] {
    return [Math.floor(p.lng / this.dLng), Math.floor(p.lat / this.dLat)];
  }

  private key([x, y]: [number, number]): string {
    return `${x}:${y}`;
  }
}

/** The area key of a new cluster: the geohash (about 150 m) of its centre. */
export function clusterKey(members: readonly CaseInput[]): string {
  const lng = members.reduce((s, c) => s + c.lng, 0) / members.length;
  const lat = members.reduce((s, c) => s + c.lat, 0) / members.length;
  return geohash(lng, lat, 7);
}

/**
 * Case clusters at tick time `now`, keyed by area. Pass every open case of the rule's categories and
 * the cases closed since the last tick (for their closing times). A cluster that keeps any member
 * keeps its key while it grows or shrinks (the previous cluster sharing the most members; state
 * remembers them); a new one takes the geohash of its centre (with its earliest case's id when that
 * key is in use). Raised at the event time the cluster reached minCases cases; cleared when it falls
 * apart, at the closing time of the member whose closing did it (or `now` when unknown). Value: the
 * number of cases.
 */
export function runCaseClusters(
  rule: CaseClusterRule,
  states: ReadonlyMap<string, AlertState>,
  cases: readonly CaseInput[],
  now: number,
): KeyedResult {
  const categories = new Set<string>(rule.categories);
  const relevant = cases.filter((c) => categories.has(c.category));
  const open = relevant.filter((c) => c.status !== 'closed' && c.reportedAt <= now);
  const clusters = findClusters(open, rule);

  const active = [...states]
    .filter(([, s]) => s.active && s.members?.length)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const taken = new Set(active.map(([key]) => key));
  const matched = new Set<string>();
  const result: KeyedResult = { states: new Map(), transitions: [] };

  for (const members of clusters) {
    const ids = new Set(members.map((c) => c.id));
    let best: { key: string; overlap: number } | null = null;
    for (const [key, s] of active) {
      if (matched.has(key)) continue;
      const overlap = s.members!.filter((id) => ids.has(id)).length;
      if (overlap > 0 && (best === null || overlap > best.overlap)) best = { key, overlap };
    }
    const memberIds = members.map((c) => c.id);
    if (best) {
      // The same cluster, grown or shrunk: same key, no transition, members remembered.
      matched.add(best.key);
      const previous = states.get(best.key)!;
      result.states.set(best.key, { ...previous, members: memberIds, lastValue: members.length });
      continue;
    }
    let key = clusterKey(members);
    if (taken.has(key)) key = `${key}-${members[0]!.id}`;
    taken.add(key);
    const previous = states.get(key);
    const observation: Observation = {
      at: formedAt(members, rule.minCases, previous),
      value: members.length,
      severity: rule.severity,
      clear: false,
    };
    const { state, transitions } = runObservations(previous, [observation], IMMEDIATE);
    if (state) result.states.set(key, { ...state, members: memberIds });
    for (const t of transitions) result.transitions.push({ ...t, key });
  }

  const closedAt = new Map(
    relevant
      .filter((c) => c.status === 'closed')
      .map((c) => [c.id, Math.min(now, c.closedAt ?? c.updatedAt)]),
  );
  const stillOpen = new Set(open.map((c) => c.id));
  for (const [key, previous] of active) {
    if (matched.has(key)) continue;
    const closings = previous.members!.map((id) => closedAt.get(id)).filter((t) => t !== undefined);
    const at = Math.max(closings.length ? Math.max(...closings) : now, previous.lastTs + 1);
    const left = previous.members!.filter((id) => stillOpen.has(id)).length;
    const { state, transitions } = runObservations(
      previous,
      [{ at, value: left, severity: null, clear: true }],
      IMMEDIATE,
    );
    if (state) result.states.set(key, { ...state, members: [] });
    for (const t of transitions) result.transitions.push({ ...t, key });
  }
  return result;
}

/**
 * When a cluster came to be: the report time of its minCases-th case. After an earlier cluster on the
 * same key, no earlier than the first report after that one's end (event time moves forward).
 */
function formedAt(
  members: readonly CaseInput[],
  minCases: number,
  previous: AlertState | undefined,
): number {
  const times = members.map((c) => c.reportedAt).sort((a, b) => a - b);
  const at = times[Math.min(minCases, times.length) - 1]!;
  if (!previous || at > previous.lastTs) return at;
  return times.find((t) => t > previous.lastTs) ?? previous.lastTs + 1;
}
