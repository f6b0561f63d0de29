import type { DeliverNotificationJob, Incident } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { SAMPLE_INCIDENT } from '../../../testing/sample-incident.js';
import { digestOrder } from './send-digest.job.js';
import { stormKeyOf } from './storm-gate.js';

const base: Incident = { ...SAMPLE_INCIDENT, severity: 'yellow', lastValue: 22 };

const job = (
  incident: Partial<Incident>,
  recipient = 'zhang',
  url = 'https://hooks.example/zhang',
): DeliverNotificationJob => ({
  deliveryId: 'x',
  incidentId: base.id,
  recipient,
  target: { kind: 'webhook', url, secret: 'secret-0123456789' },
  message: {
    kind: 'incident_opened',
    incident: { ...base, ...incident },
    rule: null,
    step: 0,
    acknowledgeUrl: null,
  },
});

describe('stormKeyOf', () => {
  it('is one key per recipient, target, district and domain, whatever the incident', () => {
    const key = stormKeyOf(job({}));
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(stormKeyOf(job({ id: 'other', severity: 'red', assetId: 'WL-0002' }))).toBe(key);
    expect(stormKeyOf(job({ district: '120103' }))).not.toBe(key);
    expect(stormKeyOf(job({ domain: 'heating' }))).not.toBe(key);
    expect(stormKeyOf(job({}, 'li'))).not.toBe(key);
    expect(stormKeyOf(job({}, 'zhang', 'https://hooks.example/other'))).not.toBe(key);
  });

  it('puts incidents without a district in one city-wide storm, and never holds a digest', () => {
    expect(stormKeyOf(job({ district: null }))).toBe(stormKeyOf(job({ district: null, id: 'b' })));
    expect(stormKeyOf(job({ district: null }))).not.toBe(stormKeyOf(job({})));
    const digest: DeliverNotificationJob = {
      ...job({}),
      incidentId: null,
      message: { kind: 'digest', incidents: [base], acknowledgeUrl: null },
    };
    expect(stormKeyOf(digest)).toBeNull();
  });
});

describe('digestOrder', () => {
  it('lists the most severe first, and the oldest first within a severity', () => {
    const at = (id: string, severity: Incident['severity'], openedAt: string) => ({
      ...base,
      id,
      severity,
      openedAt,
    });
    const ordered = digestOrder([
      at('a', 'yellow', '2026-11-26T00:01:00Z'),
      at('b', 'red', '2026-11-26T00:03:00Z'),
      at('c', 'blue', '2026-11-26T00:00:00Z'),
      at('d', 'red', '2026-11-26T00:02:00Z'),
      at('e', 'orange', '2026-11-26T00:04:00Z'),
    ]);
    expect(ordered.map((i) => i.id)).toEqual(['d', 'b', 'e', 'a', 'c']);
  });
});
