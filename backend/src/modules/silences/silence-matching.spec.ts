import { describe, expect, it } from 'vitest';
import {
  type SilenceTarget,
  type SilenceWindow,
  matchesSilence,
  pickSilence,
  silenceState,
  silencedNote,
} from './silence-matching.js';

const T = Date.parse('2026-11-26T08:00:00Z');
const H = 3_600_000;

const silence = (overrides: Partial<SilenceWindow> = {}): SilenceWindow => ({
  id: 's1',
  matchers: { assetId: 'IS-0001' },
  startsAt: T,
  endsAt: T + 2 * H,
  reason: '锅炉检修',
  ...overrides,
});

const target: SilenceTarget = {
  assetId: 'IS-0001',
  district: '120101',
  domain: 'heating',
  ruleId: 'indoor-temp-low',
};

describe('silenceState', () => {
  it.each([
    [T - 1, 'pending'],
    [T, 'active'],
    [T + 2 * H - 1, 'active'],
    [T + 2 * H, 'expired'],
  ] as const)('at %i is %s', (at, state) => {
    expect(silenceState(silence(), at)).toBe(state);
  });
});

describe('matchesSilence at the event time', () => {
  it.each([
    ['the asset inside the window', {}, target, T + H, true],
    ['a reading before the window starts', {}, target, T - 1, false],
    ['a reading at the very start', {}, target, T, true],
    ['a reading at the end (end is exclusive)', {}, target, T + 2 * H, false],
    ['another asset', {}, { ...target, assetId: 'IS-0002' }, T + H, false],
    [
      'district and domain both matching',
      { matchers: { district: '120101', domain: 'heating' } },
      target,
      T + H,
      true,
    ],
    [
      'district matching but domain not (all given must match)',
      { matchers: { district: '120101', domain: 'waterlogging' } },
      target,
      T + H,
      false,
    ],
    ['a rule', { matchers: { ruleId: 'indoor-temp-low' } }, target, T + H, true],
    ['another rule', { matchers: { ruleId: 'underpass-depth' } }, target, T + H, false],
    [
      'a district matcher against an incident without a district',
      { matchers: { district: '120101' } },
      { ...target, district: null },
      T + H,
      false,
    ],
    ['no matcher at all (never silences everything)', { matchers: {} }, target, T + H, false],
    [
      'a hostile matcher value compared as plain text',
      { matchers: { assetId: "IS-0001' OR '1'='1" } },
      target,
      T + H,
      false,
    ],
  ] as const)('%s → %s', (_, overrides, t, at, expected) => {
    expect(matchesSilence(silence(overrides as Partial<SilenceWindow>), t, at)).toBe(expected);
  });
});

describe('pickSilence', () => {
  it('picks, of overlapping silences, the one that ends last', () => {
    const short = silence({ id: 'a', endsAt: T + H });
    const long = silence({ id: 'b', matchers: { district: '120101' }, endsAt: T + 5 * H });
    const other = silence({ id: 'c', matchers: { assetId: 'IS-9' }, endsAt: T + 9 * H });
    expect(pickSilence([short, long, other], target, T + 30 * 60_000)?.id).toBe('b');
    expect(pickSilence([long, short], target, T + 30 * 60_000)?.id).toBe('b');
  });

  it('breaks ties by the earlier start, then the id, whatever the order', () => {
    const a = silence({ id: 'b2', startsAt: T - H });
    const b = silence({ id: 'a1', startsAt: T - H });
    const c = silence({ id: 'a0', startsAt: T });
    expect(pickSilence([c, a, b], target, T + 1)?.id).toBe('a1');
    expect(pickSilence([b, c, a], target, T + 1)?.id).toBe('a1');
  });

  it('finds none after every silence has ended', () => {
    expect(pickSilence([silence()], target, T + 3 * H)).toBeNull();
    expect(pickSilence([], target, T)).toBeNull();
  });
});

describe('silencedNote', () => {
  it('names the silence and its reason', () => {
    expect(silencedNote({ id: 's1', reason: '锅炉检修' })).toBe('silenced by s1 (锅炉检修)');
  });
});
