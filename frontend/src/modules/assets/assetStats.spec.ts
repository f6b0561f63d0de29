import { describe, expect, it } from 'vitest';
import { makeAsset } from '../map/makeAsset';
import { assetStats } from './assetStats';

describe('assetStats', () => {
  it('counts assets in alarm as online, offline and unknown ones as not', () => {
    const stats = assetStats({
      type: 'FeatureCollection',
      features: [
        makeAsset({ id: '1', status: 'ok' }),
        makeAsset({ id: '2', status: 'alarm' }),
        makeAsset({ id: '3', status: 'offline' }),
        makeAsset({ id: '4', status: 'unknown', domain: 'waterlogging', kind: 'underpass' }),
      ],
    });
    expect(stats).toEqual({
      total: 4,
      online: 2,
      alarm: 1,
      offline: 1,
      byDomain: { heating: { total: 3, online: 2 }, waterlogging: { total: 1, online: 0 } },
    });
  });

  it('is all zero before the assets have loaded', () => {
    expect(assetStats(undefined)).toEqual({
      total: 0,
      online: 0,
      alarm: 0,
      offline: 0,
      byDomain: {},
    });
  });
});
