import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { currentRequestId, requestContext, requestIdFor } from './request-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it('keeps a well-formed id from the proxy in front', () => {
    expect(requestIdFor('ingress-7f3a9c21')).toBe('ingress-7f3a9c21');
    expect(requestIdFor(['lb:0a1b2c3d4e', 'second'])).toBe('lb:0a1b2c3d4e');
  });

  it.each([
    ['none', undefined],
    ['too short', 'abc'],
    ['a space', 'abc def ghi'],
    ['a quote and a newline', 'abcdefgh"\ninjected'],
    ['too long', 'x'.repeat(101)],
  ])('makes a new one for %s', (_, incoming) => {
    expect(requestIdFor(incoming)).toMatch(UUID);
  });
});

describe('requestContext', () => {
  it('answers the id and runs the rest of the request in its context', async () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    const seen = await new Promise<string | undefined>((resolve) => {
      const next: NextFunction = () => {
        // Later in the request, after an await: still in its context.
        void Promise.resolve().then(() => resolve(currentRequestId()));
      };
      requestContext()(
        { headers: { 'x-request-id': 'client-supplied-1' } } as unknown as Request,
        res as unknown as Response,
        next,
      );
    });
    expect(seen).toBe('client-supplied-1');
    expect(headers['X-Request-Id']).toBe('client-supplied-1');
    expect(currentRequestId()).toBeUndefined();
  });
});
