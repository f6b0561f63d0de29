import type { Incident } from '@cityops/contracts';
import { HostileTally, hostileStrings, injectionStrings } from '@cityops/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAckToken } from '../../src/modules/escalation/ack-token.js';
import { PipelineHarness, TEST_SECRET } from '../integration/support/pipeline-harness.js';
import type { RawAnswer } from './support/backend.js';
import { Findings } from './support/findings.js';
import { encodeAny } from './support/routes.js';

const ASSETS = `
WL-0201,waterlogging,underpass,解放桥下穿,,117.205,39.13,
WL-0202,waterlogging,underpass,大光明桥下穿,,117.21,39.125,
WL-0203,waterlogging,underpass,营口道下穿,,117.23,39.11,
`;

/**
 * Acknowledge links (`/ack/<token>`, docs/escalation.md) are a credential in a URL anyone may type:
 * every hostile token, GET or POST, must get a page saying why (4xx), and acknowledge nothing.
 */
describe('hostile acknowledge links - GET and POST /ack/:token', () => {
  let h: PipelineHarness;
  const findings = new Findings();
  const tally = new HostileTally();
  let target: Incident;
  let other: Incident;
  let noteTarget: Incident;
  let genuine: string;

  const link = (incidentId: string, extra: Partial<Parameters<typeof signAckToken>[1]> = {}) =>
    signAckToken(TEST_SECRET, {
      incidentId,
      memberId: 'zhang',
      linkId: `link-${Math.random().toString(36).slice(2)}-0123456789`,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      ...extra,
    });

  const raw = async (method: string, token: string, body?: string): Promise<RawAnswer> => {
    const response = await fetch(`${h.api.baseUrl}/ack/${encodeAny(token)}`, {
      method,
      redirect: 'manual',
      ...(method === 'POST'
        ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body ?? '' }
        : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      text,
      json,
      contentType: response.headers.get('content-type') ?? '',
    };
  };

  /** Both methods; neither may succeed. */
  const refuse = async (entry: string, label: string, token: string) => {
    for (const method of ['GET', 'POST']) {
      tally.add(entry);
      try {
        const answer = await raw(method, token, 'note=hostile');
        findings.check(`${method} ${entry}`, label, answer, { html: true });
      } catch (error) {
        findings.fail(`${method} ${entry}`, label, `request failed: ${String(error)}`);
      }
    }
  };

  beforeAll(async () => {
    h = await PipelineHarness.start('postgres', ASSETS, { LOG_LEVEL: 'error' });
    const team = await h.api.post('/api/oncall/teams', {
      id: 'duty',
      name: 'Flood duty',
      members: [
        {
          id: 'zhang',
          displayName: 'Zhang Wei',
          contacts: [{ kind: 'email', address: 'z@example.test' }],
        },
      ],
    });
    expect(team.status).toBe(201);
    const now = Date.now() - 60_000;
    await h.readings(
      ['WL-0201', 'WL-0202', 'WL-0203'].map((sensorId) => ({
        sensorId,
        ts: now,
        metrics: { depthCm: 42 },
      })),
    );
    target = (await h.incidentOf('WL-0201'))!;
    other = (await h.incidentOf('WL-0202'))!;
    noteTarget = (await h.incidentOf('WL-0203'))!;
    expect([target?.status, other?.status, noteTarget?.status]).toEqual(['open', 'open', 'open']);
    genuine = link(target.id);
  });

  afterAll(async () => {
    console.log(tally.report());
    await h?.stop();
  });

  it('refuses tampered, truncated, extended, expired, foreign and hostile tokens, and acknowledges nothing', async () => {
    const [incidentId, member, linkId, expiry, signature] = genuine.split('.') as [
      string,
      string,
      string,
      string,
      string,
    ];
    const join = (parts: string[]) => parts.join('.');
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const cases: [string, string][] = [];
    // Every character of the signature changed, one at a time.
    for (let i = 0; i < signature.length; i++)
      cases.push([
        `signature char ${i} changed`,
        join([
          incidentId,
          member,
          linkId,
          expiry,
          signature.slice(0, i) + flip(signature[i]!) + signature.slice(i + 1),
        ]),
      ]);
    // Cut at many lengths, and grown.
    for (let n = 0; n < genuine.length; n += 7)
      cases.push([`truncated to ${n}`, genuine.slice(0, n)]);
    cases.push(['last character cut', genuine.slice(0, -1)]);
    cases.push(['one character more', `${genuine}A`]);
    cases.push(['extra part', `${genuine}.extra`]);
    cases.push(['doubled', `${genuine}${genuine}`]);
    cases.push(['upper case', genuine.toUpperCase()]);
    cases.push(['padded base64', `${genuine}=`]);
    // Claims changed under the old signature.
    cases.push([
      'other incident, same signature',
      join([other.id, member, linkId, expiry, signature]),
    ]);
    cases.push([
      'other member, same signature',
      join([incidentId, 'li', linkId, expiry, signature]),
    ]);
    cases.push([
      'later expiry, same signature',
      join([incidentId, member, linkId, String(Number(expiry) + 86_400), signature]),
    ]);
    cases.push([
      'other link id, same signature',
      join([incidentId, member, `${linkId}x`, expiry, signature]),
    ]);
    // Genuinely signed, but expired, for nobody, or for nothing.
    cases.push([
      'expired a second ago',
      link(target.id, { expiresAt: Math.floor(Date.now() / 1000) - 1 }),
    ]);
    cases.push(['expired in 1970', link(target.id, { expiresAt: 1 })]);
    cases.push(['member not on call', link(target.id, { memberId: 'ghost' })]);
    cases.push(['incident that does not exist', link('0a000000-0000-4000-8000-0000000000aa')]);
    cases.push([
      'signed with another key',
      signAckToken('another-secret-that-is-long-enough-0123456789', {
        incidentId: target.id,
        memberId: 'zhang',
        linkId: 'forged-link-0123456789',
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      }),
    ]);
    // Each part replaced by hostile and injection strings.
    const parts = [incidentId, member, linkId, expiry, signature];
    const hostile = [
      ...hostileStrings()
        .filter(
          (s): s is { label: string; value: string } =>
            typeof s.value === 'string' && s.value.length <= 2000,
        )
        .map((s) => [s.label, s.value] as const),
      ...injectionStrings().map((s) => [s, s] as const),
    ];
    for (const [label, value] of hostile) {
      cases.push([`token = ${label}`, value]);
      const at = hostile.indexOf(hostile.find(([l]) => l === label)!) % parts.length;
      cases.push([`part ${at} = ${label}`, join(parts.map((p, i) => (i === at ? value : p)))]);
    }
    // (An empty token is another path, `/ack/`: Express's 404, outside the route.)
    for (const [label, token] of cases) if (token) await refuse('ack link', label, token);

    for (const incident of [target, other]) {
      const detail = await h.detail(incident.id);
      expect(detail.status, `${incident.id} acknowledged by a hostile link`).toBe('open');
      expect(detail.timeline.filter((e) => e.type === 'acknowledged')).toEqual([]);
    }
    expect(findings.list()).toEqual([]);
  });

  it('refuses hostile forms through a genuine link without a 5xx, and acknowledges at most once', async () => {
    // Refused: the incident stays open through these.
    const refused: [string, string][] = [
      ['note of 1001 characters', `note=${'x'.repeat(1001)}`],
      ['form over 8 KiB', `note=${'y'.repeat(9 * 1024)}`],
      ['note twice', 'note=a&note=b'],
      ['1001 characters of Chinese', `note=${encodeURIComponent('水'.repeat(1001))}`],
    ];
    for (const [label, body] of refused) {
      tally.add('ack form');
      const answer = await raw('POST', link(noteTarget.id), body);
      findings.check('POST ack form', label, answer, { html: true });
    }
    expect((await h.detail(noteTarget.id)).status).toBe('open');
    // Tolerated as a browser form would be (unknown fields ignored): acknowledged once, then 409.
    const tolerated: [string, string][] = [
      ['note as array', 'note[]=a&note[]=b'],
      ['note as object', 'note[x]=1'],
      ['six parameters', 'a=1&b=2&c=3&d=4&e=5&f=6'],
      ['broken percent encoding', 'note=%E0%A4%A'],
      ['JSON instead of a form', '{"note":"x"}'],
    ];
    for (const [label, body] of tolerated) {
      tally.add('ack form');
      const answer = await raw('POST', link(noteTarget.id), body);
      findings.check('POST ack form', label, answer, { html: true, ok: [200] });
    }
    const detail = await h.detail(noteTarget.id);
    expect(detail.timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
    expect(findings.list()).toEqual([]);
  });

  it('takes hostile notes through a genuine link as plain text, or refuses them with a reason', async () => {
    // NUL first: a stored note with it would be a 500 (PostgreSQL text cannot hold it).
    const notes = hostileStrings().filter(
      (s): s is { label: string; value: string } =>
        typeof s.value === 'string' && s.value.length <= 1000,
    );
    notes.sort((a, b) => Number(b.value.includes('\u0000')) - Number(a.value.includes('\u0000')));
    for (const note of notes) {
      tally.add('ack form');
      const answer = await raw(
        'POST',
        link(other.id),
        new URLSearchParams({ note: note.value }).toString(),
      );
      // 200 once (acknowledged), 409 after (no longer open), 400 for a note refused.
      findings.check('POST ack note', note.label, answer, { html: true, ok: [200] });
    }
    expect(findings.list()).toEqual([]);
  });

  it('still acknowledges with the genuine link, exactly once', async () => {
    expect((await raw('GET', genuine)).status).toBe(200);
    const first = await raw('POST', genuine, 'note=on+my+way');
    expect(first.status).toBe(200);
    const again = await raw('POST', genuine, 'note=again');
    expect(again.status).toBe(410);
    const detail = await h.detail(target.id);
    expect(detail.status).toBe('acknowledged');
    expect(detail.timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
    expect(tally.count('ack link')).toBeGreaterThanOrEqual(300);
  });
});
