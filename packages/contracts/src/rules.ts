import { z } from 'zod';
import { AssetKindSchema, DomainSchema } from './domains.js';
import { MetricNameSchema } from './metrics.js';
import { SEVERITIES, SeveritySchema, severityRank } from './severity.js';

/**
 * A threshold rule with several severities in one rule and a separate clear value (hysteresis).
 * `below`: a level is active when value < level.value, and the alert clears when value >= clear.
 * `above`: a level is active when value >= level.value, and the alert clears when value < clear.
 */
export const ThresholdRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
    name: z.string().min(1).max(200),
    domain: DomainSchema,
    type: z.literal('threshold'),
    metric: MetricNameSchema,
    assetKinds: z.array(AssetKindSchema).min(1),
    direction: z.enum(['below', 'above']),
    levels: z
      .array(z.object({ severity: SeveritySchema, value: z.number().finite() }))
      .min(1)
      .max(SEVERITIES.length),
    clear: z.number().finite(),
    /** Title with {asset} and {value} placeholders. */
    title: z.string().min(1).max(200),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    const severities = rule.levels.map((l) => l.severity);
    if (new Set(severities).size !== severities.length) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: 'each severity may appear once' });
    }
    const sorted = [...rule.levels].sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity),
    );
    for (let i = 1; i < sorted.length; i++) {
      const [lower, higher] = [sorted[i - 1]!, sorted[i]!];
      const ok =
        rule.direction === 'above' ? higher.value > lower.value : higher.value < lower.value;
      if (!ok) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels'],
          message: `a higher severity must need a ${rule.direction === 'above' ? 'higher' : 'lower'} value`,
        });
        break;
      }
    }
    const first = sorted[0];
    if (!first) return; // .min(1) on levels reports it
    const clearOk =
      rule.direction === 'above' ? rule.clear <= first.value : rule.clear >= first.value;
    if (!clearOk) {
      ctx.addIssue({
        code: 'custom',
        path: ['clear'],
        message: `clear must be on the safe side of the ${first.severity} level (hysteresis)`,
      });
    }
  });
export type ThresholdRule = z.infer<typeof ThresholdRuleSchema>;

export const RuleSchema = ThresholdRuleSchema;
export type Rule = ThresholdRule;

/**
 * Tianjin's default rule pack (PRODUCT.md). Applies to every asset by its kind, so an imported
 * underpass is watched at once.
 */
export const DEFAULT_RULES: readonly Rule[] = [
  {
    id: 'indoor-temp-low',
    name: '室温不达标 Indoor temperature below 18 °C',
    domain: 'heating',
    type: 'threshold',
    metric: 'indoorTempC',
    assetKinds: ['indoor_sensor'],
    direction: 'below',
    levels: [
      { severity: 'blue', value: 18 },
      { severity: 'orange', value: 16 },
      { severity: 'red', value: 12 },
    ],
    clear: 18.5,
    title: '{asset}：{value} °C，低于 18 °C',
    enabled: true,
  },
  {
    id: 'underpass-depth',
    name: '下穿积水 Water depth at an underpass or low road',
    domain: 'waterlogging',
    type: 'threshold',
    metric: 'depthCm',
    assetKinds: ['underpass', 'low_road'],
    direction: 'above',
    levels: [
      { severity: 'blue', value: 10 },
      { severity: 'yellow', value: 15 },
      { severity: 'orange', value: 20 },
      { severity: 'red', value: 25 },
    ],
    clear: 8,
    title: '{asset}：积水 {value} cm',
    enabled: true,
  },
];
