import { describe, expect, it } from 'vitest';
import { requiredScope } from './api-scope.js';

describe('requiredScope', () => {
  it.each([
    ['GET', '/api/incidents', 'incidents:read'],
    ['HEAD', '/api/incidents/:id', 'incidents:read'],
    ['POST', '/api/incidents/:id/acknowledge', 'incidents:write'],
    ['POST', '/api/assets/import', 'assets:write'],
    ['GET', '/api/oncall/escalation-policies', 'oncall:read'],
    ['POST', '/api/rules/:id/backtest', 'rules:write'],
    ['DELETE', '/api/silences/:id', 'silences:write'],
  ])('%s %s needs %s', (method, path, scope) => {
    expect(requiredScope(method, path)).toBe(scope);
  });

  it.each([
    ['POST', '/api/auth/login'],
    ['GET', '/api/users'],
    ['POST', '/api/tokens'],
    ['GET', '/api/audit'],
    ['GET', '/metrics'],
    ['GET', '/api'],
    ['GET', '/api/incidentsX'],
  ])('no API token may call %s %s', (method, path) => {
    expect(requiredScope(method, path)).toBeNull();
  });
});
