import { describe, expect, it } from 'vitest';
import { canUse } from './canUse';

describe('canUse', () => {
  it('lets every role open the wall', () => {
    for (const role of ['admin', 'supervisor', 'operator', 'display'] as const)
      expect(canUse(role, 'wall')).toBe(true);
  });

  it('keeps display accounts off the operator console', () => {
    expect(canUse('display', 'console')).toBe(false);
    expect(canUse('operator', 'console')).toBe(true);
  });

  it('opens history to admins, supervisors and operators, never to display screens', () => {
    for (const role of ['admin', 'supervisor', 'operator'] as const)
      expect(canUse(role, 'history')).toBe(true);
    expect(canUse('display', 'history')).toBe(false);
  });

  it('opens the admin pages to admins and the password page to people, never to display screens', () => {
    expect(canUse('admin', 'admin')).toBe(true);
    for (const role of ['supervisor', 'operator', 'display'] as const)
      expect(canUse(role, 'admin')).toBe(false);
    for (const role of ['admin', 'supervisor', 'operator'] as const)
      expect(canUse(role, 'password')).toBe(true);
    expect(canUse('display', 'password')).toBe(false);
  });

  it('opens silences and the quarantine to people, the asset import to admins only', () => {
    for (const role of ['admin', 'supervisor', 'operator'] as const) {
      expect(canUse(role, 'silences')).toBe(true);
      expect(canUse(role, 'quarantine')).toBe(true);
    }
    expect(canUse('display', 'silences')).toBe(false);
    expect(canUse('display', 'quarantine')).toBe(false);
    expect(canUse('admin', 'assets')).toBe(true);
    for (const role of ['supervisor', 'operator', 'display'] as const)
      expect(canUse(role, 'assets')).toBe(false);
  });
  it('opens the rules to admins and supervisors, and lets only admins change them', () => {
    for (const role of ['admin', 'supervisor'] as const) expect(canUse(role, 'rules')).toBe(true);
    for (const role of ['operator', 'display'] as const) expect(canUse(role, 'rules')).toBe(false);
    expect(canUse('admin', 'ruleEdit')).toBe(true);
    for (const role of ['supervisor', 'operator', 'display'] as const)
      expect(canUse(role, 'ruleEdit')).toBe(false);
  });
  it('opens on-call to every role that reads /api/oncall, and lets admins and supervisors edit overrides', () => {
    for (const role of ['admin', 'supervisor', 'operator'] as const)
      expect(canUse(role, 'oncall')).toBe(true);
    expect(canUse('display', 'oncall')).toBe(false);
    for (const role of ['admin', 'supervisor'] as const)
      expect(canUse(role, 'oncallEdit')).toBe(true);
    for (const role of ['operator', 'display'] as const)
      expect(canUse(role, 'oncallEdit')).toBe(false);
  });
});
