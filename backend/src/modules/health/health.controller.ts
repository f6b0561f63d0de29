import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { HealthCheck } from '@cityops/contracts';
import type { Response } from 'express';
import type { InfluxDB } from 'influx';
import type { Redis } from 'ioredis';
import { DATABASE, type Database } from '../../infra/database/database.js';
import { INFLUX } from '../../infra/influx/influx.js';
import { REDIS } from '../../infra/redis/redis.js';
import { Public } from '../auth/auth.decorators.js';
import { CollectorHeartbeatsRepository } from './collector-heartbeats.repository.js';

const CHECK_TIMEOUT_MS = 3_000;

@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(INFLUX) private readonly influx: InfluxDB,
    private readonly collectors: CollectorHeartbeatsRepository,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: Redis, InfluxDB and the database answer; 503 with the failing checks otherwise.
   * The collectors' heartbeats are listed for information and do not decide readiness.
   */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const checks = Object.fromEntries(
      await Promise.all(
        Object.entries({
          redis: () => this.redis.ping(),
          influxdb: async () => {
            const [host] = await this.influx.ping(CHECK_TIMEOUT_MS);
            if (!host?.online) throw new Error('ping failed');
          },
          database: () => this.db.query('SELECT 1'),
        }).map(async ([name, check]) => [name, await timed(check)] as const),
      ),
    );
    const collectors = await this.collectors.list(Date.now()).catch(() => []);
    const body: HealthCheck = {
      status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'error',
      checks,
      collectors,
    };
    res.status(body.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }
}

async function timed(
  check: () => Promise<unknown>,
): Promise<{ ok: boolean; ms: number; detail?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      detail: (error as Error).message,
    };
  }
}
