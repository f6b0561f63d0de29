import {
  type EnvReferenceRow,
  envReferenceRows,
  renderEnvReference,
  replaceGeneratedSection,
} from '@cityops/contracts';
import { EnvSchema } from './app-config.js';
import { notifyEnv } from './notify-config.js';
import { securityEnv } from './security-config.js';

/*
 * The backend's tables in docs/configuration.md, rendered from EnvSchema (each field's zod
 * description is its meaning). config-reference.spec.ts fails when the document is out of date;
 * the command below rewrites it.
 */

export const CONFIG_REFERENCE_COMMAND = 'npm run config-reference -w @cityops/backend';

export interface ConfigReferenceSection {
  /** The marker's id: `<!-- generated: <id> (command) -->`. */
  id: string;
  rows: EnvReferenceRow[];
}

/** EnvSchema's variables in its order, split as the document shows them; each exactly once. */
export function configReferenceSections(): ConfigReferenceSection[] {
  const rows = envReferenceRows(EnvSchema);
  const security = new Set(Object.keys(securityEnv));
  const notify = new Set(Object.keys(notifyEnv));
  return [
    { id: 'backend env', rows: rows.filter((r) => !security.has(r.name) && !notify.has(r.name)) },
    { id: 'backend security env', rows: rows.filter((r) => security.has(r.name)) },
    { id: 'backend notifications env', rows: rows.filter((r) => notify.has(r.name)) },
  ];
}

/** The document with the backend's generated sections rendered from the schema (not yet formatted). */
export function renderConfigReference(doc: string): string {
  return configReferenceSections().reduce(
    (text, section) =>
      replaceGeneratedSection(text, {
        id: section.id,
        command: CONFIG_REFERENCE_COMMAND,
        content: renderEnvReference(section.rows),
      }),
    doc,
  );
}
