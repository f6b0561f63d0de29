import type { INestApplication } from '@nestjs/common';
import {
  type ApiError,
  DEFAULT_RULES,
  type IncidentPage,
  JobName,
  type JobOf,
  QueueName,
  type Role,
  type RuleDetail,
  type StoredRule,
  type ThresholdRule,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { DATABASE, type Database } from '../../src/infra/database/database.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import { RulesService } from '../../src/modules/rules/rules.service.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv, eventually } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';

/** A new rule an admin might add: heat stations whose supply temperature drops. */
const supplyLow = {
  id: 'station-supply-low',
  name: '供水温度低 Supply temperature low',
  domain: 'heating',
  type: 'threshold',
  metric: 'supplyTempC',
  assetKinds: ['heat_station'],
  direction: 'below',
  levels: [
    { severity: 'yellow', value: 55 },
    { severity: 'red', value: 45 },
  ],
  clear: 58,
  title: '{asset}：供水 {value} °C',
} as const;

interface AuditRow {
  actor: string;
  action: string;
  target: string;
  data: {
    version: number;
    before: { rule: StoredRule['rule'] } | null;
    after: { rule: StoredRule['rule']; archived: boolean };
  };
}

describe.each(DATABASE_KINDS)('rule store - /api/rules (%s)', (databaseKind) => {
  let env: TestEnv;
  let app: INestApplication;
  let admin: ApiClient;
  const as = (role: Role | null) => {
    const client = ApiClient.of(app);
    const now = Math.floor(Date.now() / 1000);
    client.token =
      role &&
      signToken({ sid: 'test-session', sub: `${role}-1`, role, iat: now, exp: now + 3600 }, SECRET);
    return client;
  };
  const put = <T = StoredRule>(client: ApiClient, path: string, body: unknown) =>
    client.request<T>('PUT', path, body);
  const del = <T = StoredRule>(client: ApiClient, path: string) =>
    client.request<T>('DELETE', path);
  const audit = async (target: string) => {
    const rows = await app
      .get<Database>(DATABASE)
      .query<AuditRow>(
        "SELECT actor, action, target, data FROM audit_log WHERE action LIKE 'rule.%' AND target = $1 ORDER BY id",
        [target],
      );
    return rows.map((r) => ({
      ...r,
      data: typeof r.data === 'string' ? (JSON.parse(r.data) as AuditRow['data']) : r.data,
    }));
  };

  beforeAll(async () => {
    env = await TestEnv.create(databaseKind);
    app = await createApiApp(env.config({ AUTH_SECRET: SECRET }));
    await app.listen(0, '127.0.0.1');
    admin = ApiClient.of(app);
    await admin.login('admin', 'test-admin-password');
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  describe('seeding', () => {
    it('stores the default Tianjin pack on first start, version 1, by the system', async () => {
      const { status, body } = await admin.get<{ items: StoredRule[] }>('/api/rules');
      expect(status).toBe(200);
      expect(body.items.map((r) => r.rule.id).sort()).toEqual(
        DEFAULT_RULES.map((r) => r.id).sort(),
      );
      for (const stored of body.items) {
        expect(stored).toMatchObject({ archived: false, updatedBy: 'system' });
        expect(stored.rule).toEqual(DEFAULT_RULES.find((r) => r.id === stored.rule.id));
      }
      const detail = (await admin.get<RuleDetail>('/api/rules/underpass-depth')).body;
      expect(detail.versions.map((v) => [v.version, v.change, v.updatedBy])).toEqual([
        [1, 'seeded', 'system'],
      ]);
      expect((await audit('underpass-depth')).map((a) => a.action)).toEqual(['rule.seeded']);
    });

    it('never overwrites a city’s edit when it seeds again (a restart, another replica)', async () => {
      const current = (await admin.get<RuleDetail>('/api/rules/rainstorm-signal')).body.rule;
      const edited = await put(admin, '/api/rules/rainstorm-signal', {
        ...current,
        name: '本市暴雨信号',
      });
      expect(edited.status).toBe(200);
      expect(await app.get(RulesService).seed(DEFAULT_RULES)).toEqual([]);
      const after = (await admin.get<RuleDetail>('/api/rules/rainstorm-signal')).body;
      expect(after.rule).toMatchObject({ name: '本市暴雨信号', version: 2 });
      expect(after.versions).toHaveLength(2);
    });
  });

  describe('roles', () => {
    it.each<[Role | null, number, number]>([
      ['admin', 200, 201],
      ['supervisor', 200, 403],
      ['operator', 403, 403],
      ['display', 403, 403],
      [null, 401, 401],
    ])('%s: read %s, write %s', async (role, read, write) => {
      const client = as(role);
      expect((await client.get('/api/rules')).status).toBe(read);
      expect((await client.get('/api/rules/indoor-temp-low')).status).toBe(read);
      const id = `role-check-${role ?? 'anonymous'}`;
      expect((await client.post('/api/rules', { ...supplyLow, id })).status).toBe(write);
      if (write !== 201) {
        const current = DEFAULT_RULES[0]!;
        expect((await put(client, '/api/rules/indoor-temp-low', current)).status).toBe(write);
        expect((await client.post('/api/rules/indoor-temp-low/disable')).status).toBe(write);
        expect((await client.post('/api/rules/indoor-temp-low/enable')).status).toBe(write);
        expect((await del(client, '/api/rules/indoor-temp-low')).status).toBe(write);
      }
    });

    it('left the rules the refused calls aimed at untouched', async () => {
      const rule = (await admin.get<RuleDetail>('/api/rules/indoor-temp-low')).body;
      expect(rule).toMatchObject({ archived: false, rule: { enabled: true, version: 1 } });
    });
  });

  describe('create, edit, enable, disable, delete', () => {
    const path = `/api/rules/${supplyLow.id}`;

    it('creates a rule at version 1, whatever version the body says', async () => {
      const { status, body } = await admin.post<StoredRule>('/api/rules', {
        ...supplyLow,
        version: 7,
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        archived: false,
        updatedBy: 'admin',
        rule: { ...supplyLow, version: 1, enabled: true },
      });
      const detail = (await admin.get<RuleDetail>(path)).body;
      expect(detail.versions.map((v) => [v.version, v.change])).toEqual([[1, 'created']]);
      expect(
        app
          .get(RulesService)
          .forKind('heat_station', 'threshold')
          .map((r) => r.id),
      ).toContain(supplyLow.id);
    });

    it('refuses a second rule with the same id', async () => {
      const { status, body } = await admin.post<ApiError>('/api/rules', supplyLow);
      expect(status).toBe(409);
      expect(body.message).toContain('exists already');
    });

    it('edits with the version it read; an edit from an old version is a conflict', async () => {
      const edited = await put(admin, path, { ...supplyLow, clear: 60, version: 1 });
      expect(edited.status).toBe(200);
      expect(edited.body.rule).toMatchObject({ clear: 60, version: 2 });

      const stale = await put<ApiError>(admin, path, { ...supplyLow, clear: 65, version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toContain('is at version 2, not 1');
      expect((await admin.get<RuleDetail>(path)).body.rule).toMatchObject({
        clear: 60,
        version: 2,
      });
    });

    it('refuses an edit without a version, with another id, or of another type', async () => {
      const noVersion = await put<ApiError>(admin, path, supplyLow);
      expect(noVersion.status).toBe(400);
      expect(noVersion.body.details).toContain(
        'version: version (the version you edited) is required',
      );

      const otherId = await put<ApiError>(admin, path, {
        ...supplyLow,
        id: 'indoor-temp-low',
        version: 2,
      });
      expect(otherId.status).toBe(400);
      expect(otherId.body.details?.[0]).toContain("the body's id indoor-temp-low");

      const otherType = await put<ApiError>(admin, path, {
        ...DEFAULT_RULES.find((r) => r.id === 'heating-sensor-offline'),
        id: supplyLow.id,
        version: 2,
      });
      expect(otherType.status).toBe(400);
      expect(otherType.body.details?.[0]).toContain('a threshold rule cannot become no_data');
    });

    it('disables and enables, each a new version; repeating one is a no-op', async () => {
      const off = await admin.post<StoredRule>(`${path}/disable`);
      expect(off.status).toBe(200);
      expect(off.body.rule).toMatchObject({ enabled: false, version: 3 });
      expect(
        app
          .get(RulesService)
          .forKind('heat_station')
          .map((r) => r.id),
      ).not.toContain(supplyLow.id);
      expect(app.get(RulesService).find(supplyLow.id)).toMatchObject({ enabled: false });

      expect((await admin.post<StoredRule>(`${path}/disable`)).body.rule.version).toBe(3);
      const on = await admin.post<StoredRule>(`${path}/enable`);
      expect(on.body.rule).toMatchObject({ enabled: true, version: 4 });
    });

    it('deletes softly: disabled, archived, hidden from the list, kept with its history', async () => {
      const gone = await del(admin, path);
      expect(gone.status).toBe(200);
      expect(gone.body).toMatchObject({ archived: true, rule: { enabled: false, version: 5 } });
      expect((await del(admin, path)).body.rule.version).toBe(5);

      const listed = (await admin.get<{ items: StoredRule[] }>('/api/rules')).body.items;
      expect(listed.map((r) => r.rule.id)).not.toContain(supplyLow.id);
      const all = (await admin.get<{ items: StoredRule[] }>('/api/rules?archived=true')).body.items;
      expect(all.find((r) => r.rule.id === supplyLow.id)?.archived).toBe(true);
      expect((await admin.get<RuleDetail>(path)).body.versions.map((v) => v.change)).toEqual([
        'archived',
        'enabled',
        'disabled',
        'updated',
        'created',
      ]);
      // Its incidents still find their rule (title, domain); the evaluation paths do not.
      expect(app.get(RulesService).find(supplyLow.id)?.id).toBe(supplyLow.id);
      expect(
        app
          .get(RulesService)
          .forKind('heat_station')
          .map((r) => r.id),
      ).not.toContain(supplyLow.id);
    });

    it('refuses to edit an archived rule and restores it on enable', async () => {
      const edit = await put<ApiError>(admin, path, { ...supplyLow, version: 5 });
      expect(edit.status).toBe(409);
      expect(edit.body.message).toContain('archived');
      const restored = await admin.post<StoredRule>(`${path}/enable`);
      expect(restored.body).toMatchObject({ archived: false, rule: { enabled: true, version: 6 } });
    });

    it('filters the list by domain and type', async () => {
      const { body } = await admin.get<{ items: StoredRule[] }>(
        '/api/rules?domain=sanitation&type=case_time_limit',
      );
      expect(body.items.map((r) => r.rule.id)).toEqual([
        'case-limit-dirty-street',
        'case-limit-garbage-pile',
        'case-limit-other',
        'case-limit-road-water-ice',
        'case-limit-toilet',
      ]);
    });

    it('answers 404 for a rule that does not exist', async () => {
      expect((await admin.get('/api/rules/no-such-rule')).status).toBe(404);
      expect(
        (
          await put(admin, '/api/rules/no-such-rule', {
            ...supplyLow,
            id: 'no-such-rule',
            version: 1,
          })
        ).status,
      ).toBe(404);
      expect((await admin.post('/api/rules/no-such-rule/enable')).status).toBe(404);
      expect((await del(admin, '/api/rules/no-such-rule')).status).toBe(404);
    });

    it('records every change in the audit log with who, before and after', async () => {
      const entries = await audit(supplyLow.id);
      expect(entries.map((e) => [e.action, e.actor, e.data.version])).toEqual([
        ['rule.created', 'admin', 1],
        ['rule.updated', 'admin', 2],
        ['rule.disabled', 'admin', 3],
        ['rule.enabled', 'admin', 4],
        ['rule.archived', 'admin', 5],
        ['rule.enabled', 'admin', 6],
      ]);
      const updated = entries[1]!.data;
      expect(updated.before?.rule).toMatchObject({ clear: 58, version: 1 });
      expect(updated.after.rule).toMatchObject({ clear: 60, version: 2 });
      expect(entries[0]!.data.before).toBeNull();
      expect(entries[4]!.data.after.archived).toBe(true);
    });
  });

  describe('validation and hostile input', () => {
    it.each<[string, unknown, string]>([
      [
        'a clear value inside the alarm band',
        { ...supplyLow, id: 'bad-1', clear: 50 },
        'clear: clear must be on the safe side of the yellow level (hysteresis)',
      ],
      [
        'levels in the wrong order',
        {
          ...supplyLow,
          id: 'bad-2',
          levels: [
            { severity: 'yellow', value: 45 },
            { severity: 'red', value: 55 },
          ],
        },
        'levels: a higher severity must need a lower value',
      ],
      [
        'an unknown type',
        { ...supplyLow, id: 'bad-3', type: 'script' },
        'type: type must be one of threshold, no_data, window, case_time_limit, case_cluster',
      ],
      [
        'a misspelt field',
        { ...supplyLow, id: 'bad-4', forMinute: 5 },
        '(body): Unrecognized key: "forMinute"',
      ],
      [
        'a number as a string',
        { ...supplyLow, id: 'bad-5', clear: '58' },
        'clear: Invalid input: expected number, received string',
      ],
      [
        'a bad id',
        { ...supplyLow, id: "x'; DROP TABLE rules; --" },
        'id: id must be 2 to 63 lowercase letters, digits or "-", starting with a letter or digit',
      ],
      [
        'a prototype key',
        JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(supplyLow).slice(1)}`),
        '(body): Unrecognized key: "__proto__"',
      ],
      [
        'a NUL in the title',
        { ...supplyLow, id: 'bad-6', title: 'a\u0000b' },
        'title: must not contain control characters',
      ],
      [
        'a huge list of levels',
        {
          ...supplyLow,
          id: 'bad-7',
          levels: Array.from({ length: 5000 }, (_, i) => ({ severity: 'red', value: i })),
        },
        'levels: Too big: expected array to have <=4 items',
      ],
    ])('answers 400 with details to %s', async (_name, body, detail) => {
      const { status, body: answer } = await admin.post<ApiError>('/api/rules', body);
      expect(status).toBe(400);
      expect(answer).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid request',
      });
      expect(answer.details).toContain(detail);
    });

    it.each([
      ['a JSON array', '[]'],
      ['null', 'null'],
      ['a string', '"rule"'],
    ])('answers 400 to %s as the body', async (_name, body) => {
      expect((await admin.post('/api/rules', body)).status).toBe(400);
    });

    it('answers 400 to malformed JSON', async () => {
      const { status, body } = await admin.post<ApiError>('/api/rules', '{"id":');
      expect(status).toBe(400);
      expect(body.message).toBe('Malformed JSON body');
    });

    it.each([
      ['an injection attempt', "/api/rules/x'%20OR%201=1"],
      ['a path traversal', '/api/rules/..%2F..%2Fetc%2Fpasswd'],
      ['a very long id', `/api/rules/${'a'.repeat(500)}`],
      ['upper case', '/api/rules/INDOOR-TEMP-LOW'],
    ])('answers 400 to %s in the path', async (_name, path) => {
      const { status, body } = await admin.get<ApiError>(path);
      expect(status).toBe(400);
      expect(body.message).toContain('id must be');
    });

    it('answers 400 to a bad list filter', async () => {
      expect((await admin.get('/api/rules?archived=maybe')).status).toBe(400);
      expect((await admin.get('/api/rules?type=nope')).status).toBe(400);
    });

    it('stores markup in names as plain text', async () => {
      const id = 'markup-name';
      const created = await admin.post<StoredRule>('/api/rules', {
        ...supplyLow,
        id,
        name: '<img src=x onerror=alert(1)>',
      });
      expect(created.status).toBe(201);
      expect((await admin.get<RuleDetail>(`/api/rules/${id}`)).body.rule.name).toBe(
        '<img src=x onerror=alert(1)>',
      );
      await del(admin, `/api/rules/${id}`);
    });

    it('created nothing for the refused bodies', async () => {
      const all = (await admin.get<{ items: StoredRule[] }>('/api/rules?archived=true')).body.items;
      expect(all.filter((r) => r.rule.id.startsWith('bad-'))).toEqual([]);
    });
  });

  describe('the evaluation uses the stored rules', () => {
    let redis: Redis;
    let telemetry: Queue;
    let jobs = 0;
    const T0 = Date.parse('2026-11-26T08:00:00+08:00');
    const send = async (readings: JobOf<typeof JobName.EvaluateReadings>['readings']) => {
      jobs += 1;
      await telemetry.add(
        JobName.EvaluateReadings,
        { source: 'test', readings },
        { jobId: `rules-${jobs}` },
      );
      await eventually(
        async () => ((await telemetry.getJobCounts('completed')).completed ?? 0) >= jobs,
        10_000,
        'the readings job',
      );
    };
    const reading = (sensorId: string, minute: number, indoorTempC: number) => ({
      sensorId,
      ts: T0 + minute * 60_000,
      metrics: { indoorTempC },
    });
    const openFor = async (assetId: string) =>
      (await admin.get<IncidentPage>('/api/incidents?status=open')).body.items.filter(
        (i) => i.assetId === assetId,
      );

    beforeAll(async () => {
      const csv = [
        'id,domain,kind,name,district,lng,lat,parentId',
        'IS-0101,heating,indoor_sensor,卫津路 1 号楼,,117.17,39.10,',
        'IS-0102,heating,indoor_sensor,卫津路 2 号楼,,117.171,39.101,',
      ].join('\n');
      expect((await admin.post('/api/assets/import', csv, 'text/csv')).status).toBe(200);
      redis = env.redis();
      telemetry = new Queue(QueueName.Telemetry, {
        connection: redis,
        prefix: redisKeys(env.redisPrefix).bull,
      });
    });

    afterAll(async () => {
      await telemetry?.close();
      redis?.disconnect();
    });

    it('a disabled rule raises nothing; enabled again, it does', async () => {
      expect((await admin.post('/api/rules/indoor-temp-low/disable')).status).toBe(200);
      await send([reading('IS-0101', 0, 15)]);
      expect(await openFor('IS-0101')).toEqual([]);

      expect((await admin.post('/api/rules/indoor-temp-low/enable')).status).toBe(200);
      await send([reading('IS-0101', 1, 15)]);
      const [incident] = await eventually(
        async () => {
          const open = await openFor('IS-0101');
          return open.length ? open : undefined;
        },
        10_000,
        'an incident',
      );
      // Opened by the reading after enabling: the disabled rule left no alert behind at minute 0.
      expect(incident).toMatchObject({
        ruleId: 'indoor-temp-low',
        severity: 'orange',
        openedAt: new Date(T0 + 60_000).toISOString(),
      });
    });

    it('an edited threshold applies to the next readings', async () => {
      const current = (await admin.get<RuleDetail>('/api/rules/indoor-temp-low')).body
        .rule as ThresholdRule;
      const warmer = {
        ...current,
        levels: [
          { severity: 'blue', value: 20 },
          { severity: 'orange', value: 16 },
          { severity: 'red', value: 12 },
        ],
        clear: 20.5,
        title: '{asset}：{value} °C，低于 20 °C',
      };
      expect((await put(admin, '/api/rules/indoor-temp-low', warmer)).status).toBe(200);
      await send([reading('IS-0102', 0, 19)]);
      const [incident] = await eventually(
        async () => {
          const open = await openFor('IS-0102');
          return open.length ? open : undefined;
        },
        10_000,
        'an incident',
      );
      expect(incident).toMatchObject({
        severity: 'blue',
        title: '卫津路 2 号楼：19 °C，低于 20 °C',
      });
    });
  });

  // Two processes cannot open one PGlite directory, so replicas exist only with PostgreSQL:
  // the test is defined for that run alone rather than reported as skipped for the other.
  const itWithReplicas = databaseKind === 'postgres' ? it : () => undefined;
  itWithReplicas('tells another replica about a change at once (Redis message)', async () => {
    const other = await createApiApp(env.config({ AUTH_SECRET: SECRET, WORKERS_IN_API: 'false' }));
    await other.init();
    try {
      const rules = other.get(RulesService);
      expect(rules.find('case-cluster')).toMatchObject({ minCases: 3 });
      const current = (await admin.get<RuleDetail>('/api/rules/case-cluster')).body.rule;
      expect(
        (await put(admin, '/api/rules/case-cluster', { ...current, minCases: 4 })).status,
      ).toBe(200);
      await eventually(
        async () => rules.find('case-cluster', 'case_cluster')?.minCases === 4,
        5_000,
        'the other replica to reload',
      );
      expect((await admin.post('/api/rules/case-cluster/disable')).status).toBe(200);
      await eventually(
        async () => !rules.enabled().some((r) => r.id === 'case-cluster'),
        5_000,
        'the other replica to see it disabled',
      );
    } finally {
      await other.close();
    }
  });
});
