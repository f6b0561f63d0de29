import type { INestApplication } from '@nestjs/common';
import {
  type Incident,
  type IncidentPage,
  type IncidentWithTimeline,
  JobName,
  type JobOf,
  LiveEvent,
  QueueName,
  type Reading,
  type Rejection,
  type Role,
  type SanitationCase,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Socket, io } from 'socket.io-client';
import { createApiApp } from '../../../src/bootstrap.js';
import { DATABASE, type Database } from '../../../src/infra/database/database.js';
import { signToken } from '../../../src/modules/auth/access-token.js';
import { ApiClient } from './api-client.js';
import { type DatabaseKind, TestEnv, eventually } from './test-env.js';

export const TEST_SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
export const ASSET_HEADER = 'id,domain,kind,name,district,lng,lat,parentId';

/**
 * One backend (API with workers) on real Redis, InfluxDB and the database, fed through its real
 * queues: readings (fast path), cases and quarantine rejections, as the collectors would.
 */
export class PipelineHarness {
  api!: ApiClient;
  live: { event: string; incident: Incident }[] = [];
  private queues = new Map<QueueName, Queue>();
  private socket: Socket | null = null;
  private jobs = 0;

  private constructor(
    readonly env: TestEnv,
    readonly app: INestApplication,
    private readonly redis: Redis,
  ) {}

  static async start(
    kind: DatabaseKind,
    assetsCsv: string,
    extraEnv: Record<string, string> = {},
  ): Promise<PipelineHarness> {
    const env = await TestEnv.create(kind);
    const app = await createApiApp(env.config({ AUTH_SECRET: TEST_SECRET, ...extraEnv }));
    await app.listen(0, '127.0.0.1');
    const harness = new PipelineHarness(env, app, env.redis());
    harness.api = ApiClient.of(app);
    await harness.api.login('admin', 'test-admin-password');
    const imported = await harness.api.post<{ imported: number; rejected: unknown[] }>(
      '/api/assets/import',
      `${ASSET_HEADER}\n${assetsCsv.trim()}\n`,
      'text/csv',
    );
    if (imported.status !== 200 || imported.body.rejected.length)
      throw new Error(`asset import failed: ${JSON.stringify(imported.body)}`);
    return harness;
  }

  get db(): Database {
    return this.app.get<Database>(DATABASE);
  }

  /** A client whose token is signed for this role (as http-api.spec.ts does). */
  as(role: Role, username: string = role): ApiClient {
    const client = ApiClient.of(this.app);
    const now = Math.floor(Date.now() / 1000);
    client.token = signToken(
      { sid: 'test-session', sub: username, role, iat: now, exp: now + 3600 },
      TEST_SECRET,
    );
    return client;
  }

  async listen(): Promise<void> {
    this.socket = io(this.api.baseUrl, {
      path: '/socket.io',
      auth: { token: this.api.token },
      transports: ['websocket'],
    });
    for (const event of [
      LiveEvent.IncidentOpened,
      LiveEvent.IncidentUpdated,
      LiveEvent.IncidentResolved,
    ]) {
      this.socket.on(event, (incident: Incident) => this.live.push({ event, incident }));
    }
    await eventually(async () => this.socket!.connected, 10_000, 'socket connection');
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.redis,
        prefix: redisKeys(this.env.redisPrefix).bull,
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job and waits until the worker has handled it. */
  private async run<N extends JobName>(
    queueName: QueueName,
    name: N,
    payload: JobOf<N>,
  ): Promise<void> {
    this.jobs += 1;
    const job = await this.queue(queueName).add(name, payload, { jobId: `job-${this.jobs}` });
    await eventually(
      async () => {
        const state = await job.getState();
        if (state === 'failed') throw new Error(`job ${name} failed: ${job.failedReason}`);
        return state === 'completed';
      },
      20_000,
      `${name} job`,
    );
  }

  /** The fast path, then every transition it enqueued applied. */
  async readings(readings: Reading[]): Promise<void> {
    await this.run(QueueName.Telemetry, JobName.EvaluateReadings, { source: 'test', readings });
    await this.drainIncidents();
  }

  async cases(cases: SanitationCase[]): Promise<void> {
    await this.run(QueueName.Cases, JobName.UpsertCases, { source: 'sanitation-http:test', cases });
  }

  async rejections(rejections: Rejection[]): Promise<void> {
    await this.run(QueueName.Quarantine, JobName.RecordRejections, { rejections });
  }

  /** Waits until the incidents queue has nothing waiting or running. */
  async drainIncidents(): Promise<void> {
    const queue = this.queue(QueueName.Incidents);
    await eventually(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      },
      20_000,
      'the incidents queue to drain',
    );
  }

  async incidents(query = 'limit=500'): Promise<Incident[]> {
    return (await this.api.get<IncidentPage>(`/api/incidents?${query}`)).body.items;
  }

  async incidentOf(assetId: string, status = 'open,acknowledged'): Promise<Incident | undefined> {
    return (await this.incidents(`status=${status}&limit=500`)).find((i) => i.assetId === assetId);
  }

  async detail(id: string): Promise<IncidentWithTimeline> {
    return (await this.api.get<IncidentWithTimeline>(`/api/incidents/${id}`)).body;
  }

  async auditActions(
    target: string,
  ): Promise<{ action: string; actor: string; data: Record<string, unknown> }[]> {
    const rows = await this.db.query<{ action: string; actor: string; data: unknown }>(
      'SELECT action, actor, data FROM audit_log WHERE target = $1 ORDER BY id',
      [target],
    );
    return rows.map((r) => ({
      action: r.action,
      actor: r.actor,
      data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    }));
  }

  async stop(): Promise<void> {
    this.socket?.disconnect();
    for (const queue of this.queues.values()) await queue.close();
    await this.app.close();
    this.redis.disconnect();
    await this.env.dispose();
  }
}
