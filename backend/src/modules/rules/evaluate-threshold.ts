import { type Severity, type ThresholdRule, severityRank } from '@cityops/contracts';

export interface ThresholdEvaluation {
  /** Highest active level, or null when no level's condition holds. */
  severity: Severity | null;
  /** The clear condition holds (value back on the safe side of `clear`). */
  clear: boolean;
}

/** Which level a value reaches under a threshold rule, and whether it satisfies the clear condition. */
export function evaluateThreshold(rule: ThresholdRule, value: number): ThresholdEvaluation {
  let severity: Severity | null = null;
  for (const level of rule.levels) {
    const active = rule.direction === 'above' ? value >= level.value : value < level.value;
    if (active && (severity === null || severityRank(level.severity) > severityRank(severity))) {
      severity = level.severity;
    }
  }
  const clear = rule.direction === 'above' ? value < rule.clear : value >= rule.clear;
  return { severity, clear };
}

/** The rule's title with {asset} and {value} filled in. */
export function renderTitle(rule: ThresholdRule, assetName: string, value: number): string {
  return rule.title.replaceAll('{asset}', assetName).replaceAll('{value}', formatValue(value));
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
