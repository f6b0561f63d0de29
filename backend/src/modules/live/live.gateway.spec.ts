import { LIVE_ROOM_ALL, liveDistrictRoom } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { liveSessionRoom, liveTokenRoom } from '../../infra/live/live-publisher.js';
import { liveRoomsOf } from './live.gateway.js';

describe('liveRoomsOf', () => {
  it('puts a whole-city session in the city room and its own', () => {
    expect(
      liveRoomsOf({
        username: 'a',
        role: 'operator',
        districts: null,
        via: 'session',
        sessionId: 's1',
      }),
    ).toEqual([LIVE_ROOM_ALL, liveSessionRoom('s1')]);
  });

  it('puts a district-limited caller in its districts’ rooms only, never the city’s', () => {
    const rooms = liveRoomsOf({
      username: 'token:t1',
      role: 'display',
      districts: ['120101', '120103'],
      via: 'display',
      tokenId: 't1',
    });
    expect(rooms).toEqual([
      liveDistrictRoom('120101'),
      liveDistrictRoom('120103'),
      liveTokenRoom('t1'),
    ]);
    expect(rooms).not.toContain(LIVE_ROOM_ALL);
  });
});
