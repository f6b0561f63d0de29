import { DEFAULT_RULES } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { checkRuleText, fieldOf, patchRuleText, pathText, ruleText } from './ruleValidation';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);

const underpass = DEFAULT_RULES.find((rule) => rule.id === 'underpass-depth')!;
const edited = (patch: Record<string, unknown>) => ruleText({ ...underpass, ...patch });

describe('rule JSON → validation messages', () => {
  it('accepts a default rule and answers it parsed', () => {
    const check = checkRuleText(ruleText(underpass), t);
    expect(check.problems).toEqual([]);
    expect(check.rule).toEqual(underpass);
  });

  it('reports a JSON syntax error as one problem without a path', () => {
    const check = checkRuleText('{"id": "x",', t);
    expect(check.rule).toBeNull();
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]!.where).toBe('');
    expect(check.problems[0]!.message).toMatch(/^JSON 格式错误：/);
  });

  it('names array items from 1 in Chinese and translates the common zod issues', () => {
    const check = checkRuleText(
      edited({ levels: [{ severity: 'blue', value: 'ten' }], forMinute: 5 }),
      t,
    );
    expect(check.rule).toBeNull();
    expect(check.problems).toContainEqual({
      where: 'levels › 第 1 项 › value',
      message: '类型错误，应为 number',
    });
    expect(check.problems).toContainEqual({ where: '', message: '未知字段：forMinute' });
  });

  it('says what is missing, what is out of range and which values are allowed', () => {
    const { name: _name, ...withoutName } = underpass;
    expect(checkRuleText(ruleText(withoutName), t).problems).toContainEqual({
      where: 'name',
      message: '缺少此字段',
    });
    expect(checkRuleText(edited({ forMinutes: -1 }), t).problems).toContainEqual({
      where: 'forMinutes',
      message: '不能小于 0',
    });
    expect(checkRuleText(edited({ direction: 'sideways' }), t).problems).toContainEqual({
      where: 'direction',
      message: '应为以下之一：below, above',
    });
    expect(checkRuleText(edited({ assetKinds: [] }), t).problems).toContainEqual({
      where: 'assetKinds',
      message: '至少需要 1 项',
    });
  });

  it("keeps the schema's own cross-field messages with their path", () => {
    const check = checkRuleText(edited({ clear: 30 }), t);
    expect(check.problems).toEqual([
      { where: 'clear', message: 'clear must be on the safe side of the blue level (hysteresis)' },
    ]);
  });

  it('caps the number of problems shown', () => {
    const many = ruleText({ type: 'threshold' });
    expect(checkRuleText(many, t, 3).problems).toHaveLength(3);
  });

  it('formats paths', () => {
    expect(pathText([], t)).toBe('');
    expect(pathText(['expectedIntervalSec', 'underpass'], t)).toBe(
      'expectedIntervalSec › underpass',
    );
  });
});

describe('the common fields of the JSON', () => {
  it('reads and replaces a field of the object, keeping the rest', () => {
    const text = ruleText(underpass);
    expect(fieldOf(text, 'name')).toBe(underpass.name);
    const next = patchRuleText(text, { name: '下穿积水（新）', enabled: false })!;
    expect(JSON.parse(next)).toEqual({ ...underpass, name: '下穿积水（新）', enabled: false });
  });

  it('leaves text that is not an object alone', () => {
    expect(patchRuleText('[1]', { name: 'x' })).toBeNull();
    expect(patchRuleText('{', { name: 'x' })).toBeNull();
    expect(fieldOf('{', 'name')).toBeUndefined();
  });
});
