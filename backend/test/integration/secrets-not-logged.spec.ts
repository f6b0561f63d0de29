import { type Server, createServer } from 'node:http';
import {
  type ChannelTarget,
  type DeliverNotificationJob,
  type IncidentPage,
  type IncidentWithTimeline,
  JobName,
  QueueName,
  deliveryIdOf,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeJobId } from '../../src/infra/queue/job-queue.js';
import { BackendProcess, freePort } from './support/built-backend.js';
import { TestEnv, eventually, portOf } from './support/test-env.js';

/**
 * Secrets never reach the logs (issue #7): the built backend, started with distinctive secrets in
 * every place one is configured, signs people in and out, refuses bad input, and fails to deliver
 * on every channel; everything it writes to stdout and stderr is then searched for each secret.
 */
const SECRETS = {
  AUTH_SECRET: 'AUTHSECRET-7f3c9e1ad4b24c8e9a6f0b1c2d3e4f5a',
  ADMIN_PASSWORD: 'ADMINPASSWORD-8e2d51c7',
  WRONG_PASSWORD: 'WRONGPASSWORD-2b4f9a03',
  SMTP_PASSWORD: 'SMTPPASSWORD-5b9a7c31',
  SMS_GATEWAY_AUTH: 'Bearer SMSGATEWAYAUTH-3c7f0e9d',
  INFLUX_PASSWORD: 'INFLUXPASSWORD-6d1e8b42',
  DINGTALK_SECRET: 'SECDINGTALKSECRET4d8e2a6f',
  DINGTALK_TOKEN: 'DINGTALKTOKEN9a3c5e71',
  WECOM_KEY: 'WECOMKEY-1f6b3d85',
  WEBHOOK_SECRET: 'WEBHOOKSECRET-0c8a4e27',
  FORGED_TOKEN: 'FORGEDTOKEN-e5a1c9d3',
};

/** The ways a secret could appear: as is, URL-encoded, inside Basic credentials. */
function spellings(name: string, value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value)]);
  if (name === 'SMTP_PASSWORD')
    forms.add(Buffer.from(`cityops\u0000cityops\u0000${value}`).toString('base64'));
  return [...forms];
}

/** Receivers that refuse every delivery, each its own way. */
class FailingReceivers {
  private http!: Server;
  private smtp!: SMTPServer;
  base = '';
  smtpPort = 0;
  readonly paths: string[] = [];

