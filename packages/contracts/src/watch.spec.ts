import { describe, expect, it } from 'vitest';
import { BacktestDraftRequestSchema, BacktestRequestSchema } from './backtest.js';
import { LIVE_EVENT_SCHEMAS, LiveEvent } from './live-events.js';
import { TIMELINE_EVENT_TYPES } from './incidents.js';
import { DEFAULT_RULES, RuleSchema } from './rules.js';
import { WatchEndBodySchema, WatchModeSchema, WatchStartBodySchema } from './watch.js';

const byId = (id: string) => DEFAULT_RULES.find((r) => r.id === id)!;
const issues = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }) =>
  function (input: unknown): string[] {
    const result = schema.safeParse(input) as
      | { success: true }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
    return result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  };
const ruleIssues = issues(RuleSchema);
const startIssues = issues(WatchStartBodySchema);

describe('the watch section of a rule', () => {
  it('is optional: rules stored before watch mode still parse unchanged', () => {
    for (const rule of DEFAULT_RULES) {
      const { watch: _watch, ...before } = rule;
      expect(RuleSchema.parse(before)).toEqual(before);
    }
  });

  it('ships steps in the default pack: 5 cm for underpasses in rainstorms, 1 °C indoors in cold waves', () => {
    expect(byId('underpass-depth').watch).toEqual({ rainstorm: { step: 5 } });
    expect(byId('indoor-temp-low').watch).toEqual({ cold_wave: { step: 1 } });
    expect(byId('waterlogging-sensor-offline').watch).toEqual({ rainstorm: { step: 1 } });
    expect(byId('heating-sensor-offline').watch).toEqual({ cold_wave: { step: 1 } });
    expect(byId('rainstorm-signal').watch).toBeUndefined();
  });

  it('refuses an unknown watch kind and a step that is not positive', () => {
    const rule = byId('underpass-depth');
    expect(ruleIssues({ ...rule, watch: { typhoon: { step: 1 } } })).toEqual([
      'watch: Unrecognized key: "typhoon"',
    ]);
    expect(ruleIssues({ ...rule, watch: { rainstorm: { step: 0 } } })).toHaveLength(1);
    expect(ruleIssues({ ...rule, watch: { rainstorm: { step: -5 } } })).toHaveLength(1);
    expect(ruleIssues({ ...rule, watch: { rainstorm: { stpe: 5 } } })).toHaveLength(2);
  });

  it('keeps at least one silent interval for no-data rules, in whole intervals', () => {
    const rule = byId('waterlogging-sensor-offline');
    expect(ruleIssues({ ...rule, watch: { rainstorm: { step: 3 } } })).toEqual([
      'watch.rainstorm.step: step must be less than 3 (intervals)',
    ]);
    expect(ruleIssues({ ...rule, watch: { rainstorm: { step: 1.5 } } })).toEqual([
      'watch.rainstorm.step: step must be a whole number for this rule type',
    ]);
  });

  it('keeps some time for case time limits and at least two cases for clusters', () => {
    expect(
      ruleIssues({ ...byId('case-limit-garbage-pile'), watch: { rainstorm: { step: 4 } } }),
    ).toEqual(['watch.rainstorm.step: step must be less than 4 (hours)']);
    expect(
      ruleIssues({ ...byId('case-limit-garbage-pile'), watch: { rainstorm: { step: 3.5 } } }),
    ).toEqual([]);
    expect(ruleIssues({ ...byId('case-cluster'), watch: { cold_wave: { step: 2 } } })).toEqual([
      'watch.cold_wave.step: step must be less than 2 (minCases − 1: at least 2 cases must remain)',
    ]);
    expect(ruleIssues({ ...byId('case-cluster'), watch: { cold_wave: { step: 1 } } })).toEqual([]);
  });
});

describe('POST /api/watch body', () => {
  it('takes a kind, the city or a district, a reason and an optional end', () => {
    expect(
      WatchStartBodySchema.parse({
        kind: 'rainstorm',
        scope: '120101',
        reason: '  市气象台发布暴雨黄色预警  ',
        until: '2026-07-20T20:00:00+08:00',
      }),
    ).toEqual({
      kind: 'rainstorm',
      scope: '120101',
      reason: '市气象台发布暴雨黄色预警',
      until: '2026-07-20T20:00:00+08:00',
    });
    expect(startIssues({ kind: 'cold_wave', scope: 'city', reason: '寒潮' })).toEqual([]);
  });

  it('refuses hostile or unknown scopes, unknown kinds and extra fields', () => {
    for (const scope of ["120101' OR 1=1 --", 'City', '999999', '', 120101, 'city,120101']) {
      expect(startIssues({ kind: 'rainstorm', scope, reason: 'x' })).toEqual([
        'scope: scope must be "city" or a Tianjin district code such as 120101',
      ]);
    }
    expect(startIssues({ kind: 'typhoon', scope: 'city', reason: 'x' })).toEqual([
      'kind: kind must be one of rainstorm, cold_wave',
    ]);
    expect(startIssues({ kind: 'rainstorm', scope: 'city', reason: 'x', auto: true })).toEqual([
      '(body): Unrecognized key: "auto"',
    ]);
    expect(startIssues({ kind: 'rainstorm', scope: 'city', reason: '   ' })).toHaveLength(1);
    expect(startIssues({ kind: 'rainstorm', scope: 'city', reason: 'a\u0000b' })).toEqual([
      'reason: must not contain control characters',
    ]);
    expect(
      startIssues({ kind: 'rainstorm', scope: 'city', reason: 'x', until: 'tomorrow' }),
    ).toHaveLength(1);
  });

  it('takes an optional note to end a watch', () => {
    expect(WatchEndBodySchema.parse({})).toEqual({});
    expect(WatchEndBodySchema.parse({ note: '雨停' })).toEqual({ note: '雨停' });
    expect(WatchEndBodySchema.safeParse({ note: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('watch in the live contract', () => {
  it('announces watch changes with the REST DTO and records them on incident timelines', () => {
    expect(LiveEvent.WatchChanged).toBe('watch.changed');
    expect(LIVE_EVENT_SCHEMAS[LiveEvent.WatchChanged]).toBe(WatchModeSchema);
    expect(TIMELINE_EVENT_TYPES).toContain('watch_changed');
  });
});

describe('backtest requests', () => {
  const window = { from: '2026-07-20T00:00:00+08:00', to: '2026-07-21T00:00:00+08:00' };

  it('takes a window and optional narrowing', () => {
    expect(BacktestRequestSchema.parse({ ...window, district: '120101' })).toEqual({
      ...window,
      district: '120101',
    });
    expect(BacktestRequestSchema.safeParse({ ...window, assetIds: ['WL-0001'] }).success).toBe(
      true,
    );
    expect(BacktestRequestSchema.safeParse({ ...window, assetIds: ['WL 1; DROP'] }).success).toBe(
      false,
    );
    expect(BacktestRequestSchema.safeParse({ ...window, extra: 1 }).success).toBe(false);
    expect(BacktestRequestSchema.safeParse({ from: 'yesterday', to: window.to }).success).toBe(
      false,
    );
  });

  it('validates a draft rule like a new rule', () => {
    const draft = { ...byId('underpass-depth'), id: 'underpass-draft' };
    expect(BacktestDraftRequestSchema.safeParse({ rule: draft, ...window }).success).toBe(true);
    expect(
      BacktestDraftRequestSchema.safeParse({ rule: { ...draft, clear: 30 }, ...window }).success,
    ).toBe(false);
  });
});
