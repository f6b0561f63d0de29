import { describe, expect, it } from 'vitest';
import { classifyWriteAnswer } from './influx-http.js';

describe('classifyWriteAnswer', () => {
  it('takes 204 as written, and a partial write beyond retention as written minus the dropped points', () => {
    expect(classifyWriteAnswer(204, '', 3)).toEqual({
      kind: 'written',
      ms: 3,
      droppedBeyondRetention: 0,
    });
    expect(
      classifyWriteAnswer(
        400,
        '{"error":"partial write: points beyond retention policy dropped=7"}',
        3,
      ),
    ).toEqual({ kind: 'written', ms: 3, droppedBeyondRetention: 7 });
  });

  it('tells a missing database from an outage and from a bad request', () => {
    expect(classifyWriteAnswer(404, '{"error":"database not found: \\"x\\""}', 1).kind).toBe(
      'missing_schema',
    );
    expect(classifyWriteAnswer(500, '{"error":"timeout"}', 1).kind).toBe('unavailable');
    expect(classifyWriteAnswer(503, '', 1).kind).toBe('unavailable');
    expect(classifyWriteAnswer(429, '', 1).kind).toBe('unavailable');
    expect(
      classifyWriteAnswer(400, '{"error":"partial write: field type conflict"}', 1),
    ).toMatchObject({ kind: 'rejected', status: 400 });
    expect(classifyWriteAnswer(401, '{"error":"authorization failed"}', 1)).toMatchObject({
      kind: 'rejected',
      status: 401,
    });
  });
});
