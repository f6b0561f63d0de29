import { type Rule, RuleSchema } from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';

/** One problem with the edited JSON: where (readable) and what (in the console's language). */
export interface RuleProblem {
  /** `levels › 第 2 项 › value`; empty for the rule as a whole or a JSON syntax error. */
  where: string;
  message: string;
}

/** The edited text checked: the rule when it is valid, else the problems (at most `limit`). */
export interface RuleCheck {
  rule: Rule | null;
  problems: RuleProblem[];
}

type Issue = {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  keys?: readonly string[];
  values?: readonly unknown[];
  format?: string;
};

/** A zod path as text: keys as written, array positions counted from 1 ("第 2 项"). */
export function pathText(path: readonly PropertyKey[], t: TranslateFn): string {
  return path
    .map((part) =>
      typeof part === 'number' ? t('admin.rules.path.item', { n: part + 1 }) : String(part),
    )
    .join(' › ');
}

/** A zod issue in the console's language; custom (cross-field) messages are the schema's own. */
export function issueText(issue: Issue, t: TranslateFn): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? t('admin.rules.issue.required')
        : t('admin.rules.issue.type', { expected: String(issue.expected) });
    case 'too_small':
      return t(
        issue.origin === 'array'
          ? 'admin.rules.issue.fewItems'
          : issue.origin === 'string'
            ? 'admin.rules.issue.shortText'
            : 'admin.rules.issue.tooSmall',
        { min: String(issue.minimum) },
      );
    case 'too_big':
      return t(
        issue.origin === 'array'
          ? 'admin.rules.issue.manyItems'
          : issue.origin === 'string'
            ? 'admin.rules.issue.longText'
            : 'admin.rules.issue.tooBig',
        { max: String(issue.maximum) },
      );
    case 'unrecognized_keys':
      return t('admin.rules.issue.unknownKeys', { keys: (issue.keys ?? []).join(', ') });
    case 'invalid_value':
      return t('admin.rules.issue.oneOf', {
        values: (issue.values ?? []).map((v) => String(v)).join(', '),
      });
    case 'invalid_format':
      return t('admin.rules.issue.format', { message: issue.message });
    default:
      return issue.message;
  }
}

/**
 * The editor's text against the contracts' rule schema: a JSON syntax error, or the schema's
 * problems with readable paths, or the parsed rule (defaults filled in).
 */
export function checkRuleText(text: string, t: TranslateFn, limit = 20): RuleCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      rule: null,
      problems: [{ where: '', message: t('admin.rules.issue.json', { detail }) }],
    };
  }
  const parsed = RuleSchema.safeParse(json);
  if (parsed.success) return { rule: parsed.data, problems: [] };
  return {
    rule: null,
    problems: parsed.error.issues.slice(0, limit).map((issue) => ({
      where: pathText(issue.path, t),
      message: issueText(issue as Issue, t),
    })),
  };
}

/** The rule as the editor shows it: indented JSON, keys in the stored order. */
export function ruleText(rule: unknown): string {
  return JSON.stringify(rule, null, 2);
}

/** The editor's JSON object with some fields replaced (name, enabled…); null when not an object. */
export function patchRuleText(text: string, patch: Record<string, unknown>): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  return ruleText({ ...json, ...patch });
}

/** A field of the editor's JSON object when it parses, else undefined. */
export function fieldOf(text: string, field: string): unknown {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)[field]
      : undefined;
  } catch {
    return undefined;
  }
}
