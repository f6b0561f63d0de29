import {
  CASE_CATEGORIES,
  DEFAULT_RULES,
  type CaseCategory,
  type CaseTimeLimitRule,
  type Rule,
} from '@cityops/contracts';
import type { Random } from '../lib/random.js';

const HOUR = 3_600_000;

const isTimeLimitRule = (rule: Rule): rule is CaseTimeLimitRule => rule.type === 'case_time_limit';

/**
 * Time limits per category: the hours of the default rule pack's time-limit rules (PRODUCT.md:
 * garbage pile 4 working hours, dirty road 5, standing water or ice 4, public toilet 24, anything else
 * a general hotline case of 72), counted here as clock hours for the case's dueAt.
 */
export const TIME_LIMIT_H = Object.fromEntries(
  CASE_CATEGORIES.map((category) => [
    category,
    DEFAULT_RULES.filter(isTimeLimitRule).find((r) => r.categories.includes(category))?.hours ?? 72,
  ]),
) as Record<CaseCategory, number>;

/** How long before someone is on site, at most (the toilet rule); otherwise a share of the limit. */
const ON_SITE_LIMIT_H: Partial<Record<CaseCategory, number>> = { toilet: 2 };

/** What citizens and inspectors report, roughly as often as the city's statistics show. */
export const CATEGORY_WEIGHTS: Record<CaseCategory, number> = {
  garbage_pile: 30,
  dirty_street: 25,
  toilet: 8,
  snow_ice: 5,
  standing_water: 7,
  other: 25,
};

export const DESCRIPTIONS: Record<CaseCategory, readonly string[]> = {
  garbage_pile: ['路边垃圾堆放未清运', '小区门口建筑垃圾堆积', '垃圾桶满溢无人清理'],
  dirty_street: ['路面脏污，需清扫', '人行道油污严重', '路面散落渣土'],
  toilet: ['公厕堵塞溢流', '公厕无水无法冲洗', '公厕卫生状况差'],
  snow_ice: ['人行道积雪结冰', '桥面结冰路滑', '公交站台积雪未清'],
  standing_water: ['路面积水影响通行', '雨水井堵塞积水', '地道口积水'],
  other: ['市容环境问题', '占道经营', '乱贴小广告'],
};

/** Share of cases closed after their due time. */
export const LATE_SHARE = 0.15;

export interface CasePlan {
  dueAt: number;
  inProgressAt: number;
  closedAt: number;
}

/**
 * When a case reported at `reportedAt` will be taken up and closed: someone is on site after 5-30 % of
 * the limit (toilets within 2 h), most close at 35-95 % of it, about one in seven late at 105-220 %.
 */
export function planCase(random: Random, category: CaseCategory, reportedAt: number): CasePlan {
  const limitMs = TIME_LIMIT_H[category] * HOUR;
  const onSiteMs = Math.min(
    random.between(0.05, 0.3) * limitMs,
    (ON_SITE_LIMIT_H[category] ?? Infinity) * HOUR * random.between(0.3, 0.95),
  );
  const late = random.next() < LATE_SHARE;
  const closeMs = Math.max(
    onSiteMs + 5 * 60_000,
    (late ? random.between(1.05, 2.2) : random.between(0.35, 0.95)) * limitMs,
  );
  return {
    dueAt: reportedAt + limitMs,
    inProgressAt: reportedAt + Math.round(onSiteMs),
    closedAt: reportedAt + Math.round(closeMs),
  };
}

/** Hotline and inspection activity over the day relative to its mean: busiest mid-afternoon, quiet at night. */
export function reportingActivity(hourOfDay: number): number {
  return 1 + 0.7 * Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24);
}
