import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { EnvSchema } from './app-config.js';
import {
  CONFIG_REFERENCE_COMMAND,
  configReferenceSections,
  renderConfigReference,
} from './config-reference.js';

const DOC = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));

/** docs/configuration.md with the backend's tables as the schema renders them, formatted by prettier. */
async function expectedDoc(committed: string): Promise<string> {
  const options = (await resolveConfig(DOC)) ?? {};
  return format(renderConfigReference(committed), { ...options, parser: 'markdown' });
}

describe('configuration reference - docs/configuration.md (backend)', () => {
  it('shows every variable of EnvSchema once, each with a meaning', () => {
    const names = configReferenceSections().flatMap((section) => section.rows.map((r) => r.name));
    expect(names.toSorted()).toEqual(Object.keys(EnvSchema.shape).toSorted());
    for (const section of configReferenceSections()) expect(section.rows.length).toBeGreaterThan(0);
  });

  it('shows defaults, unset variables and enum values from the schema', () => {
    const rows = configReferenceSections().flatMap((section) => section.rows);
    const row = (name: string) => rows.find((r) => r.name === name);
    expect(row('PORT')).toMatchObject({ default: '8080', required: false });
    expect(row('DATABASE_URL')).toMatchObject({ default: null, required: false });
    expect(row('LOG_LEVEL')?.values).toEqual(['error', 'warn', 'log', 'debug', 'verbose']);
    // zod keeps an enum as an object, so numeric-looking values come first.
    expect(row('WORKERS_IN_API')?.values).toEqual(['0', '1', 'true', 'false']);
  });

  it('is up to date (UPDATE_CONFIG_REFERENCE=1 rewrites it)', async () => {
    let committed = '';
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      // missing: renderConfigReference says which section it cannot find
    }
    const expected = await expectedDoc(committed);
    if (process.env.UPDATE_CONFIG_REFERENCE === '1') {
      writeFileSync(DOC, expected);
      committed = expected;
    }
    expect(
      committed,
      `docs/configuration.md's backend tables differ from EnvSchema's descriptions and defaults: run \`${CONFIG_REFERENCE_COMMAND}\``,
    ).toBe(expected);
  });
});
