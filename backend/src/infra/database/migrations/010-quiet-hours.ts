import type { Migration } from './index.js';

/**
 * Issue #5, quiet hours (docs/oncall.md): per member, the local windows in which pages of some
 * severities (never red) are held. JSON like the contacts: always written whole after validation by
 * the contracts' schema, read with the member.
 */
export const quietHours: Migration = {
  id: '010-quiet-hours',
  sql: `
    ALTER TABLE oncall_members ADD COLUMN quiet_hours jsonb NOT NULL DEFAULT '[]';
  `,
};
