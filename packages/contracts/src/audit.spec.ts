import { describe, expect, it } from 'vitest';
import {
  AUDIT_EXPORT_MAX_ROWS,
  AuditEntrySchema,
  AuditExportQuerySchema,
  AuditPageSchema,
  AuditQuerySchema,
  auditActionMatch,
} from './audit.js';

/** The messages a refused query gets, as the API's 400 lists them (`path: message`). */
const problems = (schema: typeof AuditQuerySchema | typeof AuditExportQuerySchema, q: unknown) => {
  const result = schema.safeParse(q);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const entry = {
  id: '42',
  at: '2026-11-26T00:05:09.123Z',
  actor: 'zhang.wei',
  action: 'incident.acknowledged',
  target: '0b9c7a4e-5a47-4d0c-9a0e-2f5f3c1d7e11',
  ip: '10.1.2.3',
  data: { from: 'open', to: 'acknowledged' },
};

describe('audit entries', () => {
  it('reads an entry with its details, and one without target or address', () => {
    expect(AuditEntrySchema.parse(entry)).toEqual(entry);
    expect(
      AuditEntrySchema.parse({ ...entry, action: 'auth.login', target: null, ip: null, data: {} }),
    ).toMatchObject({ target: null, ip: null, data: {} });
    expect(AuditPageSchema.parse({ items: [entry], next: null }).items).toHaveLength(1);
  });

  it.each([
    [{ id: 42 }],
    [{ id: 'abc' }],
    [{ at: 'yesterday' }],
    [{ target: undefined }],
    [{ data: 'before/after' }],
    [{ actor: null }],
  ])('refuses an entry with %j', (change) => {
    expect(AuditEntrySchema.safeParse({ ...entry, ...change }).success).toBe(false);
  });
});

describe('GET /api/audit query', () => {
  it('takes the filters, trimmed, with 100 entries a page by default', () => {
    expect(
      AuditQuerySchema.parse({
        actor: ' zhang.wei ',
        action: 'incident.*',
        target: 'oncall-team:drainage-duty',
        from: '2026-11-26T00:00:00+08:00',
        to: '2026-11-27T00:00:00+08:00',
      }),
    ).toEqual({
      actor: 'zhang.wei',
      action: 'incident.*',
      target: 'oncall-team:drainage-duty',
      from: '2026-11-26T00:00:00+08:00',
      to: '2026-11-27T00:00:00+08:00',
      limit: 100,
    });
    expect(AuditQuerySchema.parse({ limit: '500', cursor: 'WyIyMDI2IiwiMSJd' })).toEqual({
      limit: 500,
      cursor: 'WyIyMDI2IiwiMSJd',
    });
  });

  it('matches an action exactly, or by the prefix before .*', () => {
    expect(auditActionMatch('incident.acknowledged')).toEqual({ exact: 'incident.acknowledged' });
    expect(auditActionMatch('incident.*')).toEqual({ prefix: 'incident.' });
    expect(auditActionMatch('oncall.team.*')).toEqual({ prefix: 'oncall.team.' });
    for (const action of ['auth.login_failed', 'oncall.team.*', 'watch.started', 'rule.*'])
      expect(AuditQuerySchema.safeParse({ action }).success).toBe(true);
  });

  it.each([
    ['*', 'action: action is an action name such as incident.acknowledged'],
    ['incident*', 'action: action is an action name'],
    ['incident.', 'action: action is an action name'],
    ['.*', 'action: action is an action name'],
    ["incident.%' OR 1=1 --", 'action: action is an action name'],
    ['incident.*.*', 'action: action is an action name'],
    ['a'.repeat(101), 'action: action is at most 100 characters'],
  ])('refuses the action %j with a clear message', (action, message) => {
    expect(problems(AuditQuerySchema, { action })[0]).toContain(message);
  });

  it.each([
    [{ limit: '0' }, 'limit: limit is a number from 1 to 500'],
    [{ limit: '501' }, 'limit: limit is a number from 1 to 500'],
    [{ limit: '2.5' }, 'limit: limit is a whole number from 1 to 500'],
    [{ limit: 'many' }, 'limit: limit is a number from 1 to 500'],
    [{ from: '2026-11-26' }, 'from: from is an ISO 8601 time with a zone'],
    [{ to: 'now' }, 'to: to is an ISO 8601 time with a zone'],
    [{ from: '2026-11-27T00:00:00Z', to: '2026-11-26T00:00:00Z' }, 'from: from must be before to'],
    [{ from: '2026-11-26T00:00:00Z', to: '2026-11-26T00:00:00Z' }, 'from: from must be before to'],
    [{ actor: '' }, 'actor: actor is a username'],
    [{ actor: '   ' }, 'actor: actor is a username'],
    [{ actor: 'x'.repeat(101) }, 'actor: actor is at most 100 characters'],
    [{ target: '' }, 'target: target is what was acted on'],
    [{ target: 'x'.repeat(201) }, 'target: target is at most 200 characters'],
    [{ cursor: 'not a cursor!' }, 'cursor: cursor is not one this API issued'],
    [{ cursor: 'A'.repeat(201) }, 'cursor: cursor is not one this API issued'],
  ])('refuses %j with a clear message', (query, message) => {
    expect(problems(AuditQuerySchema, query)[0]).toContain(message);
  });

  it('refuses unknown parameters instead of ignoring them', () => {
    expect(problems(AuditQuerySchema, { user: 'zhang.wei' })[0]).toContain('user');
    expect(AuditQuerySchema.safeParse({ sort: 'asc' }).success).toBe(false);
  });
});

describe('GET /api/audit/export.csv query', () => {
  it('exports at most AUDIT_EXPORT_MAX_ROWS rows, by default all of them', () => {
    expect(AuditExportQuerySchema.parse({}).limit).toBe(AUDIT_EXPORT_MAX_ROWS);
    expect(AuditExportQuerySchema.parse({ limit: '10', action: 'rule.*' })).toEqual({
      limit: 10,
      action: 'rule.*',
    });
    expect(problems(AuditExportQuerySchema, { limit: String(AUDIT_EXPORT_MAX_ROWS + 1) })).toEqual([
      `limit: limit is a number from 1 to ${AUDIT_EXPORT_MAX_ROWS}`,
    ]);
  });

  it('takes no paging cursor, and the same filters as the list', () => {
    expect(AuditExportQuerySchema.safeParse({ cursor: 'abc' }).success).toBe(false);
    expect(problems(AuditExportQuerySchema, { action: 'incident*' })[0]).toContain(
      'action is an action name',
    );
    expect(
      problems(AuditExportQuerySchema, {
        from: '2026-11-27T00:00:00Z',
        to: '2026-11-26T00:00:00Z',
      }),
    ).toEqual(['from: from must be before to']);
  });
});
