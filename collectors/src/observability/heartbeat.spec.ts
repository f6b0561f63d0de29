import { CollectorHeartbeatSchema } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { Heartbeat, buildHeartbeat, type HeartbeatStore } from './heartbeat.js';
import { silentLogger } from './logger.js';
import { CollectorStats } from './stats.js';

class MemoryStore implements HeartbeatStore {
  readonly values = new Map<string, { value: string; ttlMs: number }>();
  fail = false;
  async set(key: string, value: string, _px: 'PX', ms: number) {
    if (this.fail) throw new Error('redis down');
    this.values.set(key, { value, ttlMs: ms });
  }
  async del(key: string) {
    this.values.delete(key);
  }
}

describe('heartbeat', () => {
  it('describes the instance in the shape the backend reads', () => {
    const stats = new CollectorStats(() => 10_000);
    stats.registerSource('heating-http:a');
    stats.recordAccepted('heating-http:a', 1, 4_000);
    stats.attachSink(() => ({
      inFlight: 0,
      maxInFlight: 4,
      waiting: 0,
      accepting: true,
      spool: {
        bytes: 2048,
        maxBytes: 1 << 30,
        segments: 1,
        records: 1,
        points: 1,
        oldestSpooledAt: 9000,
        full: false,
        alarm: false,
        problem: null,
      },
    }));
    const beat = buildHeartbeat(stats, 10_000);
    expect(CollectorHeartbeatSchema.parse(beat)).toEqual({
      ts: 10_000,
      sources: [{ name: 'heating-http:a', lagMs: 6_000, lastError: null }],
      spoolBytes: 2048,
    });
  });

  it('writes the key with a 30 s expiry, survives Redis failing, and removes the key on stop', async () => {
    const store = new MemoryStore();
    const heartbeat = new Heartbeat(
      store,
      'cityops:collectors:host-1',
      new CollectorStats(),
      silentLogger,
    );
    await heartbeat.beat(1234);
    expect(store.values.get('cityops:collectors:host-1')).toEqual({
      value: JSON.stringify({ ts: 1234, sources: [], spoolBytes: 0 }),
      ttlMs: 30_000,
    });
    store.fail = true;
    await expect(heartbeat.beat()).resolves.toBeUndefined();
    store.fail = false;
    await heartbeat.stop();
    expect(store.values.size).toBe(0);
  });
});
