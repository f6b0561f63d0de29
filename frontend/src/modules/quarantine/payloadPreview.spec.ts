import { describe, expect, it } from 'vitest';
import { payloadPreview } from './payloadPreview';

describe('payloadPreview', () => {
  it('keeps a short payload whole', () => {
    expect(payloadPreview('{"t":21.5}')).toEqual({
      text: '{"t":21.5}',
      truncated: false,
      length: 10,
    });
  });

  it('cuts a long one at the limit, counting characters, not UTF-16 units', () => {
    const preview = payloadPreview('温度😀'.repeat(10), 5);
    expect(preview).toEqual({ text: '温度😀温度', truncated: true, length: 30 });
  });
});
