import { describe, expect, it } from 'vitest';
import {
  ASSET_KINDS,
  INFLUX_MEASUREMENTS,
  INFLUX_RETENTION,
  INFLUX_TAGS,
  JobName,
  METRICS,
  QueueName,
} from '@cityops/contracts';
import { listFiles, readRepo } from './repo.js';

interface Target {
  expr?: string;
  query?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string }[] };
}

const load = (name: string) => JSON.parse(readRepo('deploy/grafana', name)) as Dashboard;
const platform = load('platform.json');
const city = load('city-telemetry.json');

/**
 * Metric names the code defines with prom-client, read from the sources of the backend and the
 * collectors: `name: 'cityops_…'` and the collectors' PREFIX-built names. Histograms also expose
 * _bucket, _count and _sum.
 */
function definedMetrics(): Map<string, 'counter' | 'gauge' | 'histogram'> {
  const out = new Map<string, 'counter' | 'gauge' | 'histogram'>();
  const files = [
    ...listFiles('backend/src', (p) => p.endsWith('.ts') && !p.endsWith('.spec.ts')),
    ...listFiles('collectors/src', (p) => p.endsWith('.ts') && !p.endsWith('.spec.ts')),
  ];
  for (const file of files) {
    const text = readRepo(file);
    const prefix = /const PREFIX = '([a-z_]+)'/.exec(text)?.[1] ?? '';
    const named =
      /new (Counter|Gauge|Histogram)(?:<[^>]*>)?\(\{\s*name:\s*(?:'([a-z0-9_]+)'|`\$\{PREFIX\}([a-z0-9_]+)`|PREFIX \+ name)/g;
    for (const m of text.matchAll(named)) {
      const name = m[2] ?? (m[3] ? prefix + m[3] : null);
      if (name) out.set(name, m[1]!.toLowerCase() as 'counter' | 'gauge' | 'histogram');
    }
    // CollectorStats' helpers: total('name', …) and gauge('name', …) with the PREFIX.
    for (const m of text.matchAll(/\b(total|gauge)\(\s*'([a-z0-9_]+)'/g))
      out.set(prefix + m[2]!, m[1] === 'total' ? 'counter' : 'gauge');
  }
  return out;
}

function queriedMetric(name: string, defined: Map<string, string>): boolean {
  if (defined.has(name)) return true;
  const m = /^(.*)_(bucket|count|sum)$/.exec(name);
  return m !== null && defined.get(m[1]!) === 'histogram';
}

/** Values a PromQL expression gives a label: `l="a"` and `l=~"a|b"`. */
function labelValues(expr: string, label: string): string[] {
  return [...expr.matchAll(new RegExp(`\\b${label}=~?"([^"]*)"`, 'g'))].flatMap((m) =>
    m[1]!.split('|'),
  );
}

const queryPanels = (d: Dashboard) => d.panels.filter((p) => p.type !== 'row');

describe.each([platform, city])('dashboard $uid', (d) => {
  it('is a dashboard with unique panel ids, titles and targets, and a datasource variable', () => {
    expect(d.uid).toMatch(/^cityops-/);
    const ids = d.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(d.templating.list.some((v) => v.type === 'datasource' && v.name === 'datasource')).toBe(
      true,
    );
    for (const p of queryPanels(d)) {
      expect(p.title).toBeTruthy();
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
    }
  });
});

describe('platform.json', () => {
  const defined = definedMetrics();
  const exprs = queryPanels(platform).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr ?? '' })),
  );

  it('finds the metric definitions in the code', () => {
    for (const name of [
      'cityops_job_duration_seconds',
      'cityops_queue_jobs',
      'cityops_http_request_duration_seconds',
      'cityops_collector_spool_points',
      'cityops_collector_readings_rejected_total',
      'cityops_collector_write_errors_total',
    ])
      expect(defined.has(name), name).toBe(true);
  });

  it('queries only metrics the code defines', () => {
    expect(exprs.length).toBeGreaterThan(10);
    for (const { panel, expr } of exprs) {
      const names = [...expr.matchAll(/\bcityops_[a-z0-9_]+/g)].map((m) => m[0]);
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of names)
        expect(queriedMetric(name, defined), `${panel}: ${name} is not defined in the code`).toBe(
          true,
        );
    }
  });

  it('filters on queue and job names that exist in contracts', () => {
    for (const { panel, expr } of exprs) {
      for (const q of labelValues(expr, 'queue'))
        expect(Object.values(QueueName), `${panel}: queue ${q}`).toContain(q);
      // The job label is renamed exported_job by Prometheus (it clashes with the scrape job).
      expect(expr, panel).not.toMatch(/[{,]job=/);
      for (const j of labelValues(expr, 'exported_job'))
        expect(Object.values(JobName), `${panel}: job ${j}`).toContain(j);
    }
  });

  it('covers queues, job latency, ingest, rejections, spool, evaluation, notifications and HTTP', () => {
    const all = exprs.map((e) => e.expr).join('\n');
    for (const name of [
      'cityops_queue_jobs',
      'cityops_job_duration_seconds_bucket',
      'cityops_collector_readings_accepted_total',
      'cityops_collector_readings_rejected_total',
      'cityops_quarantined_total',
      'cityops_collector_spool_points',
      'cityops_alert_transitions_total',
      'cityops_http_request_duration_seconds_bucket',
    ])
      expect(all).toContain(name);
    expect(all).toContain('exported_job="evaluate-readings"');
    expect(all).toContain('exported_job="deliver-notification"');
  });
});

