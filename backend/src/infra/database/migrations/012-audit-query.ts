import type { Migration } from './index.js';

/**
 * Issue #7, the audit trail read by supervisors and admins (docs/security.md#audit-trail):
 * GET /api/audit pages newest first along (at, id) and filters by actor, action or target. The
 * index on `at` alone becomes one on (at, id), so a page after the cursor is one index range; the
 * filters each get an index ending in the same order.
 */
export const auditQuery: Migration = {
  id: '012-audit-query',
  sql: `
    DROP INDEX IF EXISTS audit_log_at;
    CREATE INDEX audit_log_at_id ON audit_log (at DESC, id DESC);
    CREATE INDEX audit_log_actor_at ON audit_log (actor, at DESC, id DESC);
    CREATE INDEX audit_log_action_at ON audit_log (action, at DESC, id DESC);
    CREATE INDEX audit_log_target_at ON audit_log (target, at DESC, id DESC);
  `,
};
