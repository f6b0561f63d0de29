import type { INestApplication } from '@nestjs/common';
import type { OncallTeam } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv } from './support/test-env.js';

/**
 * Without AUTH_SECRET the signing key is the one kept in the database. Feed URLs are signed with
 * it: creating the first team (inside its transaction) once looked the key up on the database
 * handle, which PGlite refuses inside a transaction (500). The demo and the e2e stack run this way.
 */
describe.each(DATABASE_KINDS)('on-call feed URLs with the stored signing key (%s)', (kind) => {
  let env: TestEnv;
  let app: INestApplication;
  let api: ApiClient;

  beforeAll(async () => {
    env = await TestEnv.create(kind);
    app = await createApiApp(env.config());
    await app.listen(0, '127.0.0.1');
    api = ApiClient.of(app);
    await api.login('admin', 'test-admin-password');
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  it('creates the first team, with feed URLs, as the first on-call call', async () => {
    const created = await api.post<OncallTeam>('/api/oncall/teams', {
      id: 'duty',
      name: 'Duty',
      members: [{ id: 'zhang', displayName: '张三', contacts: [] }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.members[0]?.feedUrl).toMatch(/token=/);
  });
});
