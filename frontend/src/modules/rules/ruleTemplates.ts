import {
  BACKTEST_RULE_TYPES,
  DEFAULT_RULES,
  RULE_TYPES,
  type Rule,
  type RuleType,
} from '@cityops/contracts';

/**
 * The starting point of a new rule of a kind: the default pack's first rule of that kind, with a
 * fresh id, disabled (turn it on once a backtest looks right) and at version 1.
 */
export function ruleTemplate(type: RuleType): Rule {
  const base = DEFAULT_RULES.find((rule) => rule.type === type)!;
  return {
    ...structuredClone(base),
    id: `new-${type.replaceAll('_', '-')}`,
    enabled: false,
    version: 1,
  };
}

/** The kinds a new rule can start from, in the contracts' order. */
export const RULE_TEMPLATE_TYPES: readonly RuleType[] = RULE_TYPES.filter((type) =>
  DEFAULT_RULES.some((rule) => rule.type === type),
);

/** Whether a rule of this kind can be backtested (telemetry rules; case rules cannot). */
export function canBacktest(type: string): boolean {
  return (BACKTEST_RULE_TYPES as readonly string[]).includes(type);
}
