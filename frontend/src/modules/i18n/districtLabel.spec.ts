import { describe, expect, it } from 'vitest';
import { districtLabel } from './districtLabel';

describe('districtLabel', () => {
  it('names a district in Chinese or English', () => {
    expect(districtLabel('120116', 'zh-CN')).toBe('滨海新区');
    expect(districtLabel('120116', 'en')).toBe('Binhai');
  });

  it('falls back to the code for an unknown district and to null without one', () => {
    expect(districtLabel('999999', 'zh-CN')).toBe('999999');
    expect(districtLabel(null, 'en')).toBeNull();
  });
});
