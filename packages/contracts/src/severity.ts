import { z } from 'zod';

/** Warning colours, lowest first (Emergency Response Law art. 42: red I, orange II, yellow III, blue IV). */
export const SEVERITIES = ['blue', 'yellow', 'orange', 'red'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** One level up, capped at red (used when a rule raises a level, e.g. a fast rise). */
export function raiseSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.min(severityRank(severity) + 1, SEVERITIES.length - 1)]!;
}

/** Display colours shared by the console and notification texts. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  blue: '#2f7cf6',
  yellow: '#f5c518',
  orange: '#ff7a1a',
  red: '#e5312f',
};
