import type { INestApplication } from '@nestjs/common';
import {
  type CaseDto,
  JobName,
  QueueName,
  type SanitationCase,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv, eventually } from './support/test-env.js';

const HOUR = 3_600_000;
const now = Date.now();

const aCase = (id: string, overrides: Partial<SanitationCase> = {}): SanitationCase => ({
  id,
  category: 'garbage_pile',
  source: 'hotline',
  status: 'open',
  reportedAt: now - 10 * HOUR,
  updatedAt: now - 10 * HOUR,
  dueAt: now + 2 * HOUR,
  lng: 117.196,
  lat: 39.118,
  district: '120101',
  description: '路边垃圾堆放',
  ...overrides,
});

describe.each(DATABASE_KINDS)('sanitation cases - /api/cases (%s)', (databaseKind) => {
  let env: TestEnv;
  let app: INestApplication;
  let api: ApiClient;
  let redis: Redis;
  let queue: Queue;
  let jobs = 0;

  const send = async (cases: SanitationCase[]) => {
    jobs += 1;
    await queue.add(
      JobName.UpsertCases,
      { source: 'sanitation-http:test', cases },
      { jobId: `cases-${jobs}` },
    );
    await eventually(
      async () => ((await queue.getJobCounts('completed')).completed ?? 0) >= jobs,
      10_000,
      'the cases job',
    );
  };
  const list = async (query = '') =>
    (await api.get<{ items: CaseDto[]; next: string | null }>(`/api/cases${query}`)).body;
  const byId = async (id: string) => (await list('?limit=500')).items.find((c) => c.id === id);

  beforeAll(async () => {
    env = await TestEnv.create(databaseKind);
    app = await createApiApp(env.config());
    await app.listen(0, '127.0.0.1');
    api = ApiClient.of(app);
    await api.login('admin', 'test-admin-password');
    redis = env.redis();
    queue = new Queue(QueueName.Cases, {
      connection: redis,
      prefix: redisKeys(env.redisPrefix).bull,
    });
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await app?.close();
    await env?.dispose();
  });

  it('stores a case once and moves it through its statuses', async () => {
    await send([aCase('SC-1')]);
    await send([aCase('SC-1', { status: 'in_progress', updatedAt: now - 9 * HOUR })]);
    await send([aCase('SC-1', { status: 'closed', updatedAt: now - 8 * HOUR })]);
    const items = (await list()).items.filter((c) => c.id === 'SC-1');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      status: 'closed',
      closedAt: new Date(now - 8 * HOUR).toISOString(),
      overdue: false,
      location: [117.196, 39.118],
    });
  });

  it('never rolls a case back to an older update (replayed or reordered pages)', async () => {
    await send([aCase('SC-2', { status: 'closed', updatedAt: now - HOUR })]);
    await send([aCase('SC-2', { status: 'open', updatedAt: now - 5 * HOUR })]);
    expect((await byId('SC-2'))!.status).toBe('closed');
  });

  it('keeps the newest of several updates of one case in the same batch', async () => {
    await send([
      aCase('SC-3', { status: 'in_progress', updatedAt: now - 2 * HOUR }),
      aCase('SC-3', { status: 'closed', updatedAt: now - HOUR }),
      aCase('SC-3', { status: 'open', updatedAt: now - 3 * HOUR }),
    ]);
    expect((await byId('SC-3'))!.status).toBe('closed');
  });

  it('marks a case overdue past its time limit, and filters by it', async () => {
    await send([
      aCase('SC-LATE', { dueAt: now - HOUR, category: 'snow_ice' }),
      aCase('SC-CLOSED-LATE', {
        status: 'closed',
        dueAt: now - 5 * HOUR,
        updatedAt: now - 2 * HOUR,
      }),
    ]);
    expect((await byId('SC-LATE'))!.overdue).toBe(true);
    expect((await byId('SC-CLOSED-LATE'))!.overdue).toBe(true);
    const overdue = (await list('?overdue=true')).items.map((c) => c.id).sort();
    expect(overdue).toEqual(['SC-CLOSED-LATE', 'SC-LATE']);
    expect((await list('?overdue=false')).items.map((c) => c.id)).not.toContain('SC-LATE');
    expect((await list('?category=snow_ice')).items.map((c) => c.id)).toEqual(['SC-LATE']);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    await send(
      Array.from({ length: 7 }, (_, i) =>
        aCase(`SC-P${i}`, { reportedAt: now - (20 + i) * HOUR, updatedAt: now - 20 * HOUR }),
      ),
    );
    const all = (await list('?limit=500')).items.map((c) => c.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: CaseDto[]; next: string | null } = await list(
        `?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((c) => c.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it.each([
    '?status=done',
    '?overdue=maybe',
    '?limit=0',
    '?district=abc',
    '?cursor=bogus',
    "?category=garbage_pile'--",
    '?sort=id',
  ])('answers 400 to %s', async (query) => {
    expect((await api.get(`/api/cases${query}`)).status).toBe(400);
  });
});
