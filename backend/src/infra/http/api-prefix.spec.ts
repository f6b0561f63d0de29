import { RequestMethod } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { publicPathOf } from './api-prefix.js';

describe('publicPathOf', () => {
  it.each([
    [RequestMethod.GET, 'incidents', ':id', '/api/incidents/:id'],
    [RequestMethod.GET, 'incidents', '', '/api/incidents'],
    [RequestMethod.POST, '', 'rules/:id/backtest', '/api/rules/:id/backtest'],
    [RequestMethod.GET, 'oncall/escalation-policies', '/', '/api/oncall/escalation-policies'],
    [RequestMethod.GET, 'metrics', '', '/metrics'],
    [RequestMethod.POST, 'metrics', '', '/api/metrics'],
    [RequestMethod.GET, 'ack', ':token', '/ack/:token'],
    [RequestMethod.POST, 'ack', ':token', '/ack/:token'],
  ])('%s %s + %s → %s', (method, controller, route, path) => {
    expect(publicPathOf(method, controller, route)).toBe(path);
  });
});
