import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  type DeliverNotificationJob,
  type Incident,
  JobName,
  QueueName,
  deliveryIdOf,
} from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/infra/database/database.js';
import { openDatabase } from '../../src/infra/database/open-database.js';
import { JobQueue, safeJobId } from '../../src/infra/queue/job-queue.js';
import { IncidentsRepository } from '../../src/modules/incidents/incidents.repository.js';
import { BackendProcess, assertBackendBuilt } from './support/built-backend.js';
import { TestEnv, eventually, portOf } from './support/test-env.js';

/*
 * Built worker processes (dist/worker.js) consuming one notifications queue on PostgreSQL, sending
 * webhooks to a receiver on 127.0.0.1 that checks each signature and records every request, what
 * became of it (answered, or abandoned: the sender went away before the answer) and its delivery
 * header. (a) Two workers, deliveries enqueued twice, enqueued again after their job completed, and
 * a second job for a delivery while the first is sending it: each delivery reaches the receiver
 * once. (b) A worker killed with SIGKILL while the receiver holds its requests, and a new one
 * started: the requests it had in flight are sent again once their lease runs out (the receiver
 * got them, the worker never got the answer: docs/notifications.md), every other delivery once.
 */

const SECRET = 'workers-test-webhook-secret';
const CONCURRENCY = 8;
// Well above how long the receiver holds requests in (b) (about a second); the lease is 3 × it + 5 s.
const TIMEOUT_MS = 4_000;
const INCIDENTS = 10;

interface Received {
  path: string;
  /** X-CityOps-Delivery, decoded. */
  deliveryId: string;
  bodyDeliveryId: string;
  signed: boolean;
  answered: boolean;
  abandoned: boolean;
}

/** A webhook receiver that can hold its answers (per path prefix) until released. */
class Receiver {
  readonly requests: Received[] = [];
  inFlight = 0;
  peakInFlight = 0;
  private readonly held = new Map<string, (() => void)[]>();
  private server!: Server;
  base = '';

