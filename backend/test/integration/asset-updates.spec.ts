import { type AssetFeature, LiveEvent } from '@cityops/contracts';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_UPDATE_FLUSH_MS } from '../../src/modules/assets/asset-updates.publisher.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { eventually } from './support/test-env.js';

describe('asset.updated live events are coalesced per asset', () => {
  let h: PipelineHarness;
  let socket: Socket;
  const received: { at: number; feature: AssetFeature }[] = [];

  beforeAll(async () => {
    h = await PipelineHarness.start(
      'pglite',
      [
        'IS-AU-0001,heating,indoor_sensor,南京路 1,120101,117.19,39.12,',
        'IS-AU-0002,heating,indoor_sensor,南京路 2,120101,117.19,39.12,',
      ].join('\n'),
      { ALERT_TICKS: 'off' },
    );
    socket = io(h.api.baseUrl, {
      path: '/socket.io',
      auth: { token: h.api.token },
      transports: ['websocket'],
    });
    socket.on(LiveEvent.AssetUpdated, (feature: AssetFeature) =>
      received.push({ at: Date.now(), feature }),
    );
    await eventually(async () => socket.connected, 10_000, 'socket connection');
  });

  afterAll(async () => {
    socket?.disconnect();
    await h?.stop();
  });

  it('sends one event per changed asset per flush, with its newest value, and none for unknown sensors', async () => {
    const t0 = Date.now() - 60_000;
    const started = Date.now();
    // Five batches for IS-AU-0001 in quick succession, one for IS-AU-0002, one for a stranger.
    for (let i = 0; i < 5; i++)
      await h.readings([
        { sensorId: 'IS-AU-0001', ts: t0 + i * 1000, metrics: { indoorTempC: 20 + i } },
      ]);
    await h.readings([
      { sensorId: 'IS-AU-0002', ts: t0, metrics: { indoorTempC: 21 } },
      { sensorId: 'IS-UNKNOWN', ts: t0, metrics: { indoorTempC: 21 } },
    ]);

    await eventually(
      async () => received.some((r) => r.feature.properties.id === 'IS-AU-0002'),
      5_000,
      'the update of IS-AU-0002',
    );
    // Let a further flush pass: nothing more may come for these assets.
    await new Promise((r) => setTimeout(r, ASSET_UPDATE_FLUSH_MS * 2));

    const first = received.filter((r) => r.feature.properties.id === 'IS-AU-0001');
    const second = received.filter((r) => r.feature.properties.id === 'IS-AU-0002');
    // The five batches took well under a second or two: at most one event per flush window.
    const windows = Math.ceil((Date.now() - started) / ASSET_UPDATE_FLUSH_MS);
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first.length).toBeLessThan(5);
    expect(first.length).toBeLessThanOrEqual(windows);
    expect(first.at(-1)!.feature.properties.latest).toMatchObject({ indoorTempC: 24 });
    expect(second).toHaveLength(1);
    expect(received.some((r) => r.feature.properties.id === 'IS-UNKNOWN')).toBe(false);
  });
});
