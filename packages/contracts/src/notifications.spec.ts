import { describe, expect, it } from 'vitest';
import {
  ChannelTargetSchema,
  DeliverNotificationJobSchema,
  SendDigestJobSchema,
  deliveryIdOf,
} from './notifications.js';

const incident = {
  id: '5d0c7f7e-8c1a-4a52-9a53-0d8a1c7b2e11',
  key: 'underpass-depth|WL-0001',
  domain: 'waterlogging',
  ruleId: 'underpass-depth',
  assetId: 'WL-0001',
  assetName: '解放桥下穿',
  district: '120101',
  severity: 'red',
  status: 'open',
  title: '解放桥下穿：积水 42 cm',
  metric: 'depthCm',
  openedAt: '2026-11-26T00:05:00.000Z',
  acknowledgedAt: null,
  resolvedAt: null,
  updatedAt: '2026-11-26T00:05:00.000Z',
  lastValue: 42,
  flapping: false,
  location: [117.205, 39.13],
  silenced: false,
  silenceId: null,
  suppressedBy: null,
  suspect: false,
  linkedCases: 0,
};

describe('ChannelTargetSchema', () => {
  it.each([
    [
      { kind: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' },
      true,
    ],
    [{ kind: 'wecom', webhookUrl: 'ftp://qyapi.weixin.qq.com/x' }, false],
    [{ kind: 'wecom', webhookUrl: 'javascript:alert(1)' }, false],
    [{ kind: 'wecom', webhookUrl: 'https://user:pass@robot.test/x' }, false],
    [{ kind: 'wecom', webhookUrl: `https://robot.test/${'a'.repeat(2_100)}` }, false],
    [{ kind: 'wecom', webhookUrl: 'https://robot.test/x', secret: 'extra-field' }, false],
    [{ kind: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=t' }, true],
    [
      {
        kind: 'dingtalk',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send',
        secret: 'SEC0123456789',
      },
      true,
    ],
    [
      { kind: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send', secret: 'short' },
      false,
    ],
    [{ kind: 'webhook', url: 'http://127.0.0.1:9000/hook', secret: 'whsec-0123456789' }, true],
    [{ kind: 'webhook', url: 'http://127.0.0.1:9000/hook' }, false],
    [{ kind: 'webhook', url: 'http://x.test/h', secret: 'has space in it' }, false],
    [{ kind: 'sms', phone: '+8613800138000' }, true],
    [{ kind: 'sms', phone: '13800138000' }, true],
    [{ kind: 'sms', phone: '+0123456' }, false],
    [{ kind: 'sms', phone: '138-0013-8000' }, false],
    [{ kind: 'sms', phone: '+86138001380001234' }, false],
    [{ kind: 'email', address: 'oncall@example.test' }, true],
    [{ kind: 'email', address: 'not an address' }, false],
    [{ kind: 'email', address: `${'a'.repeat(250)}@x.test` }, false],
    [{ kind: 'pager', number: '1' }, false],
  ])('%j valid: %s', (target, valid) => {
    expect(ChannelTargetSchema.safeParse(target).success).toBe(valid);
  });
});

describe('DeliverNotificationJobSchema', () => {
  const job = (overrides: Record<string, unknown> = {}) => ({
    deliveryId: deliveryIdOf({
      incidentId: incident.id,
      step: 0,
      recipient: 'zhang',
      channel: 'sms',
    }),
    incidentId: incident.id,
    recipient: 'zhang',
    target: { kind: 'sms', phone: '+8613800138000' },
    message: { kind: 'incident_opened', incident },
    ...overrides,
  });

  it('accepts a delivery and fills the defaults', () => {
    const parsed = DeliverNotificationJobSchema.parse(job());
    expect(parsed.deliveryId).toBe(`${incident.id}|0|zhang|sms`);
    expect(parsed.message).toMatchObject({ rule: null, step: null, acknowledgeUrl: null });
    expect(parsed.locale).toBeUndefined();
  });

  it.each([
    ['another incident than the message', { incidentId: '00000000-0000-4000-8000-000000000000' }],
    ['no incident for an incident message', { incidentId: null }],
    ['an unknown locale', { locale: 'fr' }],
    ['an empty recipient', { recipient: ' ' }],
    ['a bad target', { target: { kind: 'sms', phone: 'call me' } }],
    ['an unknown message kind', { message: { kind: 'party', incident } }],
    [
      'an acknowledge link that is not http',
      { message: { kind: 'incident_opened', incident, acknowledgeUrl: 'javascript:x' } },
    ],
  ])('refuses %s', (_, overrides) => {
    expect(DeliverNotificationJobSchema.safeParse(job(overrides)).success).toBe(false);
  });

  it('accepts a digest without an incident id', () => {
    expect(
      DeliverNotificationJobSchema.safeParse(
        job({ incidentId: null, message: { kind: 'digest', incidents: [incident] } }),
      ).success,
    ).toBe(true);
  });
});

describe('SendDigestJobSchema', () => {
  const digest = {
    stormKey: '0123456789abcdef0123456789abcdef',
    slotAt: 1_795_700_000_000,
    recipient: 'zhang',
    target: { kind: 'sms', phone: '+8613800000000' },
  };

  it('accepts a digest slot for one recipient and target', () => {
    expect(SendDigestJobSchema.safeParse(digest).success).toBe(true);
  });

  it('refuses a slot that is not a whole epoch millisecond, an empty key or an unusable target', () => {
    for (const bad of [
      { ...digest, slotAt: -1 },
      { ...digest, slotAt: 1.5 },
      { ...digest, slotAt: 'soon' },
      { ...digest, stormKey: '' },
      { ...digest, stormKey: 'k'.repeat(201) },
      { ...digest, recipient: '   ' },
      { ...digest, target: { kind: 'sms', phone: 'call me' } },
      { ...digest, target: { kind: 'pager', number: '1' } },
    ])
      expect(SendDigestJobSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