  constructor(private readonly answerAfterMs: number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${portOf(this.server)}`;
  }

  hold(prefix: string): void {
    this.held.set(prefix, []);
  }

  /** Answers what was held for the prefix, and everything after it at once. */
  release(prefix: string): void {
    const waiting = this.held.get(prefix) ?? [];
    this.held.delete(prefix);
    for (const answer of waiting) answer();
  }

  heldCount(prefix: string): number {
    return this.held.get(prefix)?.length ?? 0;
  }

  to(deliveryId: string): Received[] {
    return this.requests.filter((r) => r.deliveryId === deliveryId);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-cityops-timestamp']);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
      const received: Received = {
        path: req.url ?? '',
        deliveryId: decodeURIComponent(String(req.headers['x-cityops-delivery'])),
        bodyDeliveryId: (JSON.parse(body) as { deliveryId: string }).deliveryId,
        signed: req.headers['x-cityops-signature'] === expected,
        answered: false,
        abandoned: false,
      };
      this.requests.push(received);
      this.inFlight += 1;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      res.once('close', () => {
        this.inFlight -= 1;
        if (!res.writableFinished) received.abandoned = true;
      });
      const answer = () => {
        if (res.destroyed) return;
        received.answered = true;
        res.writeHead(received.signed ? 204 : 401).end();
      };
      const prefix = [...this.held.keys()].find((p) => received.path.startsWith(p));
      if (prefix) this.held.get(prefix)!.push(answer);
      else setTimeout(answer, this.answerAfterMs);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('notification deliveries across worker processes (PostgreSQL)', () => {
  let env: TestEnv;
  let db: Database;
  let redis: Redis;
  let jobs: JobQueue;
  let incidents: Incident[];
  const rx = new Receiver(20);
  const workers: BackendProcess[] = [];

  const queue = () => jobs.queue(QueueName.Notifications);
  const startWorker = (name: string) => {
    const worker = BackendProcess.start(
      name,
      'worker',
      env.vars({
        WORKERS_IN_API: 'false',
        NOTIFY_CONCURRENCY: String(CONCURRENCY),
        NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS),
        NOTIFY_ATTEMPTS: '3',
        NOTIFY_BACKOFF_MS: '200',
        NOTIFY_RATE_LIMITS: 'webhook:100000',
      }),
    );
    workers.push(worker);
    return worker;
  };
  const consumers = (n: number) =>
    eventually(
      async () => (await queue().getWorkersCount()) === n,
      45_000,
      `${n} workers consuming the notifications queue`,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${workers.map((w) => w.output()).join('\n')}`, {
        cause: error,
      });
    });

  /** Delivery n of a phase, to the receiver's path, about one of the incidents. */
  const delivery = (phase: string, n: number, path: string): DeliverNotificationJob => {
    const incident = incidents[n % incidents.length]!;
    const recipient = `${phase}-${n}`;
    return {
      deliveryId: deliveryIdOf({ incidentId: incident.id, step: 0, recipient, channel: 'webhook' }),
      incidentId: incident.id,
      recipient,
      target: { kind: 'webhook', url: `${rx.base}${path}`, secret: SECRET },
      message: {
        kind: 'incident_opened',
        incident,
        rule: { name: '下穿积水', threshold: 25, direction: 'above' },
        step: 0,
        acknowledgeUrl: null,
      },
    };
  };
  /** As NotificationsService.enqueueNow: job id = delivery id. */
  const enqueue = (job: DeliverNotificationJob) =>
    jobs.add(JobName.DeliverNotification, job, job.deliveryId, {
      attempts: 3,
      backoff: { type: 'exponential', delay: 200 },
    });

  const rowsOf = async (phase: string) =>
    db.query<{ delivery_id: string; status: string; attempts: number }>(
      `SELECT delivery_id, status, attempts FROM notification_deliveries
        WHERE recipient LIKE $1 ORDER BY delivery_id`,
      [`${phase}-%`],
    );
  const notifiedEvents = async (phase: string) => {
    const rows = await db.query<{ delivery_id: string; n: number; attempts: string }>(
      `SELECT data->>'deliveryId' AS delivery_id, count(*)::int AS n, max(data->>'attempts') AS attempts
         FROM incident_events
        WHERE type = 'notified' AND data->>'recipient' LIKE $1
        GROUP BY 1`,
      [`${phase}-%`],
    );
    return new Map(rows.map((r) => [r.delivery_id, r]));
  };
  const drained = () =>
    eventually(
      async () => {
        const counts = await queue().getJobCounts('waiting', 'active', 'delayed', 'failed');
        if (counts.failed) throw new Error(`${counts.failed} delivery jobs failed`);
        return Object.values(counts).every((n) => n === 0);
      },
      45_000,
      'the notifications queue to drain',
    );

  beforeAll(async () => {
    assertBackendBuilt();
    env = await TestEnv.create('postgres');
    db = await openDatabase({ DATABASE_URL: env.databaseUrl, DATA_DIR: env.dataDir });
    redis = env.redis();
    jobs = new JobQueue(redis, env.config());
    await rx.start();
    const repository = new IncidentsRepository(db);
    incidents = await db.transaction(async (tx) => {
      const opened: Incident[] = [];
      for (let i = 0; i < INCIDENTS; i++)
        opened.push(
          await repository.insert(tx, {
            id: randomUUID(),
            key: `underpass-depth|WL-W${i}`,
            domain: 'waterlogging',
            ruleId: 'underpass-depth',
            assetId: `WL-W${i}`,
            assetName: `多进程下穿 ${i}`,
            district: null,
            severity: 'red',
            title: `多进程下穿 ${i}：积水 42 cm`,
            metric: 'depthCm',
            openedAt: new Date(),
            lastValue: 42,
            location: [117.2, 39.13],
          }),
        );
      return opened;
    });
    startWorker('worker-1');
    startWorker('worker-2');
    await consumers(2);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await jobs?.onApplicationShutdown();
    redis?.disconnect();
    await db?.close();
    await rx.stop();
    await env?.dispose();
  }, 60_000);

  it('delivers each delivery once across two workers, however often and by how many jobs it is enqueued', async () => {
    const all = Array.from({ length: 200 }, (_, n) => delivery('a', n, `/a/${n % 4}`));
    await Promise.all(all.flatMap((job) => [enqueue(job), enqueue(job)]));

    // A second job for the same delivery while the first sends it, as a stalled job taken over
    // would be: whichever claims the row second must wait for the lease, not send alongside.
    rx.hold('/raced/');
    const raced = Array.from({ length: 6 }, (_, n) => delivery('a', 200 + n, `/raced/${n}`));
    for (const job of raced) {
      await enqueue(job);
      await queue().add(JobName.DeliverNotification, job, {
        jobId: safeJobId(`${job.deliveryId}|second`),
        attempts: 3,
      });
    }
    await eventually(
      async () =>
        rx.heldCount('/raced/') === raced.length &&
        (await queue().getDelayedCount()) === raced.length,
      20_000,
      'one request per raced delivery held, the other job of each waiting for the lease',
    );
    rx.release('/raced/');
    await eventually(
      async () => (await rowsOf('a')).filter((r) => r.status === 'sent').length === 206,
      30_000,
      'every delivery sent',
    );
    // The deferred jobs would wake when the lease ends; now is enough to see they send nothing.
    for (const job of await queue().getDelayed()) await job.promote();
    await drained();

    // Enqueued again after completing: while BullMQ keeps the job, and after it is gone.
    const again = all.slice(0, 20);
    for (const job of again.slice(10))
      await (await queue().getJob(safeJobId(job.deliveryId)))!.remove();
    await Promise.all(again.map(enqueue));
    await drained();

    const everything = [...all, ...raced];
    const times = everything.map((job) => rx.to(job.deliveryId).length);
    expect(times.filter((n) => n !== 1)).toEqual([]);
    expect(rx.requests.filter((r) => !r.signed || r.bodyDeliveryId !== r.deliveryId)).toEqual([]);
    expect(rx.peakInFlight, 'both workers sending at once').toBeGreaterThan(CONCURRENCY);
    const rows = await rowsOf('a');
    expect(rows).toHaveLength(everything.length);
    expect(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1)).toEqual([]);
    const events = await notifiedEvents('a');
    expect(everything.filter((job) => events.get(job.deliveryId)?.n !== 1)).toEqual([]);
    // One job per delivery, two per raced one; the ten removed were replaced by new ones.
    expect(await queue().getJobCounts('completed', 'failed')).toEqual({
      completed: all.length + 2 * raced.length,
      failed: 0,
    });
  }, 60_000);

  it('sends again, after the lease, only what a worker killed with SIGKILL had in flight', async () => {
    const all = Array.from({ length: 60 }, (_, n) => delivery('b', n, `/b/${n % 4}`));
    rx.hold('/b/');
    await Promise.all(all.map(enqueue));
    // Both workers' slots full: every job either one runs is a request the receiver holds.
    await eventually(
      async () => rx.heldCount('/b/') === 2 * CONCURRENCY,
      20_000,
      'both workers sending',
    );
    await workers[0]!.crash();
    const sendingAtKill = new Set(
      (await rowsOf('b')).filter((r) => r.status === 'sending').map((r) => r.delivery_id),
    );
    await eventually(
      async () => rx.requests.filter((r) => r.abandoned).length === CONCURRENCY,
      5_000,
      "the receiver to see the killed worker's connections close",
    );
    rx.release('/b/');
    startWorker('worker-3');
    await consumers(2);

    await eventually(
      async () =>
        (await rowsOf('b')).every((r) => r.status === 'sent') &&
        (await rowsOf('b')).length === all.length,
      45_000,
      'every delivery sent after the restart',
    );
    await drained();

    const abandoned = new Set(
      rx.requests.filter((r) => r.path.startsWith('/b/') && r.abandoned).map((r) => r.deliveryId),
    );
    expect(abandoned.size).toBe(CONCURRENCY);
    expect([...abandoned].filter((id) => !sendingAtKill.has(id))).toEqual([]);
    const wrong: string[] = [];
    for (const job of all) {
      const requests = rx.to(job.deliveryId);
      const expected = abandoned.has(job.deliveryId) ? ['abandoned', 'answered'] : ['answered'];
      const got = requests.map((r) => (r.abandoned ? 'abandoned' : r.answered ? 'answered' : '?'));
      if (JSON.stringify(got) !== JSON.stringify(expected))
        wrong.push(`${job.recipient}: ${got.join(', ')} (expected ${expected.join(', ')})`);
    }
    expect(wrong).toEqual([]);
    // The same delivery header both times: the receiver can tell the repeat.
    expect(rx.requests.filter((r) => !r.signed || r.bodyDeliveryId !== r.deliveryId)).toEqual([]);

    const rows = new Map((await rowsOf('b')).map((r) => [r.delivery_id, r]));
    const events = await notifiedEvents('b');
    for (const job of all) {
      const attempts = abandoned.has(job.deliveryId) ? 2 : 1;
      expect(rows.get(job.deliveryId)).toMatchObject({ status: 'sent', attempts });
      expect(events.get(job.deliveryId)).toMatchObject({ n: 1, attempts: String(attempts) });
    }
  }, 75_000);
});
