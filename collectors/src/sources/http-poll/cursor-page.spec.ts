import { describe, expect, it } from 'vitest';
import { planAfterPage } from './cursor-page.js';

const page = (items: number, next: string | null) => ({
  items: Array.from({ length: items }, (_, i) => i),
  next,
});

describe('planAfterPage', () => {
  it('follows next at once after a full page', () => {
    expect(planAfterPage(page(10, 'c2'), 'c1', 10)).toEqual({ advanceTo: 'c2', more: true });
  });

  it('advances but rests after a short page', () => {
    expect(planAfterPage(page(3, 'c2'), 'c1', 10)).toEqual({ advanceTo: 'c2', more: false });
    expect(planAfterPage(page(3, 'c2'), null, 10)).toEqual({ advanceTo: 'c2', more: false });
  });

  it('stays put when the source hands back the same cursor or none', () => {
    expect(planAfterPage(page(0, 'c1'), 'c1', 10)).toEqual({ advanceTo: null, more: false });
    expect(planAfterPage(page(10, null), 'c1', 10)).toEqual({ advanceTo: null, more: false });
    expect(planAfterPage(page(10, ''), 'c1', 10)).toEqual({ advanceTo: null, more: false });
  });
});
