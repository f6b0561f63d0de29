import { describe, expect, it } from 'vitest';
import type { Page } from './canUse';
import { redirectFor } from './redirectFor';

const PAGES: Page[] = [
  'wall',
  'console',
  'history',
  'admin',
  'silences',
  'quarantine',
  'assets',
  'password',
];

describe('redirectFor', () => {
  it('sends a user who must change their password to /password from every page', () => {
    const user = { username: 'li', role: 'operator' as const, mustChangePassword: true };
    for (const page of PAGES.filter((p) => p !== 'password'))
      expect(redirectFor(user, page)).toBe('/password');
    expect(redirectFor(user, 'password')).toBeNull();
    expect(redirectFor({ ...user, role: 'admin' }, 'admin')).toBe('/password');
  });

  it('lets them through once the password is changed', () => {
    const user = { username: 'li', role: 'operator' as const, mustChangePassword: false };
    expect(redirectFor(user, 'console')).toBeNull();
    expect(redirectFor(user, 'password')).toBeNull(); // a voluntary change
    expect(redirectFor(user, 'admin')).toBe('/console');
    expect(redirectFor(user, 'assets')).toBe('/console');
    expect(redirectFor(user, 'silences')).toBeNull();
    expect(redirectFor(user, 'quarantine')).toBeNull();
  });

  it('keeps a display session on the wall, whatever it asks for', () => {
    const wall = { username: 'wall-1', role: 'display' as const };
    expect(redirectFor(wall, 'wall')).toBeNull();
    for (const page of PAGES.filter((p) => p !== 'wall'))
      expect(redirectFor(wall, page)).toBe('/wall');
    // A display token never has a password to change.
    expect(redirectFor({ ...wall, mustChangePassword: true }, 'wall')).toBeNull();
  });

  it('opens the admin pages to admins only', () => {
    expect(redirectFor({ username: 'root', role: 'admin' }, 'admin')).toBeNull();
    expect(redirectFor({ username: 'sup', role: 'supervisor' }, 'admin')).toBe('/console');
  });
});
