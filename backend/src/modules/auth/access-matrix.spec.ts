import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { AppModule } from '../../app.module.js';
import { loadConfig } from '../../config/app-config.js';
import { LIVE_ROLES } from '../live/live.gateway.js';
import { allows, controllersOf, renderAccessMatrix, routesOf } from './access-matrix.js';

const DOC = fileURLToPath(new URL('../../../../docs/access-matrix.md', import.meta.url));

/** Every route the API process mounts, from the module tree's metadata. */
const routes = routesOf(
  controllersOf(AppModule.register({ config: loadConfig({}), api: true, workers: true })),
);

/** docs/access-matrix.md as it should read, formatted by the project's prettier settings. */
async function expectedDoc(): Promise<string> {
  const options = (await resolveConfig(DOC)) ?? {};
  return format(renderAccessMatrix(routes, { roles: LIVE_ROLES }), {
    ...options,
    parser: 'markdown',
  });
}

describe('access matrix - docs/access-matrix.md', () => {
  it('finds every controller route, each once', () => {
    expect(routes.length).toBeGreaterThan(50);
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/incidents/:id',
        'POST /api/assets/import',
        'GET /metrics',
        'GET /ack/:token',
      ]),
    );
  });

  it('reads the decorators as the guard does: public routes, @Roles, and the default by method', () => {
    const of = (key: string) => routes.find((r) => `${r.method} ${r.path}` === key)!.access;
    expect(allows(of('POST /api/auth/login'), 'anonymous')).toBe(true);
    expect(allows(of('GET /api/incidents'), 'display')).toBe(true);
    expect(allows(of('GET /api/incidents'), 'anonymous')).toBe(false);
    expect(allows(of('POST /api/incidents/:id/acknowledge'), 'display')).toBe(false);
    expect(allows(of('POST /api/incidents/:id/acknowledge'), 'operator')).toBe(true);
    expect(allows(of('POST /api/assets/import'), 'supervisor')).toBe(false);
    expect(allows(of('POST /api/assets/import'), 'admin')).toBe(true);
  });

  it('is up to date (UPDATE_ACCESS_MATRIX=1 rewrites it)', async () => {
    const expected = await expectedDoc();
    if (process.env.UPDATE_ACCESS_MATRIX === '1') writeFileSync(DOC, expected);
    let committed = '';
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      // missing: the comparison below says so
    }
    expect(
      committed,
      'docs/access-matrix.md is out of date: run `npm run access-matrix -w @cityops/backend`',
    ).toBe(expected);
  });
});
