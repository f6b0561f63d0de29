import {
  type EnvReferenceSection,
  envReferenceSections,
  renderEnvReferenceSections,
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

/** EnvSchema's variables in its order, split as the document shows them; each exactly once. */
export function configReferenceSections(): EnvReferenceSection[] {
  return envReferenceSections(EnvSchema, 'backend env', [
    { id: 'backend security env', keys: Object.keys(securityEnv) },
    { id: 'backend notifications env', keys: Object.keys(notifyEnv) },
  ]);
}

/** The document with the backend's generated sections rendered from the schema (not yet formatted). */
export function renderConfigReference(doc: string): string {
  return renderEnvReferenceSections(doc, CONFIG_REFERENCE_COMMAND, configReferenceSections());
}
