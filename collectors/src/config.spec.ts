import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_REFERENCE_COMMAND,
  ConfigError,
  CONFIG_VARIABLES,
  configReferenceSections,
  loadConfig,
  renderConfigReference,
} from './config.js';
import { defaultInstanceId } from './observability/observability-settings.js';

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'cityops',
      influx: { url: 'http://127.0.0.1:8086', database: 'cityops' },
      stateDir: '.data/collectors',
      logLevel: 'info',
      statsIntervalMs: 60_000,
      sink: { spoolMaxBytes: 1024 * 1024 * 1024, writeTimeoutMs: 10_000, maxInFlight: 4 },
      observability: { metricsPort: 9464, instanceId: defaultInstanceId() },
      // Every source's defaults: sources/source-settings.spec.ts.
      sources: expect.objectContaining({
        enabled: ['heating-http', 'sanitation-http', 'sanitation-drop'],
      }),
      lease: {
        enabled: true,
        ttlMs: 15_000,
        owner: `${hostname()}:${resolve('.data/collectors')}`,
      },
      heating: {
        sourceUrl: 'http://127.0.0.1:8090/heating',
        pollIntervalMs: 5000,
        pageLimit: 1000,
        fetchTimeoutMs: 10_000,
      },
    });
  });

  it('reads credentials and the database from INFLUX_URL and treats empty variables as unset', () => {
    const config = loadConfig({
      INFLUX_URL: 'https://writer:p%40ss@influx.example:8086/city_db',
      HEATING_PAGE_LIMIT: '',
    });
    expect(config.influx).toEqual({
      url: 'https://influx.example:8086',
      database: 'city_db',
      username: 'writer',
      password: 'p@ss',
    });
    expect(config.heating.pageLimit).toBe(1000);
  });

  it('fails listing every bad variable at once, without echoing URLs that may hold passwords', () => {
    let error: unknown;
    try {
      loadConfig({
        REDIS_URL: 'http://user:secret@redis:6379',
        INFLUX_URL: 'http://influx:8086/',
        HEATING_SOURCE_URL: 'scada',
        HEATING_POLL_INTERVAL_MS: 'abc',
        HEATING_PAGE_LIMIT: '0',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'HEATING_PAGE_LIMIT',
        'HEATING_POLL_INTERVAL_MS',
        'HEATING_SOURCE_URL',
        'INFLUX_URL',
        'LOG_LEVEL',
        'REDIS_URL',
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith('HEATING_POLL_INTERVAL_MS'))).toContain('(got "abc")');
    expect(problems.find((p) => p.startsWith('INFLUX_URL'))).toContain('must name the database');
    expect((error as Error).message).not.toContain('secret');
  });

  it('reads the spool size with a unit, turns spool and metrics off with 0, and refuses a tiny spool', () => {
    const config = loadConfig({
      SPOOL_MAX_BYTES: '512MiB',
      COLLECTOR_METRICS_PORT: '0',
      COLLECTOR_INSTANCE_ID: 'collector-a',
      INFLUX_MAX_IN_FLIGHT: '8',
    });
    expect(config.sink).toEqual({
      spoolMaxBytes: 512 * 1024 * 1024,
      writeTimeoutMs: 10_000,
      maxInFlight: 8,
    });
    expect(config.observability).toEqual({ metricsPort: 0, instanceId: 'collector-a' });
    expect(loadConfig({ SPOOL_MAX_BYTES: '0' }).sink?.spoolMaxBytes).toBe(0);

    let error: unknown;
    try {
      loadConfig({
        SPOOL_MAX_BYTES: '1MiB',
        COLLECTOR_METRICS_PORT: '70000',
        COLLECTOR_INSTANCE_ID: 'a b',
      });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'COLLECTOR_INSTANCE_ID',
      'COLLECTOR_METRICS_PORT',
      'SPOOL_MAX_BYTES',
    ]);
  });

  it('takes the lease owner from COLLECTOR_INSTANCE_ID, else from the host and the state directory', () => {
    expect(
      loadConfig({
        COLLECTOR_INSTANCE_ID: 'heating-a',
        COLLECTOR_LEASE_TTL_MS: '600',
        COLLECTOR_LEASE_ENABLED: 'false',
      }).lease,
    ).toEqual({ enabled: false, ttlMs: 600, owner: 'heating-a' });
    expect(loadConfig({ COLLECTOR_LEASE_ENABLED: '1' }).lease?.enabled).toBe(true);
    expect(loadConfig({ COLLECTOR_LEASE_ENABLED: '0' }).lease?.enabled).toBe(false);
    const a = loadConfig({ COLLECTOR_STATE_DIR: '/var/lib/collector-a' }).lease?.owner;
    const b = loadConfig({ COLLECTOR_STATE_DIR: '/var/lib/collector-b' }).lease?.owner;
    expect(a).toBe(`${hostname()}:/var/lib/collector-a`);
    expect(a).not.toBe(b);
    expect(loadConfig({ COLLECTOR_INSTANCE_ID: '' }).lease?.owner).toBe(
      `${hostname()}:${resolve('.data/collectors')}`,
    );
  });

  it('refuses a bad lease flag and a ttl out of range, listing both', () => {
    for (const [enabled, ttl] of [
      ['yes', '299'],
      ['TRUE', '600001'],
      ['on', '15s'],
      ['-1', '-600'],
    ]) {
      let error: unknown;
      try {
        loadConfig({ COLLECTOR_LEASE_ENABLED: enabled, COLLECTOR_LEASE_TTL_MS: ttl });
      } catch (err) {
        error = err;
      }
      expect(error, `${enabled} ${ttl}`).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'COLLECTOR_LEASE_ENABLED',
        'COLLECTOR_LEASE_TTL_MS',
      ]);
      expect(problems.find((p) => p.startsWith('COLLECTOR_LEASE_ENABLED'))).toContain(
        'must be true, false, 1 or 0',
      );
    }
  });
});

const DOC = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url));

describe('configuration reference - docs/configuration.md (collectors)', () => {
  it('shows every variable once, each with a meaning', () => {
    const names = configReferenceSections().flatMap((section) => section.rows.map((r) => r.name));
    expect(names.toSorted()).toEqual(CONFIG_VARIABLES.toSorted());
    for (const section of configReferenceSections()) expect(section.rows.length).toBeGreaterThan(0);
  });

  it('shows the host-name default as prose, not the host this runs on', () => {
    const rows = configReferenceSections().flatMap((section) => section.rows);
    expect(rows.find((r) => r.name === 'COLLECTOR_INSTANCE_ID')).toMatchObject({
      defaultNote: 'the host name',
    });
    expect(rows.find((r) => r.name === 'LOG_LEVEL')?.values).toEqual([
      'debug',
      'info',
      'warn',
      'error',
    ]);
  });

  it('is up to date (UPDATE_CONFIG_REFERENCE=1 rewrites it)', async () => {
    let committed = '';
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      // missing: renderConfigReference says which section it cannot find
    }
    const options = (await resolveConfig(DOC)) ?? {};
    const expected = await format(renderConfigReference(committed), {
      ...options,
      parser: 'markdown',
    });
    if (process.env.UPDATE_CONFIG_REFERENCE === '1') {
      writeFileSync(DOC, expected);
      committed = expected;
    }
    expect(
      committed,
      `docs/configuration.md's collectors tables differ from EnvSchema's descriptions and defaults: run \`${CONFIG_REFERENCE_COMMAND}\``,
    ).toBe(expected);
  });
});
