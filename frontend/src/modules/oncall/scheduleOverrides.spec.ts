import {
  OncallScheduleUpdateSchema,
  type OncallSchedule,
  type ScheduleOverride,
} from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import {
  sameOverride,
  scheduleUpdateBody,
  withOverride,
  withoutOverride,
} from './scheduleOverrides';

const existing: ScheduleOverride = {
  memberId: 'li-si',
  from: '2026-11-27T00:00:00Z',
  to: '2026-11-27T12:00:00Z',
  reason: '病假',
};

const schedule: OncallSchedule = {
  id: 'heating-primary',
  teamId: 'heating',
  name: '供热主班',
  timeZone: 'Asia/Shanghai',
  layers: [
    {
      name: '主班',
      rotation: {
        type: 'daily',
        handoffTime: '08:00',
        startsAt: '2026-11-01',
        members: ['zhang-san', 'li-si'],
      },
    },
  ],
  overrides: [existing],
  createdBy: 'admin',
  createdAt: '2026-11-01T00:00:00Z',
  updatedBy: 'admin',
  updatedAt: '2026-11-01T00:00:00Z',
};

const added: ScheduleOverride = {
  memberId: 'zhang-san',
  from: '2026-11-26T03:00:00.000Z',
  to: '2026-11-26T04:00:00.000Z',
  reason: '换班',
};

describe('schedule PUT bodies', () => {
  it('sends the whole schedule without id and bookkeeping, accepted by the contract', () => {
    const body = scheduleUpdateBody(schedule);
    expect(body).toEqual({
      teamId: 'heating',
      name: '供热主班',
      timeZone: 'Asia/Shanghai',
      layers: schedule.layers,
      overrides: [existing],
    });
    expect(OncallScheduleUpdateSchema.safeParse(body).success).toBe(true);
  });

  it('leaves a null name out (the contract takes a string or nothing)', () => {
    const body = scheduleUpdateBody({ ...schedule, name: null });
    expect('name' in body).toBe(false);
    expect(OncallScheduleUpdateSchema.safeParse(body).success).toBe(true);
  });

  it('adds an override, keeping the layers and the others, in order of start', () => {
    const body = withOverride(schedule, added);
    expect(body.overrides).toEqual([added, existing]);
    expect(body.layers).toBe(schedule.layers);
    expect(OncallScheduleUpdateSchema.safeParse(body).success).toBe(true);
    expect(schedule.overrides).toEqual([existing]); // the schedule read is left alone
  });

  it('removes the override named, whatever the ISO spelling', () => {
    const twice = { ...schedule, overrides: [added, existing] };
    const body = withoutOverride(twice, { ...existing, from: '2026-11-27T08:00:00+08:00' });
    expect(body?.overrides).toEqual([added]);
    expect(OncallScheduleUpdateSchema.safeParse(body).success).toBe(true);
  });

  it('sends nothing when the override is gone already', () => {
    expect(withoutOverride(schedule, added)).toBeNull();
  });

  it('tells overrides apart by member and window', () => {
    expect(sameOverride(existing, { ...existing, reason: '别的原因' })).toBe(true);
    expect(sameOverride(existing, { ...existing, memberId: 'zhang-san' })).toBe(false);
    expect(sameOverride(existing, { ...existing, to: '2026-11-27T13:00:00Z' })).toBe(false);
  });
});