describe('city-telemetry.json', () => {
  const measurements = Object.values(INFLUX_MEASUREMENTS) as string[];
  const policies = Object.values(INFLUX_RETENTION).map((r) => r.name) as string[];
  const domainOf = Object.fromEntries(
    Object.entries(INFLUX_MEASUREMENTS).map(([domain, m]) => [m, domain]),
  );
  const queries = [
    ...queryPanels(city).flatMap((p) =>
      (p.targets ?? []).map((t) => ({ where: p.title, query: t.query ?? '' })),
    ),
    ...city.templating.list
      .filter((v) => v.type === 'query')
      .map((v) => ({ where: `variable ${v.name}`, query: v.query ?? '' })),
  ];

  it('reads only measurements, retention policies, fields and tags that contracts define', () => {
    for (const { where, query } of queries) {
      const from = /\bFROM\s+(?:"([^"]+)"\.)?"([^"]+)"/.exec(query);
      expect(from, `${where}: FROM "policy"."measurement"`).not.toBeNull();
      const [, policy, measurement] = from!;
      expect(policies, `${where}: policy ${policy}`).toContain(policy);
      expect(measurements, `${where}: measurement ${measurement}`).toContain(measurement);
      const domain = domainOf[measurement!];
      const fields = [...query.matchAll(/\b[a-z_]+\("([^"]+)"\)/g)].map((m) => m[1]!);
      for (const f of fields) {
        expect(Object.keys(METRICS), `${where}: field ${f}`).toContain(f);
        expect(METRICS[f as keyof typeof METRICS].domain, `${where}: ${f} in ${measurement}`).toBe(
          domain,
        );
      }
      // Every other quoted identifier is a tag.
      const rest = query
        .replace(from![0], '')
        .replace(/\b[a-z_]+\("[^"]+"\)/g, '')
        .matchAll(/"([^"]+)"/g);
      for (const [, ident] of rest)
        expect(INFLUX_TAGS as readonly string[], `${where}: tag ${ident}`).toContain(ident);
      // Asset kinds compared with "kind" exist.
      for (const m of query.matchAll(/"kind"\s*(=~|=)\s*(?:'([^']+)'|\/\^?\(?([^/$)]+)\)?\$?\/)/g))
        for (const kind of (m[2] ?? m[3]!).split('|'))
          expect(ASSET_KINDS as readonly string[], `${where}: kind ${kind}`).toContain(kind);
    }
  });

  it('shows water depth, indoor temperature, supply temperature and rainfall', () => {
    const all = queries.map((q) => q.query).join('\n');
    for (const field of ['depthCm', 'indoorTempC', 'supplyTempC', 'rainfallMmH'])
      expect(all).toContain(`("${field}")`);
    for (const { query } of queries.filter((q) => q.query.startsWith('SELECT')))
      expect(query).toContain('$timeFilter');
  });
});
