import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_RULES,
  type Reading,
  type Severity,
  type ThresholdRule,
  raiseSeverity,
  severityRank,
} from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FloodEvent,
  parseFloodEvents,
  syntheticFloodCsv,
} from './support/floodnet-profile.js';
import { PipelineHarness } from './support/pipeline-harness.js';

const CM_PER_INCH = 2.54;
const RULE = DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule;
/** The public dataset beside the project (absent on CI machines): its events are replayed too. */
const DATASET = resolve(
  import.meta.dirname,
  '../../../../shared/datasets/floodnet-nyc/flood-events.csv',
);
const T0 = Date.parse('2026-07-20T08:00:00Z');

type Step = Severity | 'cleared';

/**
 * What a dispatcher expects from `underpass-depth` over a depth sequence, written from the rule's
 * description (docs/rules.md), not from the evaluator: the highest level reached, one higher when
 * the depth rose more than the rate allows within the rate window; an alert keeps its level between
 * the lowest level and the clear depth and clears below it.
 */
function expectedSteps(points: { ts: number; cm: number }[]): Step[] {
  const steps: Step[] = [];
  let current: Severity | null = null;
  const windowMs = RULE.rateRaise!.windowMinutes * 60_000;
  points.forEach((p, i) => {
    let level: Severity | null = null;
    for (const l of RULE.levels)
      if (p.cm >= l.value && (level === null || severityRank(l.severity) > severityRank(level)))
        level = l.severity;
    const lowest = Math.min(
      ...points
        .slice(0, i + 1)
        .filter((q) => q.ts >= p.ts - windowMs)
        .map((q) => q.cm),
    );
    if (level && p.cm - lowest > RULE.rateRaise!.deltaPerWindow) level = raiseSeverity(level);
    if (current === null) {
      if (level) steps.push((current = level));
    } else if (p.cm < RULE.clear) {
      steps.push('cleared');
      current = null;
    } else if (level && level !== current) {
      steps.push((current = level));
    }
  });
  return steps;
}

function readingsOf(event: FloodEvent, sensorId: string): Reading[] {
  return event.profile.map((p) => ({
    sensorId,
    ts: T0 + p.secs * 1000,
    metrics: { depthCm: Math.round(p.inches * CM_PER_INCH * 100) / 100 },
  }));
}

const synthetic = parseFloodEvents(syntheticFloodCsv('synthetic-underpass', 14, 180))[0]!;
const real = existsSync(DATASET) ? pickEvents(parseFloodEvents(readFileSync(DATASET, 'utf8'))) : [];

/** The deepest event, and two of middling depth (they cross fewer levels, more often). */
function pickEvents(events: FloodEvent[]): FloodEvent[] {
  const usable = events.filter((e) => e.profile.length >= 10 && e.profile.length <= 2_000);
  const byDepth = [...usable].sort((a, b) => b.maxDepthInches - a.maxDepthInches);
  const middling = byDepth.filter((e) => e.maxDepthInches > 5 && e.maxDepthInches < 12);
  return [byDepth[0]!, middling[0]!, middling[Math.floor(middling.length / 2)]!];
}

const cases: [string, FloodEvent][] = [
  ['a synthetic profile in the dataset layout', synthetic],
  ...real.map((e): [string, FloodEvent] => [
    `FloodNet ${e.sensorId} ${e.start} (${e.maxDepthInches} in)`,
    e,
  ]),
];

describe('FloodNet flood profiles replayed through the fast path', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    const assets = cases.map(
      (_, i) => `UP-FN-${i},waterlogging,underpass,下穿 ${i},120104,117.2,39.1,`,
    );
    h = await PipelineHarness.start('pglite', assets.join('\n'), { ALERT_TICKS: 'off' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** Severity steps of every incident of the asset, in order. */
  async function observedSteps(assetId: string): Promise<Step[]> {
    const incidents = (await h.incidents('limit=500&status=open,acknowledged,resolved'))
      .filter((i) => i.assetId === assetId)
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    const steps: Step[] = [];
    for (const incident of incidents) {
      for (const e of (await h.detail(incident.id)).timeline) {
        if (e.type === 'opened') steps.push(e.data.severity as Severity);
        if (e.type === 'severity_changed') steps.push(e.data.to as Severity);
        if (e.type === 'resolved') steps.push('cleared');
      }
    }
    return steps;
  }

  it.each(cases.map(([name, event], i) => [name, event, i] as const))(
    '%s gives the expected level sequence, live minute by minute and as one late burst',
    async (_name, event, i) => {
      const live = `UP-FN-${i}`;
      const readings = readingsOf(event, live);
      const expected = expectedSteps(readings.map((r) => ({ ts: r.ts, cm: r.metrics.depthCm! })));
      expect(expected.length).toBeGreaterThan(0);

      for (let k = 0; k < readings.length; k += 5) await h.readings(readings.slice(k, k + 5));
      expect(await observedSteps(live)).toEqual(expected);

      // A gateway catching up: the same readings, newest first, in one batch, under another id.
      const burst = readingsOf(event, `UP-FN-${i}-burst`).reverse();
      const csv = `UP-FN-${i}-burst,waterlogging,underpass,下穿 ${i} 补传,120104,117.2,39.1,`;
      const imported = await h.api.post(
        '/api/assets/import',
        `id,domain,kind,name,district,lng,lat,parentId\n${csv}\n`,
        'text/csv',
      );
      expect(imported.status).toBe(200);
      await h.readings(burst);
      expect(await observedSteps(`UP-FN-${i}-burst`)).toEqual(expected);
    },
  );
});
