import { RULE_TYPES, RuleSchema } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { canBacktest, RULE_TEMPLATE_TYPES, ruleTemplate } from './ruleTemplates';

describe('new rule templates', () => {
  it('offers every kind, each a valid, disabled rule at version 1 with a fresh id', () => {
    expect(RULE_TEMPLATE_TYPES).toEqual(RULE_TYPES);
    for (const type of RULE_TEMPLATE_TYPES) {
      const rule = ruleTemplate(type);
      expect(RuleSchema.parse(rule)).toEqual(rule);
      expect(rule).toMatchObject({ type, enabled: false, version: 1 });
      expect(rule.id).toMatch(/^new-/);
    }
  });

  it('does not share arrays with the default pack', () => {
    const a = ruleTemplate('threshold');
    if (a.type === 'threshold') a.levels.pop();
    const b = ruleTemplate('threshold');
    expect(b.type === 'threshold' && b.levels.length).toBeGreaterThan(
      a.type === 'threshold' ? a.levels.length : 0,
    );
  });

  it('backtests telemetry rules only', () => {
    expect(canBacktest('threshold')).toBe(true);
    expect(canBacktest('no_data')).toBe(true);
    expect(canBacktest('window')).toBe(true);
    expect(canBacktest('case_time_limit')).toBe(false);
    expect(canBacktest('case_cluster')).toBe(false);
  });
});
