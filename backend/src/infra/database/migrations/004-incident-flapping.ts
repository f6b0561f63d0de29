import type { Migration } from './index.js';

export const incidentFlapping: Migration = {
  id: '004-incident-flapping',
  sql: `ALTER TABLE incidents ADD COLUMN flapping boolean NOT NULL DEFAULT false;`,
};
