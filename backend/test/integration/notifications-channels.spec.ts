import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import {
  type ChannelTarget,
  type DeliverNotificationJob,
  type Incident,
  QueueName,
  deliveryIdOf,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeJobId } from '../../src/infra/queue/job-queue.js';
import { NotificationsService } from '../../src/modules/notifications/notifications.service.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS, eventually, portOf } from './support/test-env.js';

const ASSETS = `
WL-0001,waterlogging,underpass,解放桥下穿,,117.205,39.13,
WL-0002,waterlogging,underpass,大光明桥下穿,,117.21,39.125,
`;

const DINGTALK_SECRET = 'SEC-dingtalk-test-secret-0123456789';
const WEBHOOK_SECRET = 'webhook-test-secret-0123456789';
const SMS_AUTH = 'Bearer sms-test-token';
const RATE_WINDOW_MS = 2_000;

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * Local stand-ins for the real receivers: a WeCom and a DingTalk robot (errcode answers, the
 * DingTalk signature checked with the secret), a webhook receiver checking the HMAC, an SMS gateway
 * checking its Authorization, each with scripted failures by path.
 */
class Receivers {
  readonly requests: Received[] = [];
  readonly mails: Mail[] = [];
  private readonly counts = new Map<string, number>();
  private http!: Server;
  private smtp!: SMTPServer;
  httpBase = '';
  smtpPort = 0;

