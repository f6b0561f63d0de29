import { DOMAINS, SEVERITIES } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS } from './support/test-env.js';

const ASSETS = `
IS-0001,heating,indoor_sensor,南京路 3 号楼 501,120101,117.197,39.119,
WL-0001,waterlogging,underpass,解放桥下穿,120101,117.205,39.13,
WL-0002,waterlogging,underpass,复康路下穿,120104,117.17,39.1,
`;

const MIN = 60_000;
const T0 = Date.now() - 6 * 60 * MIN;

/** The `cityops_incidents` samples of a /metrics text: `state|severity|domain` → value. */
function incidentGauge(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^cityops_incidents\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.set(`${labels.state}|${labels.severity}|${labels.domain}`, Number(match[2]));
  }
  return samples;
}

describe.each(DATABASE_KINDS)('incidents by state - /metrics (%s)', (databaseKind) => {
  let h: PipelineHarness;

  const scrape = async () => {
    const { status, body } = await h.api.get<string>('/metrics');
    expect(status).toBe(200);
    return incidentGauge(body);
  };
  const total = (gauge: Map<string, number>, state: string, domain?: string) =>
    [...gauge]
      .filter(([key]) => key.startsWith(`${state}|`) && (!domain || key.endsWith(`|${domain}`)))
      .reduce((sum, [, n]) => sum + n, 0);

  beforeAll(async () => {
    h = await PipelineHarness.start(databaseKind, ASSETS);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('writes every active state × severity × domain, all zero before any incident', async () => {
    const gauge = await scrape();
    expect(gauge.size).toBe(2 * SEVERITIES.length * DOMAINS.length);
    for (const state of ['open', 'acknowledged'])
      for (const severity of SEVERITIES)
        for (const domain of DOMAINS) expect(gauge.get(`${state}|${severity}|${domain}`)).toBe(0);
    expect([...gauge.keys()].some((key) => key.startsWith('resolved|'))).toBe(false);
  });

  it('follows incidents as they open, are acknowledged and resolve', async () => {
    await h.readings([
      { sensorId: 'WL-0001', ts: T0, metrics: { depthCm: 42 } },
      { sensorId: 'WL-0002', ts: T0, metrics: { depthCm: 42 } },
      { sensorId: 'IS-0001', ts: T0, metrics: { indoorTempC: 15 } },
    ]);
    const incidents = (await h.incidents('status=open&limit=500')).filter((i) =>
      ['WL-0001', 'WL-0002', 'IS-0001'].includes(i.assetId ?? ''),
    );
    expect(incidents.map((i) => i.assetId).sort()).toEqual(['IS-0001', 'WL-0001', 'WL-0002']);
    const flood = incidents.find((i) => i.assetId === 'WL-0001')!;

    const opened = await scrape();
    expect(total(opened, 'open')).toBe(3);
    expect(total(opened, 'open', 'waterlogging')).toBe(2);
    expect(total(opened, 'open', 'heating')).toBe(1);
    expect(opened.get(`open|${flood.severity}|waterlogging`)).toBeGreaterThanOrEqual(1);
    expect(total(opened, 'acknowledged')).toBe(0);

    const ack = await h.api.post(`/api/incidents/${flood.id}/acknowledge`, { note: 'on my way' });
    expect(ack.status).toBe(200);
    const acknowledged = await scrape();
    expect(total(acknowledged, 'open')).toBe(2);
    expect(total(acknowledged, 'acknowledged')).toBe(1);
    expect(acknowledged.get(`acknowledged|${flood.severity}|waterlogging`)).toBe(1);

    for (const incident of incidents) {
      const resolved = await h.api.post(`/api/incidents/${incident.id}/resolve`, { note: 'done' });
      expect(resolved.status).toBe(200);
    }
    const after = await scrape();
    expect(total(after, 'open')).toBe(0);
    expect(total(after, 'acknowledged')).toBe(0);
    // Still written, as zeros: a dashboard's series do not vanish.
    expect(after.size).toBe(2 * SEVERITIES.length * DOMAINS.length);
  });
});