  async start(): Promise<void> {
    this.http = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        this.paths.push(path);
        const [status, body] =
          path === '/dingtalk'
            ? [200, { errcode: 310000, errmsg: 'sign not match' }]
            : path === '/wecom'
              ? [200, { errcode: 93000, errmsg: 'invalid webhook url' }]
              : path === '/sms'
                ? [401, { error: 'unauthorised' }]
                : [500, { error: 'upstream down' }];
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${portOf(this.http)}`;
    this.smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
    });
    await new Promise<void>((resolve) => this.smtp.listen(0, '127.0.0.1', resolve));
    this.smtpPort = portOf(this.smtp.server);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.http?.close(() => resolve()));
    await new Promise<void>((resolve) => this.smtp?.close(() => resolve()));
  }
}

describe('secrets never logged - the built backend', () => {
  let env: TestEnv;
  let rx: FailingReceivers;
  let backend: BackendProcess;
  let base = '';
  let issuedToken = '';
  /** Credentials the run issued: refresh, display and API tokens, a user's changed password. */
  const issued: Record<string, string> = {};

  const call = async (
    method: string,
    path: string,
    { body, token, type }: { body?: string; token?: string; type?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = type ?? 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, text };
  };

  beforeAll(async () => {
    env = await TestEnv.create('pglite');
    rx = new FailingReceivers();
    await rx.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const influx = new URL(env.influxUrl);
    // Ignored by an InfluxDB without authentication, but configured all the same.
    influx.username = 'cityops';
    influx.password = SECRETS.INFLUX_PASSWORD;
    backend = BackendProcess.start(
      'api',
      'api',
      env.vars({
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'verbose',
        INFLUX_URL: influx.href,
        AUTH_SECRET: SECRETS.AUTH_SECRET,
        ADMIN_PASSWORD: SECRETS.ADMIN_PASSWORD,
        SMTP_URL: `smtp://cityops:${SECRETS.SMTP_PASSWORD}@127.0.0.1:${rx.smtpPort}`,
        SMS_GATEWAY_URL: `${rx.base}/sms`,
        SMS_GATEWAY_AUTH: SECRETS.SMS_GATEWAY_AUTH,
        NOTIFY_ATTEMPTS: '2',
        NOTIFY_BACKOFF_MS: '100',
        NOTIFY_TIMEOUT_MS: '3000',
      }),
      { keepLines: Infinity },
    );
    await backend.ready(base, 90_000);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await rx?.stop();
    await env?.dispose();
  });

  it('signs in, refuses bad credentials and locks an account', async () => {
    const good = await call('POST', '/api/auth/login', {
      body: JSON.stringify({ username: 'admin', password: SECRETS.ADMIN_PASSWORD }),
    });
    expect(good.status).toBe(200);
    issuedToken = (JSON.parse(good.text) as { token: string }).token;
    const wrong = await call('POST', '/api/auth/login', {
      body: JSON.stringify({ username: 'admin', password: SECRETS.WRONG_PASSWORD }),
    });
    expect(wrong.status).toBe(401);
    // A password typed into the username field, five times: the lockout is logged, not the name.
    for (let i = 0; i < 5; i++) {
      const typo = await call('POST', '/api/auth/login', {
        body: JSON.stringify({
          username: SECRETS.ADMIN_PASSWORD,
          password: SECRETS.WRONG_PASSWORD,
        }),
      });
      expect(typo.status).toBe(401);
    }
  });

  it('refreshes, changes a password, makes and revokes display and API tokens, and logs out', async () => {
    const session = JSON.parse(
      (
        await call('POST', '/api/auth/login', {
          body: JSON.stringify({ username: 'admin', password: SECRETS.ADMIN_PASSWORD }),
        })
      ).text,
    ) as { token: string; refreshToken: string };
    const refreshed = await call('POST', '/api/auth/refresh', {
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    issued.REFRESH_TOKEN = session.refreshToken;
    issued.ROTATED_REFRESH_TOKEN = (
      JSON.parse(refreshed.text) as { refreshToken: string }
    ).refreshToken;
    // Used again: refused (a race within 30 s), and the attempt must not print the token.
    expect(
      (
        await call('POST', '/api/auth/refresh', {
          body: JSON.stringify({ refreshToken: session.refreshToken }),
        })
      ).status,
    ).toBe(401);

    const user = await call('POST', '/api/users', {
      token: issuedToken,
      body: JSON.stringify({ username: 'duty.officer', role: 'operator' }),
    });
    expect(user.status, user.text).toBe(201);
    issued.GENERATED_PASSWORD = (
      JSON.parse(user.text) as { generatedPassword: string }
    ).generatedPassword;
    const officer = JSON.parse(
      (
        await call('POST', '/api/auth/login', {
          body: JSON.stringify({ username: 'duty.officer', password: issued.GENERATED_PASSWORD }),
        })
      ).text,
    ) as { token: string };
    issued.NEW_PASSWORD = 'NEWPASSWORD-4a7e1c93';
    const changed = await call('POST', '/api/auth/password', {
      token: officer.token,
      body: JSON.stringify({
        currentPassword: issued.GENERATED_PASSWORD,
        newPassword: issued.NEW_PASSWORD,
      }),
    });
    expect(changed.status, changed.text).toBe(200);
    const refused = await call('POST', '/api/auth/password', {
      token: (JSON.parse(changed.text) as { token: string }).token,
      body: JSON.stringify({ currentPassword: SECRETS.WRONG_PASSWORD, newPassword: 'short' }),
    });
    expect(refused.status).toBe(400);

    for (const body of [
      { kind: 'display', name: 'wall' },
      { kind: 'api', name: 'bridge', scopes: ['incidents:read'] },
    ]) {
      const created = await call('POST', '/api/tokens', {
        token: issuedToken,
        body: JSON.stringify(body),
      });
      expect(created.status, created.text).toBe(201);
      const { token, item } = JSON.parse(created.text) as { token: string; item: { id: string } };
      issued[`${body.kind.toUpperCase()}_TOKEN`] = token;
      expect((await call('GET', '/api/incidents', { token })).status).toBe(200);
      expect((await call('DELETE', `/api/tokens/${item.id}`, { token: issuedToken })).status).toBe(
        204,
      );
      expect((await call('GET', '/api/incidents', { token })).status).toBe(401);
    }
    expect((await call('POST', '/api/auth/logout', { token: session.token })).status).toBe(204);
    expect((await call('GET', '/api/incidents', { token: session.token })).status).toBe(401);
  });

  it('refuses malformed, oversized and forged requests', async () => {
    const answers = [
      await call('POST', '/api/auth/login', {
        body: `{"username":"admin","password":"${SECRETS.WRONG_PASSWORD}`,
      }),
      await call('POST', '/api/auth/login', {
        body: JSON.stringify({ username: 'admin', password: SECRETS.WRONG_PASSWORD, x: 1 }),
      }),
      await call('POST', '/api/auth/login', {
        body: JSON.stringify({
          username: 'admin',
          password: SECRETS.WRONG_PASSWORD.repeat(60_000),
        }),
      }),
      await call('GET', '/api/incidents', { token: SECRETS.FORGED_TOKEN }),
      await call('GET', `/ack/${SECRETS.FORGED_TOKEN}`),
      await call('GET', `/api/oncall/ical/someone.ics?token=${SECRETS.FORGED_TOKEN}`),
      await call('POST', '/api/oncall/teams', {
        token: issuedToken,
        body: JSON.stringify({ id: 'BAD ID', secret: SECRETS.WEBHOOK_SECRET }),
      }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 413, 401, 400, 401, 400]);
  });

  it('keeps contacts with secrets, and fails to deliver on every channel', async () => {
    const targets: ChannelTarget[] = [
      {
        kind: 'dingtalk',
        webhookUrl: `${rx.base}/dingtalk?access_token=${SECRETS.DINGTALK_TOKEN}`,
        secret: SECRETS.DINGTALK_SECRET,
      },
      { kind: 'wecom', webhookUrl: `${rx.base}/wecom?key=${SECRETS.WECOM_KEY}` },
      { kind: 'webhook', url: `${rx.base}/webhook`, secret: SECRETS.WEBHOOK_SECRET },
      { kind: 'sms', phone: '+8613800000000' },
      { kind: 'email', address: 'duty@cityops.test' },
    ];
    const team = await call('POST', '/api/oncall/teams', {
      token: issuedToken,
      body: JSON.stringify({
        id: 'duty',
        name: 'Duty',
        members: [{ id: 'zhang', displayName: 'Zhang', contacts: targets }],
      }),
    });
    expect(team.status, team.text).toBe(201);

    const imported = await call('POST', '/api/assets/import', {
      token: issuedToken,
      type: 'text/csv',
      body: 'id,domain,kind,name,district,lng,lat,parentId\nWL-0001,waterlogging,underpass,解放桥下穿,,117.205,39.13,\n',
    });
    expect(imported.status, imported.text).toBe(200);
    const redis = env.redis();
    const bull = redisKeys(env.redisPrefix).bull;
    const telemetry = new Queue(QueueName.Telemetry, { connection: redis, prefix: bull });
    const notifications = new Queue(QueueName.Notifications, { connection: redis, prefix: bull });
    try {
      await telemetry.add(JobName.EvaluateReadings, {
        source: 'test',
        readings: [{ sensorId: 'WL-0001', ts: Date.now() - 60_000, metrics: { depthCm: 42 } }],
      });
      const incident = await eventually(
        async () => {
          const page = await call('GET', '/api/incidents?status=open', { token: issuedToken });
          return (JSON.parse(page.text) as IncidentPage).items.find((i) => i.assetId === 'WL-0001');
        },
        30_000,
        'the incident',
      );

      const ids = targets.map((target) => {
        const job: DeliverNotificationJob = {
          deliveryId: deliveryIdOf({
            incidentId: incident.id,
            step: 0,
            recipient: 'zhang',
            channel: target.kind,
          }),
          incidentId: incident.id,
          recipient: 'zhang',
          target,
          locale: 'en',
          message: {
            kind: 'incident_opened',
            incident,
            rule: { name: 'Water depth', threshold: 15, direction: 'above' },
            step: 0,
            acknowledgeUrl: null,
          },
        };
        return job;
      });
      for (const job of ids)
        await notifications.add(JobName.DeliverNotification, job, {
          jobId: safeJobId(job.deliveryId),
          attempts: 2,
          backoff: { type: 'fixed', delay: 100 },
        });

      const failed = await eventually(
        async () => {
          const detail = JSON.parse(
            (await call('GET', `/api/incidents/${incident.id}`, { token: issuedToken })).text,
          ) as IncidentWithTimeline;
          const done = detail.timeline.filter((e) => e.type === 'notification_failed');
          return done.length === targets.length ? done : null;
        },
        60_000,
        'every delivery to fail',
      );
      expect(failed.map((e) => e.data.channel).sort()).toEqual(
        ['dingtalk', 'email', 'sms', 'webhook', 'wecom'].sort(),
      );
      expect(rx.paths).toEqual(expect.arrayContaining(['/dingtalk', '/wecom', '/webhook', '/sms']));
    } finally {
      await telemetry.close();
      await notifications.close();
      redis.disconnect();
    }
  });

  it('wrote none of the secrets, nor the token it issued, to stdout or stderr', async () => {
    await backend.stop(10_000);
    const output = backend.lines.join('\n');
    // The log is not empty: the run was logged, failures included.
    expect(output).toContain('from ADMIN_PASSWORD');
    expect(output).toContain('a username was locked');
    // Written while handling a sign-in: the line names that request (X-Request-Id).
    expect(backend.lines.find((line) => line.includes('a username was locked'))).toMatch(
      /"requestId":"[0-9a-f-]{36}"/,
    );
    expect(output).toMatch(/notifications\/deliver-notification .* failed/);
    expect(Object.keys(issued)).toHaveLength(6);
    const leaks = Object.entries({ ...SECRETS, ...issued, ISSUED_TOKEN: issuedToken }).flatMap(
      ([name, value]) =>
        spellings(name, value)
          .filter((form) => output.includes(form))
          .map((form) => `${name} (${form})`),
    );
    expect(leaks).toEqual([]);
  });

  it('names the bad variables of a refused configuration without their values', async () => {
    const refused = BackendProcess.start(
      'refused',
      'api',
      env.vars({
        AUTH_SECRET: `short-${SECRETS.AUTH_SECRET.slice(0, 20)}`,
        ADMIN_PASSWORD: `${SECRETS.ADMIN_PASSWORD}${'x'.repeat(200)}`,
        SMTP_URL: `smtp://cityops:${SECRETS.SMTP_PASSWORD}@127.0.0.1:notaport`,
        SMS_GATEWAY_AUTH: `${SECRETS.SMS_GATEWAY_AUTH}${'y'.repeat(2_000)}`,
      }),
      { keepLines: Infinity },
    );
    expect(await refused.exited).toBe(1);
    const output = refused.lines.join('\n');
    for (const name of ['AUTH_SECRET', 'ADMIN_PASSWORD', 'SMTP_URL', 'SMS_GATEWAY_AUTH'])
      expect(output).toContain(name);
    for (const value of [
      SECRETS.AUTH_SECRET.slice(0, 20),
      SECRETS.ADMIN_PASSWORD,
      SECRETS.SMTP_PASSWORD,
      SECRETS.SMS_GATEWAY_AUTH,
    ])
      expect(output).not.toContain(value);
  });
});