  async start(): Promise<void> {
    this.http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const received: Received = {
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        this.requests.push(received);
        const n = (this.counts.get(url.pathname) ?? 0) + 1;
        this.counts.set(url.pathname, n);
        const [status, body] = this.answer(received, n);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.httpBase = `http://127.0.0.1:${portOf(this.http)}`;

    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (address.address.startsWith('nobody@'))
          return callback(Object.assign(new Error('5.1.1 no such mailbox'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.smtp.listen(0, '127.0.0.1', resolve));
    this.smtpPort = portOf(this.smtp.server);
  }

  /** Scripted behaviour by path; n counts the requests to that path (1 for the first). */
  private answer(r: Received, n: number): [number, unknown] {
    const ok = { errcode: 0, errmsg: 'ok' };
    switch (r.path) {
      case '/wecom/flaky':
        return n <= 2 ? [500, { error: 'upstream down' }] : [200, ok];
      case '/wecom/limited':
        return n === 1 ? [200, { errcode: 45009, errmsg: 'api freq out of limit' }] : [200, ok];
      case '/wecom/invalid':
        return [200, { errcode: 93000, errmsg: 'invalid webhook url' }];
      case '/wecom/down':
        return [503, { error: 'maintenance' }];
      case '/dingtalk/signed': {
        const timestamp = r.query.get('timestamp') ?? '';
        const expected = createHmac('sha256', DINGTALK_SECRET)
          .update(`${timestamp}\n${DINGTALK_SECRET}`)
          .digest('base64');
        const fresh = Math.abs(Date.now() - Number(timestamp)) < 60 * 60_000;
        return r.query.get('sign') === expected && fresh
          ? [200, ok]
          : [200, { errcode: 310000, errmsg: 'sign not match' }];
      }
      case '/webhook/hook': {
        const timestamp = String(r.headers['x-cityops-timestamp']);
        const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${r.body}`).digest('hex')}`;
        return r.headers['x-cityops-signature'] === expected
          ? [204, {}]
          : [401, { error: 'bad signature' }];
      }
      case '/webhook/reject':
        return [400, { error: 'unknown event type' }];
      case '/sms':
        return r.headers.authorization === SMS_AUTH
          ? [200, { code: 'OK' }]
          : [401, { error: 'unauthorised' }];
      default:
        return [200, ok];
    }
  }

  to(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
  }
}

describe.each(DATABASE_KINDS)('notification channels - deliver-notification (%s)', (kind) => {
  let h: PipelineHarness;
  let rx: Receivers;
  let queue: Queue;
  let incident: Incident;
  let other: Incident;
  let sequence = 0;

  const notifications = () => h.app.get(NotificationsService);

  /** A delivery of the incident to one target; a fresh delivery id unless one is given. */
  const job = (
    target: ChannelTarget,
    overrides: Partial<DeliverNotificationJob> = {},
  ): DeliverNotificationJob => {
    sequence += 1;
    const subject =
      (overrides.message as { incident?: Incident } | undefined)?.incident ?? incident;
    return {
      deliveryId: deliveryIdOf({
        incidentId: subject.id,
        step: sequence,
        recipient: 'duty-group',
        channel: target.kind,
      }),
      incidentId: subject.id,
      recipient: 'duty-group',
      target,
      locale: 'zh',
      message: {
        kind: 'incident_opened',
        incident: subject,
        rule: { name: '下穿积水 Water depth', threshold: 15, direction: 'above' },
        step: 0,
        acknowledgeUrl: null,
      },
      ...overrides,
    };
  };

  const row = async (deliveryId: string) => {
    const [r] = await h.db.query<{ status: string; attempts: number; last_error: string | null }>(
      'SELECT status, attempts, last_error FROM notification_deliveries WHERE delivery_id = $1',
      [deliveryId],
    );
    return r;
  };

  const settled = (deliveryId: string, status: 'sent' | 'failed', timeoutMs = 20_000) =>
    eventually(
      async () => {
        const r = await row(deliveryId);
        return r?.status === status ? r : null;
      },
      timeoutMs,
      `delivery ${deliveryId} ${status}`,
    );

  const eventsOf = async (deliveryId: string, incidentId = incident.id) =>
    (await h.detail(incidentId)).timeline.filter((e) => e.data.deliveryId === deliveryId);

  beforeAll(async () => {
    rx = new Receivers();
    await rx.start();
    h = await PipelineHarness.start(kind, ASSETS, {
      CONSOLE_BASE_URL: 'https://ops.example.test',
      NOTIFY_ATTEMPTS: '3',
      NOTIFY_BACKOFF_MS: '200',
      NOTIFY_TIMEOUT_MS: '3000',
      NOTIFY_RATE_WINDOW_SECONDS: String(RATE_WINDOW_MS / 1000),
      NOTIFY_RATE_LIMITS: 'wecom:2',
      SMS_GATEWAY_URL: `${rx.httpBase}/sms`,
      SMS_GATEWAY_AUTH: SMS_AUTH,
      SMS_TEMPLATE: '{"to":"{phone}","content":"{text}","sign":"CityOps"}',
      SMTP_URL: `smtp://127.0.0.1:${rx.smtpPort}`,
      SMTP_FROM: 'CityOps <alerts@cityops.test>',
    });
    const now = Date.now();
    await h.readings([
      { sensorId: 'WL-0001', ts: now - 5 * 60_000, metrics: { depthCm: 42 } },
      { sensorId: 'WL-0002', ts: now - 5 * 60_000, metrics: { depthCm: 40 } },
    ]);
    incident = (await h.incidentOf('WL-0001'))!;
    other = (await h.incidentOf('WL-0002'))!;
    expect(incident).toBeDefined();
    expect(other).toBeDefined();
    queue = new Queue(QueueName.Notifications, {
      connection: h.env.redis(),
      prefix: redisKeys(h.env.redisPrefix).bull,
    });
  });

  afterAll(async () => {
    await queue?.close();
    await h?.stop();
    await rx?.stop();
  });

  it('posts markdown to a WeCom robot and records the delivery on the timeline', async () => {
    const j = job({ kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/ok?key=abc` });
    await notifications().enqueue(j);
    await settled(j.deliveryId, 'sent');

    const [request] = rx.to('/wecom/ok');
    expect(request!.query.get('key')).toBe('abc');
    const body = JSON.parse(request!.body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('解放桥下穿');
    expect(body.markdown.content).toContain('红色预警');
    expect(body.markdown.content).toContain('42 cm');
    expect(body.markdown.content).toContain('阈值 ≥ 15 cm');
    expect(body.markdown.content).toContain(
      `https://ops.example.test/console?incident=${incident.id}`,
    );
    expect(body.markdown.content).toContain('北京时间');

    const events = await eventsOf(j.deliveryId);
    expect(events).toMatchObject([
      {
        type: 'notified',
        actor: 'system',
        data: { channel: 'wecom', recipient: 'duty-group', attempts: 1 },
      },
    ]);
  });

  it('signs DingTalk requests with the secret, and fails for good when the robot refuses the signature', async () => {
    const signed = job({
      kind: 'dingtalk',
      webhookUrl: `${rx.httpBase}/dingtalk/signed?access_token=t1`,
      secret: DINGTALK_SECRET,
    });
    await notifications().enqueue(signed);
    await settled(signed.deliveryId, 'sent');
    const [request] = rx.to('/dingtalk/signed');
    expect(request!.query.get('access_token')).toBe('t1');
    const body = JSON.parse(request!.body) as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toContain('解放桥下穿');
    expect(body.markdown.text).toContain('#e5312f');

    const wrong = job({
      kind: 'dingtalk',
      webhookUrl: `${rx.httpBase}/dingtalk/signed?access_token=t1`,
      secret: 'SEC-not-the-robots-secret',
    });
    await notifications().enqueue(wrong);
    const failed = await settled(wrong.deliveryId, 'failed');
    expect(failed.last_error).toBe('errcode 310000: sign not match');
    expect(rx.to('/dingtalk/signed')).toHaveLength(2);
    expect(await eventsOf(wrong.deliveryId)).toMatchObject([
      { type: 'notification_failed', data: { reason: 'errcode 310000: sign not match' } },
    ]);
  });

  it('posts the incident JSON to a webhook with a verifiable HMAC signature', async () => {
    const j = job({ kind: 'webhook', url: `${rx.httpBase}/webhook/hook`, secret: WEBHOOK_SECRET });
    await notifications().enqueue(j);
    await settled(j.deliveryId, 'sent');
    const [request] = rx.to('/webhook/hook');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(decodeURIComponent(String(request!.headers['x-cityops-delivery']))).toBe(j.deliveryId);
    const timestamp = Number(request!.headers['x-cityops-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      deliveryId: j.deliveryId,
      kind: 'incident_opened',
      incident: { id: incident.id, severity: incident.severity, assetId: 'WL-0001' },
      links: { map: `https://ops.example.test/console?incident=${incident.id}` },
    });
  });

  it('sends a short SMS through the gateway with its Authorization and template', async () => {
    const j = job({ kind: 'sms', phone: '+8613800138000' });
    await notifications().enqueue(j);
    await settled(j.deliveryId, 'sent');
    const [request] = rx.to('/sms');
    expect(request!.headers.authorization).toBe(SMS_AUTH);
    const body = JSON.parse(request!.body) as { to: string; content: string; sign: string };
    expect(body.to).toBe('+8613800138000');
    expect(body.sign).toBe('CityOps');
    expect(body.content).toContain('解放桥下穿');
    expect(Array.from(body.content).length).toBeLessThanOrEqual(140);
  });

  it('mails through SMTP, and a mailbox the server refuses fails with its reason', async () => {
    const j = job({ kind: 'email', address: 'oncall@example.test' }, {
      locale: 'en',
    } as Partial<DeliverNotificationJob>);
    await notifications().enqueue(j);
    await settled(j.deliveryId, 'sent');
    const mail = await eventually(
      async () => rx.mails.find((m) => m.to.includes('oncall@example.test')),
      10_000,
      'the mail',
    );
    expect(mail.from).toBe('alerts@cityops.test');
    const headers = decodeHeaders(mail.raw.split(/\r?\n\r?\n/)[0]!);
    expect(headers).toMatch(/^Subject: \[Red warning\] New alert 解放桥下穿：积水 42 cm$/m);
    expect(mail.raw).toMatch(/^Message-ID: <[0-9a-f]{32}@cityops\.notifications>/im);
    expect(mail.raw).toContain('Content-Type: text/html');

    const refused = job({ kind: 'email', address: 'nobody@example.test' });
    await notifications().enqueue(refused);
    const failed = await settled(refused.deliveryId, 'failed');
    expect(failed.last_error).toMatch(/^SMTP 550/);
  });

  it('retries a receiver that answers 500 and delivers once it recovers', async () => {
    const j = job({ kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/flaky` });
    await notifications().enqueue(j);
    const sent = await settled(j.deliveryId, 'sent');
    expect(rx.to('/wecom/flaky')).toHaveLength(3);
    expect(sent.attempts).toBe(3);
    // Two failed attempts and the one that completed.
    expect((await queue.getJob(safeJobId(j.deliveryId)))!.attemptsMade).toBe(3);
    const events = await eventsOf(j.deliveryId);
    expect(events.map((e) => e.type)).toEqual(['notification_retrying', 'notified']);
    expect(events[0]!.data.reason).toContain('HTTP 500');
  });

  it('waits and sends again when the robot answers with its rate-limit errcode, without using an attempt', async () => {
    const j = job({ kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/limited` });
    await notifications().enqueue(j);
    await settled(j.deliveryId, 'sent');
    const [first, second] = rx.to('/wecom/limited');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(RATE_WINDOW_MS - 100);
    // Completing counts one attempt; the wait for the robot's window counted none.
    const stored = await queue.getJob(safeJobId(j.deliveryId));
    expect(stored!.attemptsMade).toBe(1);
    expect((await row(j.deliveryId))!.attempts).toBe(2);
    expect((await eventsOf(j.deliveryId)).map((e) => e.type)).toEqual(['notified']);
  });

  it('paces one robot to its per-window limit and delivers the rest in later windows', async () => {
    const target: ChannelTarget = { kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/paced` };
    const jobs = Array.from({ length: 5 }, () => job(target));
    await Promise.all(jobs.map((j) => notifications().enqueue(j)));
    for (const j of jobs) await settled(j.deliveryId, 'sent');
    const received = rx.to('/wecom/paced');
    expect(received).toHaveLength(5);
    // 2 per 2 s window: five messages need three windows, so the last comes a window after the first.
    const span = received.at(-1)!.at - received[0]!.at;
    expect(span).toBeGreaterThanOrEqual(RATE_WINDOW_MS - 100);
    for (const j of jobs)
      expect((await queue.getJob(safeJobId(j.deliveryId)))!.attemptsMade).toBe(1);
  });

  it('fails a delivery the robot refuses for good at once, with the reason on the timeline', async () => {
    const j = job({ kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/invalid` });
    await notifications().enqueue(j);
    const failed = await settled(j.deliveryId, 'failed');
    expect(failed.last_error).toBe('errcode 93000: invalid webhook url');
    await eventually(
      async () => (await queue.getJob(safeJobId(j.deliveryId)))?.failedReason,
      5_000,
      'the job to fail',
    );
    expect(rx.to('/wecom/invalid')).toHaveLength(1);
    expect(await eventsOf(j.deliveryId)).toMatchObject([
      {
        type: 'notification_failed',
        message: expect.stringContaining('errcode 93000: invalid webhook url'),
      },
    ]);

    const rejected = job({
      kind: 'webhook',
      url: `${rx.httpBase}/webhook/reject`,
      secret: WEBHOOK_SECRET,
    });
    await notifications().enqueue(rejected);
    expect((await settled(rejected.deliveryId, 'failed')).last_error).toContain('HTTP 400');
    expect(rx.to('/webhook/reject')).toHaveLength(1);
  });

  it('gives up after the configured attempts when the receiver stays down', async () => {
    const j = job({ kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/down` });
    await notifications().enqueue(j);
    const failed = await settled(j.deliveryId, 'failed');
    expect(failed.last_error).toMatch(/^HTTP 503.*gave up after 3 attempts/);
    expect(rx.to('/wecom/down')).toHaveLength(3);
    expect((await eventsOf(j.deliveryId)).map((e) => e.type)).toEqual([
      'notification_retrying',
      'notification_failed',
    ]);
  });

  it('sends a delivery id once, enqueued twice or enqueued again after its job is gone', async () => {
    const j = job({ kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/once` });
    await Promise.all([notifications().enqueue(j), notifications().enqueue(j)]);
    await settled(j.deliveryId, 'sent');
    await eventually(
      async () => (await queue.getJob(safeJobId(j.deliveryId)))?.finishedOn,
      5_000,
      'the job to complete',
    );
    // The job record expires from Redis (removeOnComplete); the deliveries row still knows.
    await (await queue.getJob(safeJobId(j.deliveryId)))!.remove();
    await notifications().enqueue(j);
    await eventually(
      async () => (await queue.getJob(safeJobId(j.deliveryId)))?.finishedOn,
      5_000,
      'the second job to complete',
    );
    expect(rx.to('/wecom/once')).toHaveLength(1);
    expect((await eventsOf(j.deliveryId)).map((e) => e.type)).toEqual(['notified']);
  });

  it('escapes hostile incident text in robot markdown, email HTML and SMS', async () => {
    const hostile: Incident = {
      ...other,
      title:
        '**粗体** <font color="info">已恢复</font> [点我](http://evil.example/x)\n### 伪标题\n> 假引用',
      assetName: `<script>alert(1)</script>${'很长的名字'.repeat(1_000)}`,
    };
    const message = {
      kind: 'incident_opened' as const,
      incident: hostile,
      rule: null,
      step: 0,
      acknowledgeUrl: null,
    };
    const robot = job(
      { kind: 'wecom', webhookUrl: `${rx.httpBase}/wecom/hostile` },
      { message, incidentId: other.id },
    );
    const mail = job(
      { kind: 'email', address: 'hostile@example.test' },
      { message, incidentId: other.id },
    );
    const sms = job({ kind: 'sms', phone: '13800138001' }, { message, incidentId: other.id });
    for (const j of [robot, mail, sms]) await notifications().enqueue(j);
    for (const j of [robot, mail, sms]) await settled(j.deliveryId, 'sent');

    const content = (
      JSON.parse(rx.to('/wecom/hostile')[0]!.body) as { markdown: { content: string } }
    ).markdown.content;
    expect(content).not.toContain('<font color="info">');
    expect(content).not.toContain('<script>');
    expect(content).not.toContain('](http://evil');
    expect(content).not.toContain('**粗体**');
    expect(content).not.toMatch(/\n### 伪标题/);
    expect(content).not.toMatch(/\n> 假引用/);
    expect(content).toContain('粗体');
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    // The real links are still there.
    expect(content).toContain(`https://ops.example.test/console?incident=${other.id}`);

    const received = await eventually(
      async () => rx.mails.find((m) => m.to.includes('hostile@example.test')),
      10_000,
      'the hostile mail',
    );
    const decoded = decodeMail(received.raw).split('Content-Type: text/html')[1]!;
    expect(decoded).not.toContain('<script>');
    expect(decoded).not.toContain('<font color="info">');
    expect(decoded).toContain('&lt;script&gt;');

    const text = (JSON.parse(rx.to('/sms').at(-1)!.body) as { content: string }).content;
    expect(Array.from(text).length).toBeLessThanOrEqual(140);
    expect(text).not.toContain('\n');
  });
});

/** Unfolded header lines with RFC 2047 encoded words (=?UTF-8?Q|B?…?=) decoded. */
function decodeHeaders(head: string): string {
  return head
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?UTF-8\?Q\?/gi, '')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i += 1) {
        if (text[i] === '=') {
          bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(text[i] === '_' ? 0x20 : text.charCodeAt(i));
      }
      return Buffer.from(bytes).toString('utf8');
    });
}

/** The mail's text with quoted-printable and base64 parts decoded (enough to search it). */
function decodeMail(raw: string): string {
  const parts = raw.split(/\r?\n\r?\n/);
  return parts
    .map((part) => {
      const compact = part.replace(/\r?\n/g, '');
      if (/^[A-Za-z0-9+/=]+$/.test(compact) && compact.length > 40)
        return Buffer.from(compact, 'base64').toString('utf8');
      return part
        .replace(/=\r?\n/g, '')
        .replace(/(=[0-9A-F]{2})+/g, (m) =>
          Buffer.from(m.replaceAll('=', ''), 'hex').toString('utf8'),
        );
    })
    .join('\n');
}
