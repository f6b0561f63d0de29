import { describe, expect, it } from 'vitest';
import { navLinks } from './navLinks';

const ids = (role: Parameters<typeof navLinks>[0]) => {
  const { main, admin } = navLinks(role);
  return { main: main.map((l) => l.testId), admin: admin.map((l) => l.testId) };
};

describe('navLinks', () => {
  it('gives an admin every page, the admin section included', () => {
    expect(ids('admin')).toEqual({
      main: ['nav-console', 'nav-history', 'nav-wall'],
      admin: [
        'nav-silences',
        'nav-quarantine',
        'nav-assets',
        'nav-rules',
        'nav-oncall',
        'nav-users',
        'nav-tokens',
      ],
    });
  });

  it('gives supervisors and operators silences and the quarantine (supervisors the rules too), not the asset import, users or tokens', () => {
    expect(ids('supervisor').admin).toEqual([
      'nav-silences',
      'nav-quarantine',
      'nav-rules',
      'nav-oncall',
    ]);
    expect(ids('operator').admin).toEqual(['nav-silences', 'nav-quarantine', 'nav-oncall']);
  });

  it('gives a display account no links at all', () => {
    expect(ids('display')).toEqual({ main: [], admin: [] });
    expect(navLinks('display').queuesBoard).toBe(false);
  });

  it('offers the queue board to admins only', () => {
    expect(navLinks('admin').queuesBoard).toBe(true);
    for (const role of ['supervisor', 'operator', 'display'] as const)
      expect(navLinks(role).queuesBoard, role).toBe(false);
  });
});
