import {
  parseReadingTopic,
  type Domain,
  type Rejection,
  type RejectionReason,
} from '@cityops/contracts';
import { quarantinePayload } from '../../lib/quarantine-payload.js';

export interface MqttMessageContext {
  source: string;
  receivedAt: number;
  maxPayloadBytes: number;
}

/** A message that is a reading in shape (its metrics are checked later), or why it is not. */
export type ParsedMqttMessage =
  | { ok: true; domain: Domain; sensorId: string; raw: Record<string, unknown> }
  | { ok: false; rejection: Rejection };

/** The sensor id a topic names (level 3 of cityops/{domain}/{sensorId}/reading), for the quarantine record. */
function topicSensorId(topic: string): string | null {
  const level = topic.split('/')[2];
  return level ? level.slice(0, 200) : null;
}

function reject(
  topic: string,
  reason: RejectionReason,
  detail: string,
  payload: unknown,
  ctx: MqttMessageContext,
): ParsedMqttMessage {
  return {
    ok: false,
    rejection: {
      source: ctx.source,
      reason,
      detail: detail.slice(0, 1000),
      sensorId: topicSensorId(topic),
      metric: null,
      payload: quarantinePayload(payload),
      receivedAt: ctx.receivedAt,
    },
  };
}

/**
 * One MQTT message on cityops/{domain}/{sensorId}/reading: the topic must name a known domain and a
 * valid sensor id (else schema_invalid), the payload must be at most maxPayloadBytes (else
 * oversize_payload) and JSON (else malformed_json). The sensor is the topic's: a sensorId inside
 * the payload is ignored. Time and metrics are checked later by the domain, with the registry.
 */
export function parseMqttMessage(
  topic: string,
  payload: Buffer,
  ctx: MqttMessageContext,
): ParsedMqttMessage {
  if (payload.length > ctx.maxPayloadBytes) {
    return reject(
      topic,
      'oversize_payload',
      `payload is ${payload.length} bytes, more than the ${ctx.maxPayloadBytes} allowed`,
      { topic, payload: payload.subarray(0, 1024).toString('utf8') },
      ctx,
    );
  }
  const text = payload.toString('utf8');
  const parsedTopic = parseReadingTopic(topic);
  if (!parsedTopic) {
    return reject(
      topic,
      'schema_invalid',
      `topic "${topic.slice(0, 200)}" is not cityops/{domain}/{sensorId}/reading with a known domain and a valid sensor id`,
      { topic, payload: text },
      ctx,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return reject(
      topic,
      'malformed_json',
      `payload is not JSON: ${err instanceof Error ? err.message : String(err)}`,
      { topic, payload: text },
      ctx,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    // The text as sent: a deeply nested array cannot be serialised again.
    return reject(topic, 'schema_invalid', 'payload is not a JSON object', text, ctx);
  }
  const { domain, sensorId } = parsedTopic;
  const { ts, metrics } = body as { ts?: unknown; metrics?: unknown };
  return { ok: true, domain, sensorId, raw: { sensorId, ts, metrics } };
}
