import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readingTopic, redisKeys } from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCollectors, type RunningCollectors } from '../../src/app.js';
import { heatingSourceName } from '../../src/domains/heating/heating-http-source.js';
import type { CollectorConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import type { MqttSource } from '../../src/sources/mqtt/mqtt-source.js';
import { tianjinIso } from './support/fake-scada.js';
import { CollectorHarness, TEST_TUNING, waitFor } from './support/harness.js';
import { MqttTestSpace } from './support/mqtt-test.js';
import { REDIS_TEST_URL } from './support/redis-test.js';
import { testSources } from './support/source-settings.js';
import { freePort, startTcpProxy } from './support/tcp-proxy.js';

const TTL = 600;

const indoor = (i: number) => ({
  sensorId: `IS-000${1 + (i % 3)}`,
  ts: tianjinIso(3000 - i),
  metrics: { indoorTempC: 20 + (i % 50) / 10 },
});

interface Instance {
  id: string;
  running: RunningCollectors;
  logs: { msg: string; [k: string]: unknown }[];
  metricsPort: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one active collector per source through a Redis lease', () => {
  let h: CollectorHarness;
  let instances: Instance[];
  let dirs: string[];
  let proxies: Awaited<ReturnType<typeof startTcpProxy>>[];
  let feeder: NodeJS.Timeout | null;
  let fed: number;

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    instances = [];
    dirs = [];
    proxies = [];
    feeder = null;
    fed = 0;
  });
  afterEach(async () => {
    if (feeder) clearInterval(feeder);
    await Promise.all(instances.map((i) => i.running.stop()));
    await Promise.all(proxies.map((p) => p.close()));
    await h.tearDown();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  const source = () => heatingSourceName(h.scada.url);
  const leaseKey = () => redisKeys(h.redis.prefix).collectorLease(source());
  const redisCursor = async () => {
    const text = await h.redis.redis.get(redisKeys(h.redis.prefix).collectorCheckpoint(source()));
    return text === null ? null : (JSON.parse(text) as { cursor: string }).cursor;
  };
  /** Requests each instance made: each reaches the gateway under a base path of its own. */
  const requestsBy = (id: string) =>
    h.scada.paths.filter((p) => p === `/${id}/heating/readings`).length;
  const firstRequestBy = (id: string) =>
    h.scada.requests[h.scada.paths.indexOf(`/${id}/heating/readings`)];
  const state = (i: Instance) => i.running.leases[0]!.state;

  async function start(
    id: string,
    over: {
      ttlMs?: number;
      redisUrl?: string;
      stateDir?: string;
      sources?: CollectorConfig['sources'];
    } = {},
  ): Promise<Instance> {
    const stateDir = over.stateDir ?? (await mkdtemp(join(tmpdir(), `collectors-lease-${id}-`)));
    dirs.push(stateDir);
    const logs: Instance['logs'] = [];
    const logger = createLogger('debug', (line) =>
      logs.push(JSON.parse(line) as Instance['logs'][number]),
    );
    const metricsPort = await freePort();
    const running = startCollectors(
      h.config({
        pageLimit: 5,
        stateDir,
        heatingUrl: h.scada.url.replace(/\/heating$/, `/${id}/heating`),
        lease: { enabled: true, ttlMs: over.ttlMs ?? TTL, owner: id },
        observability: { metricsPort, instanceId: `lease-test-${id}` },
        ...(over.redisUrl ? { redisUrl: over.redisUrl } : {}),
        ...(over.sources ? { sources: over.sources } : {}),
      }),
      logger,
      TEST_TUNING,
    );
    const instance = { id, running, logs, metricsPort };
    instances.push(instance);
    return instance;
  }

  /** A gateway whose readings keep growing, one every 20 ms. */
  const feed = () => {
    feeder = setInterval(() => h.scada.add(indoor(fed++)), 20);
  };
  const stopFeeding = () => {
    if (feeder) clearInterval(feeder);
    feeder = null;
  };

  /**
   * Everything the gateway served is in InfluxDB exactly once and was evaluated. A page in flight
   * when a holder lost its lease is read again by the next holder: the same points, and when the
   * page has grown meanwhile, an evaluate job that repeats its readings (at most `pagesInFlight`
   * pages of 5; the backend ignores repeats). A clean hand-over repeats nothing.
   */
  async function expectEveryReadingOnce(pagesInFlight = 0): Promise<void> {
    await waitFor('the last page checkpointed', async () => (await redisCursor()) === String(fed));
    const points = await h.influx.points('heating');
    expect(points).toHaveLength(fed);
    expect(new Set(points.map((p) => `${String(p.assetId)}@${String(p.time)}`)).size).toBe(fed);
    const evaluated = await h.redis.allEvaluatedReadings();
    expect(new Set(evaluated.map((r) => `${r.sensorId}@${r.ts}`)).size).toBe(fed);
    expect(evaluated.length).toBeGreaterThanOrEqual(fed);
    expect(evaluated.length).toBeLessThanOrEqual(fed + 5 * pagesInFlight);
  }

  async function redisProxy(): Promise<{ url: string; port: number }> {
    const target = new URL(REDIS_TEST_URL);
    const port = await freePort();
    proxies.push(await startTcpProxy(port, target.hostname, Number(target.port || 6379)));
    const url = new URL(REDIS_TEST_URL);
    url.port = String(port);
    return { url: url.toString(), port };
  }

  it('lets exactly one of two instances poll the source; the other stands by and says so on /health and /metrics', async () => {
    const a = await start('a');
    const b = await start('b');
    feed();
    await waitFor('one holder', () => state(a) === 'active' || state(b) === 'active');
    const [holder, standby] = state(a) === 'active' ? [a, b] : [b, a];
    await sleep(1500);
    expect(state(holder)).toBe('active');
    expect(state(standby)).toBe('standby');
    expect(requestsBy(holder.id)).toBeGreaterThan(5);
    expect(requestsBy(standby.id)).toBe(0);
    expect(await h.redis.redis.get(leaseKey())).toBe(holder.id);

    const health = await fetch(`http://127.0.0.1:${standby.metricsPort}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as {
      checks: Record<string, { ok: boolean; detail?: string }>;
    };
    expect(body.checks.lease).toMatchObject({
      ok: true,
      detail: `standby: ${source()} (held by ${holder.id})`,
    });
    const holderHealth = (await (
      await fetch(`http://127.0.0.1:${holder.metricsPort}/health`)
    ).json()) as typeof body;
    expect(holderHealth.checks.lease?.detail).toBe(`active: ${source()}`);
    const gauge = `cityops_collector_lease_held{source="${source()}"}`;
    const metrics = async (i: Instance) =>
      (await fetch(`http://127.0.0.1:${i.metricsPort}/metrics`)).text();
    expect(await metrics(holder)).toContain(`${gauge} 1`);
    expect(await metrics(standby)).toContain(`${gauge} 0`);

    stopFeeding();
    await expectEveryReadingOnce();
  });

  it('hands the source over when the holder stops: the standby resumes at the holder’s checkpoint, nothing lost or repeated', async () => {
    const a = await start('a');
    await waitFor('a holds the lease', () => state(a) === 'active');
    const b = await start('b');
    await waitFor('b stands by', () =>
      b.logs.some((l) => l.msg === 'standby: another instance holds the lease'),
    );
    feed();
    await sleep(800);
    await a.running.stop();
    instances.splice(instances.indexOf(a), 1);
    const stoppedAt = Date.now();
    const handedOver = await redisCursor();
    const aRequests = requestsBy('a');
    expect(Number(handedOver)).toBeGreaterThan(10);

    await waitFor('b takes over', () => state(b) === 'active', 3000);
    // A clean stop releases the lease: no need to wait for the ttl.
    expect(Date.now() - stoppedAt).toBeLessThan(TTL);
    await waitFor('b polls', () => requestsBy('b') > 0);
    expect(firstRequestBy('b')).toBe(handedOver);

    await sleep(500);
    stopFeeding();
    await expectEveryReadingOnce();
    expect(requestsBy('a')).toBe(aRequests);
  });

  it('stops a holder that cannot reach Redis for a whole ttl; the standby takes over within about the ttl and reads the page in flight again', async () => {
    const proxy = await redisProxy();
    const a = await start('a', { redisUrl: proxy.url });
    await waitFor('a holds the lease', () => state(a) === 'active');
    const b = await start('b');
    feed();
    await sleep(800);

    await proxies.pop()!.close();
    const cutAt = Date.now();
    await waitFor('b takes over', () => state(b) === 'active', 5000);
    const takeover = Date.now() - cutAt;
    expect(takeover).toBeGreaterThanOrEqual(TTL - 250);
    expect(takeover).toBeLessThan(TTL + 1000);
    await waitFor(
      'a gave its source up',
      () => state(a) === 'standby' && !a.running.leases[0]!.current,
    );
    expect(a.logs.some((l) => l.msg.startsWith('lease lost'))).toBe(true);
    const aRequests = requestsBy('a');

    await sleep(600);
    // Redis comes back for a: it stands by, it does not take the source back.
    proxies.push(
      await startTcpProxy(
        proxy.port,
        new URL(REDIS_TEST_URL).hostname,
        Number(new URL(REDIS_TEST_URL).port || 6379),
      ),
    );
    await sleep(800);
    stopFeeding();
    await expectEveryReadingOnce(1);
    expect(requestsBy('a')).toBe(aRequests);
    expect(state(a)).toBe('standby');
    expect(await h.redis.redis.get(leaseKey())).toBe('b');
  });

  it('stops polling when its lease is stolen, cannot move the checkpoint meanwhile, and resumes from it once the lease is free', async () => {
    const a = await start('a');
    await waitFor('a holds the lease', () => state(a) === 'active');
    feed();
    await sleep(600);
    await h.redis.redis.set(leaseKey(), 'intruder', 'PX', 30_000);
    await waitFor(
      'a stopped its source',
      () => state(a) === 'standby' && !a.running.leases[0]!.current,
      2000,
    );
    const cursor = await redisCursor();
    const requests = requestsBy('a');
    await sleep(800);
    expect(requestsBy('a')).toBe(requests);
    expect(await redisCursor()).toBe(cursor);
    expect(a.running.sources).toHaveLength(0);

    await h.redis.redis.del(leaseKey());
    await waitFor('a takes the lease back', () => state(a) === 'active', 2000);
    await waitFor('a polls again', () => requestsBy('a') > requests);
    // Only a polls this gateway: its first request after the lease came back.
    expect(h.scada.requests[requests]).toBe(cursor);
    await sleep(300);
    stopFeeding();
    await expectEveryReadingOnce(1);
  });

  it('keeps the source through a Redis blip shorter than half the ttl, without a flap to the standby', async () => {
    const ttlMs = 1500;
    const proxy = await redisProxy();
    const a = await start('a', { redisUrl: proxy.url, ttlMs });
    await waitFor('a holds the lease', () => state(a) === 'active');
    const b = await start('b', { ttlMs });
    await waitFor('b stands by', () =>
      b.logs.some((l) => l.msg === 'standby: another instance holds the lease'),
    );
    const states = new Set<string>();
    const sampler = setInterval(() => states.add(state(a)), 10);
    feed();
    await sleep(500);
    const before = await redisCursor();
    proxies[0]!.stall();
    await sleep(600);
    // Nothing of a's reached Redis meanwhile: its checkpoint stood still.
    expect(await redisCursor()).toBe(before);
    proxies[0]!.resume();
    await sleep(2 * ttlMs);
    clearInterval(sampler);

    expect([...states]).toEqual(['active']);
    expect(a.logs.filter((l) => l.msg.startsWith('lease lost'))).toEqual([]);
    expect(b.logs.some((l) => l.msg.startsWith('lease acquired'))).toBe(false);
    expect(requestsBy('b')).toBe(0);
    expect(Number(await redisCursor())).toBeGreaterThan(Number(before));
    stopFeeding();
    await expectEveryReadingOnce();
  });

  it('gives a restarted instance with the same id its lease back at once, without waiting for the ttl', async () => {
    h.scada.add(...Array.from({ length: 12 }, (_, i) => indoor(i)));
    fed = 12;
    const a = await start('a');
    await waitFor('a read everything', async () => (await redisCursor()) === '12');
    const dir = dirs[0]!;
    await a.running.stop();
    instances.splice(instances.indexOf(a), 1);
    // As a SIGKILL leaves it: the lease still names a, for a long while.
    await h.redis.redis.set(leaseKey(), 'a', 'PX', 60_000);
    const b = await start('b');
    await waitFor('b stands by', () =>
      b.logs.some((l) => l.msg === 'standby: another instance holds the lease'),
    );

    const restartedAt = Date.now();
    const again = await start('a', { stateDir: dir });
    await waitFor('a is back', () => state(again) === 'active', 2000);
    expect(Date.now() - restartedAt).toBeLessThan(TTL);
    h.scada.add(indoor(12), indoor(13));
    fed = 14;
    await expectEveryReadingOnce();
    expect(requestsBy('b')).toBe(0);
    expect(state(b)).toBe('standby');
  });

  it('starts a lone instance at once and picks up the file checkpoint when Redis has none yet', async () => {
    h.scada.add(...Array.from({ length: 7 }, (_, i) => indoor(i)));
    fed = 7;
    // The position a collector without a lease saved (COLLECTOR_LEASE_ENABLED switched on later).
    h.startCollector({ pageLimit: 5 });
    await waitFor('the file checkpoint', async () => (await h.checkpointCursor()) === '7');
    await h.stopCollector();
    expect(await redisCursor()).toBeNull();

    const startedAt = Date.now();
    const a = await start('a', { stateDir: h.stateDir });
    dirs.pop();
    await waitFor('a is active', () => state(a) === 'active', 1000);
    expect(Date.now() - startedAt).toBeLessThan(TTL);
    await waitFor('a polls', () => requestsBy('a') > 0);
    expect(firstRequestBy('a')).toBe('7');
    h.scada.add(indoor(7), indoor(8));
    fed = 9;
    await expectEveryReadingOnce();
    expect(await h.checkpointCursor()).toBe('9');
  });
  it('connects only the MQTT holder; the standby takes over the same client id’s session with what was published meanwhile', async () => {
    const mqtt = new MqttTestSpace();
    const wl = mqtt.sensor('WL', 1);
    await h.redis.registerAssets({
      [wl]: { domain: 'waterlogging', kind: 'underpass', district: '120103' },
    });
    const sources = testSources(['mqtt'], { mqttClientId: mqtt.clientId });
    const mine = async () =>
      (await h.influx.points('waterlogging')).filter((p) => p.assetId === wl);
    const publish = (i: number) =>
      mqtt.publish(
        readingTopic('waterlogging', wl),
        JSON.stringify({ ts: tianjinIso(60 - i), metrics: { depthCm: 10 + i } }),
      );
    try {
      const a = await start('a', { sources });
      await waitFor('a holds the lease', () => state(a) === 'active');
      const b = await start('b', { sources });
      await waitFor('b stands by', () =>
        b.logs.some((l) => l.msg === 'standby: another instance holds the lease'),
      );
      await waitFor('a subscribed', () => a.logs.some((l) => l.msg === 'mqtt subscribed'));
      // The standby has no MQTT client at all: it cannot take the shared session.
      expect(b.running.sources).toHaveLength(0);
      expect(b.logs.some((l) => l.msg === 'mqtt connected')).toBe(false);
      await publish(0);
      await waitFor('a stores the first reading', async () => (await mine()).length === 1);

      await a.running.stop();
      instances.splice(instances.indexOf(a), 1);
      for (let i = 1; i <= 4; i++) await publish(i);
      await waitFor('b takes over', () => state(b) === 'active', 3000);
      await waitFor(
        'the readings published around the hand-over',
        async () => (await mine()).length === 5,
      );
      expect((await mine()).map((p) => p.depthCm)).toEqual([10, 11, 12, 13, 14]);
      const connectedB = b.logs.find((l) => l.msg === 'mqtt connected');
      expect(connectedB).toMatchObject({ clientId: mqtt.clientId, sessionPresent: true });
      const source = b.running.sources[0] as MqttSource;
      await waitFor('b acknowledged them', () => source.counts.acked >= 1);
      const evaluated = (await h.redis.allEvaluatedReadings()).filter((r) => r.sensorId === wl);
      expect(new Set(evaluated.map((r) => r.ts)).size).toBe(5);
    } finally {
      await Promise.all(instances.map((i) => i.running.stop()));
      instances.length = 0;
      await mqtt.cleanUp();
    }
  });
});
