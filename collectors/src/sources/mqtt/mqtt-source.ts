import { createHash } from 'node:crypto';
import { MQTT_READING_TOPIC, type Domain, type Rejection } from '@cityops/contracts';
import { connect, type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import type { ReadingDomain } from '../../domains/reading-domains.js';
import type { BackoffOptions } from '../../lib/backoff.js';
import type { Logger } from '../../observability/logger.js';
import type { CollectorStats } from '../../observability/stats.js';
import { ReadingIngestor } from '../../pipeline/reading-ingestor.js';
import type { TelemetryJobs } from '../../queue/telemetry-jobs.js';
import type { AssetRegistry } from '../../registry/asset-registry.js';
import type { PointWriter } from '../../sink/influx-writer.js';
import { MicroBatcher } from './micro-batcher.js';
import { DEFERRED_ACK, sendPuback } from './mqtt-acks.js';
import { parseMqttMessage, type ParsedMqttMessage } from './mqtt-message.js';

export interface MqttSourceSettings {
  url: string;
  /** Stable across restarts: the broker keeps the session (subscription and unacknowledged messages) under it. */
  clientId: string;
  topic?: string;
  /** Flush a batch at this many messages ... */
  batchSize: number;
  /** ... or this long after its first message. */
  flushMs: number;
  maxPayloadBytes: number;
  /** How long the broker keeps the session while the collector is away (MQTT 5 Session Expiry Interval). */
  sessionExpirySec: number;
  reconnectMs?: number;
}

export interface BatchSummary {
  messages: number;
  accepted: number;
  rejected: number;
  evaluateJobIds: string[];
}

export interface MqttSourceDeps {
  domains: ReadonlyMap<Domain, ReadingDomain>;
  registry: Pick<AssetRegistry, 'resolve'>;
  writer: PointWriter;
  jobs: Pick<TelemetryJobs, 'evaluateReadings' | 'recordRejections'>;
  backoff: BackoffOptions;
  logger: Logger;
  stats?: CollectorStats;
  /** Fault injection for tests: runs after a batch is stored and before its messages are acknowledged. */
  beforeAck?: (summary: BatchSummary) => Promise<void>;
}

/** The `source` recorded with readings and rejections: "mqtt:<host[:port]>". */
export function mqttSourceName(url: string): string {
  return `mqtt:${new URL(url).host}`;
}

/** The broker may send this many unacknowledged messages (MQTT 5 Receive Maximum): two batches' worth. */
export function receiveMaximumFor(batchSize: number): number {
  return Math.min(65_535, Math.max(100, batchSize * 2));
}

/**
 * Readings over MQTT (cityops/+/+/reading, QoS 1, persistent session), micro-batched into the same
 * per-batch pipeline as HTTP: validate, write to InfluxDB, enqueue evaluate-readings and
 * record-rejections. A message is acknowledged (PUBACK) only after the batch holding it has been
 * stored; until then the broker keeps it and delivers it again after a crash or reconnect. A batch
 * stored twice (redelivered after a crash before the ack) gets the same job ids, as the ids are a
 * hash of the batch's readings.
 */
export class MqttSource {
  readonly source: string;
  private client: MqttClient | null = null;
  private connectionNo = 0;
  private subscribed = false;
  private stopping = false;
  private readonly batcher: MicroBatcher<ParsedMqttMessage>;
  private readonly ingestors = new Map<Domain, ReadingIngestor>();
  private readonly logger: Logger;
  private lastErrorLog = 0;
  /** Counters since start (messages in, acknowledgements sent, acknowledgements dropped with their connection). */
  readonly counts = { messages: 0, batches: 0, acked: 0, acksDropped: 0 };

  constructor(
    private readonly settings: MqttSourceSettings,
    private readonly deps: MqttSourceDeps,
  ) {
    this.source = mqttSourceName(settings.url);
    this.logger = deps.logger.child({ source: this.source });
    deps.stats?.registerSource(this.source);
    for (const [domain, plugin] of deps.domains) {
      this.ingestors.set(
        domain,
        new ReadingIngestor({
          domain,
          source: this.source,
          validate: plugin.validate,
          registry: deps.registry,
          writer: deps.writer,
          jobs: deps.jobs,
          logger: this.logger,
          ...(deps.stats ? { stats: deps.stats } : {}),
        }),
      );
    }
    this.batcher = new MicroBatcher<ParsedMqttMessage>({
      maxItems: settings.batchSize,
      maxWaitMs: settings.flushMs,
      flush: (items, signal) => this.storeBatch(items, signal),
      retry: deps.backoff,
      onFlushError: (err, attempt, retryInMs) => {
        deps.stats?.recordSourceError(this.source, err);
        const log = attempt >= 5 ? this.logger.error : this.logger.warn;
        log('storing an MQTT batch failed; holding its acknowledgements and retrying', {
          attempt,
          retryInMs,
          err,
        });
      },
    });
  }

  start(): void {
    if (this.client) return;
    const { url, clientId, batchSize, sessionExpirySec, reconnectMs } = this.settings;
    const client = connect(url, {
      clientId,
      clean: false,
      protocolVersion: 5,
      properties: {
        sessionExpiryInterval: sessionExpirySec,
        receiveMaximum: receiveMaximumFor(batchSize),
      },
      reconnectPeriod: reconnectMs ?? 2000,
      connectTimeout: 10_000,
      manualConnect: true,
    });
    client.handleMessage = (packet, callback) => {
      this.onMessage(packet);
      // QoS 1: no PUBACK now; it is sent when the batch is stored (mqtt-acks.ts).
      callback(packet.qos > 0 ? DEFERRED_ACK : undefined);
    };
    client.on('connect', (connack: IConnackPacket) => this.onConnect(client, connack));
    client.on('close', () => {
      if (!this.stopping) this.logger.warn('mqtt connection closed; reconnecting');
    });
    client.on('error', (err) => {
      if (Date.now() - this.lastErrorLog > 10_000) {
        this.lastErrorLog = Date.now();
        this.logger.warn('mqtt connection problem', { err });
      }
    });
    this.client = client;
    client.connect();
  }

  /** Stores the messages in hand and acknowledges them, then disconnects (the session stays on the broker). */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    // Never connect again once stopping: with a lease, the successor uses the same client id, and a
    // reconnect from here would take the session back from it (acks only go out on the delivering
    // connection anyway).
    if (this.client) this.client.options.reconnectPeriod = 0;
    const outcome = await this.batcher.stop(graceMs);
    if (outcome === 'timeout')
      this.logger.warn('MQTT batch did not finish within the grace period; the broker keeps it', {
        graceMs,
      });
    await this.client?.endAsync(outcome === 'timeout').catch(() => undefined);
    this.logger.info('source stopped', this.counts);
  }

  /** Drops the connection and the messages in hand without acknowledging them, as a crash would. */
  async abort(): Promise<void> {
    this.stopping = true;
    this.batcher.abandon();
    await this.client?.endAsync(true).catch(() => undefined);
  }

  private onConnect(client: MqttClient, connack: IConnackPacket): void {
    this.connectionNo += 1;
    this.logger.info('mqtt connected', {
      clientId: this.settings.clientId,
      sessionPresent: connack.sessionPresent,
    });
    if (this.subscribed) return; // mqtt.js subscribes again by itself when a session was lost
    const topic = this.settings.topic ?? MQTT_READING_TOPIC;
    client.subscribe(topic, { qos: 1 }, (err, granted) => {
      const failed =
        err ?? (granted?.some((g) => g.qos > 2) ? new Error('subscription refused') : null);
      if (failed) {
        this.logger.error('mqtt subscribe failed; retrying on the next connection', {
          topic,
          err: failed,
        });
        return;
      }
      this.subscribed = true;
      this.logger.info('mqtt subscribed', { topic, qos: granted?.[0]?.qos });
    });
  }

  private onMessage(packet: IPublishPacket): void {
    this.counts.messages += 1;
    this.deps.stats?.recordMessages(this.source);
    const connection = this.connectionNo;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const parsed = parseMqttMessage(packet.topic, payload, {
      source: this.source,
      receivedAt: Date.now(),
      maxPayloadBytes: this.settings.maxPayloadBytes,
    });
    const { messageId, qos } = packet;
    const ack =
      qos > 0 && messageId !== undefined ? () => this.ack(messageId, connection) : () => undefined;
    const key = createHash('sha1').update(packet.topic).update('\0').update(payload).digest('hex');
    // When stopping the message is not taken and not acknowledged: the broker delivers it next time.
    this.batcher.add(parsed, ack, key);
  }

  private ack(messageId: number, connection: number): void {
    const client = this.client;
    // An id belongs to the connection it came on; after a reconnect the broker delivers the message
    // again (with an id of the new connection) and that copy is acknowledged instead.
    if (!client || !client.connected || connection !== this.connectionNo) {
      this.counts.acksDropped += 1;
      return;
    }
    sendPuback(client, messageId);
    this.counts.acked += 1;
  }

  private async storeBatch(items: ParsedMqttMessage[], signal: AbortSignal): Promise<void> {
    const rejections: Rejection[] = [];
    const byDomain = new Map<Domain, Record<string, unknown>[]>();
    for (const item of items) {
      if (!item.ok) {
        rejections.push(item.rejection);
        continue;
      }
      if (!this.ingestors.has(item.domain)) {
        rejections.push({
          source: this.source,
          reason: 'wrong_domain',
          detail: `${item.domain} takes no readings over MQTT`,
          sensorId: item.sensorId,
          metric: null,
          payload: JSON.stringify(item.raw).slice(0, 4096),
          receivedAt: Date.now(),
        });
        continue;
      }
      const list = byDomain.get(item.domain) ?? [];
      list.push(item.raw);
      byDomain.set(item.domain, list);
    }
    const summary: BatchSummary = {
      messages: items.length,
      accepted: 0,
      rejected: rejections.length,
      evaluateJobIds: [],
    };
    for (const [domain, raws] of byDomain) {
      const result = await this.ingestors.get(domain)!.ingest(raws, null, signal);
      summary.accepted += result.accepted;
      summary.rejected += result.rejected;
      summary.evaluateJobIds.push(...result.evaluateJobIds);
    }
    if (rejections.length) {
      const ids = await this.deps.jobs.recordRejections(this.source, null, rejections);
      if (this.deps.stats) {
        this.deps.stats.rejectionJobs += ids.length;
        this.deps.stats.recordRejections(
          rejections.map((r) => r.reason),
          this.source,
        );
      }
    }
    await this.deps.beforeAck?.(summary);
    this.counts.batches += 1;
    this.deps.stats?.recordSourceOk(this.source);
  }
}
