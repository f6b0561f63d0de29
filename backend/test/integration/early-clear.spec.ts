import type { INestApplication } from '@nestjs/common';
import type { AlertTransition } from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/bootstrap.js';
import { DATABASE, type Database } from '../../src/infra/database/database.js';
import { IncidentsService } from '../../src/modules/incidents/incidents.service.js';
import { ApiClient } from './support/api-client.js';
import { DATABASE_KINDS, TestEnv } from './support/test-env.js';

const ASSETS_CSV = [
  'id,domain,kind,name,district,lng,lat,parentId',
  'IS-0001,heating,indoor_sensor,南京路 3 号楼 501,,117.197,39.119,',
  'IS-0002,heating,indoor_sensor,南京路 3 号楼 502,,117.197,39.119,',
].join('\n');

const T0 = Date.parse('2026-11-26T08:00:00+08:00');
const minute = (n: number) => T0 + n * 60_000;

function transition(
  assetId: string,
  kind: AlertTransition['kind'],
  at: number,
  value: number,
): AlertTransition {
  const severity = kind === 'cleared' ? null : 'orange';
  return {
    transitionId: `indoor-temp-low|${assetId}|${at}|${kind}|${severity ?? 'none'}`,
    ruleId: 'indoor-temp-low',
    assetId,
    kind,
    severity,
    previousSeverity: kind === 'cleared' ? 'orange' : null,
    at,
    value,
    metric: 'indoorTempC',
    flapping: false,
    subject: null,
  };
}

/**
 * Drill 4 (docs/drills.md): across a PostgreSQL outage a raise's job was retried after its clear's,
 * so the clear found nothing and the incident stayed open for ever. Now the clear waits for it.
 */
describe.each(DATABASE_KINDS)('a clear applied before its raise (%s)', (databaseKind) => {
  let env: TestEnv;
  let app: INestApplication;
  let incidents: IncidentsService;
  const db = () => app.get<Database>(DATABASE);
  const rowsOf = (assetId: string) =>
    db().query<{ status: string; opened_at: Date; resolved_at: Date | null; last_value: number }>(
      `SELECT status, opened_at, resolved_at, last_value FROM incidents
       WHERE asset_id = $1 ORDER BY opened_at`,
      [assetId],
    );
  const deliveries = async () =>
    (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM notification_deliveries'))[0]!
      .n;

  beforeAll(async () => {
    env = await TestEnv.create(databaseKind);
    app = await createApiApp(env.config());
    await app.listen(0, '127.0.0.1');
    const api = ApiClient.of(app);
    await api.login('admin', 'test-admin-password');
    const imported = await api.post<{ imported: number }>(
      '/api/assets/import',
      ASSETS_CSV,
      'text/csv',
    );
    expect(imported.body.imported).toBe(2);
    incidents = app.get(IncidentsService);
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  it('opens the late raise as an incident resolved at the clear, and a retried clear is a duplicate', async () => {
    const raise = transition('IS-0001', 'raised', minute(1), 15.2);
    const clear = transition('IS-0001', 'cleared', minute(2), 21.1);

    expect((await incidents.applyTransition(clear)).effect).toBe('ignored');
    expect(await rowsOf('IS-0001')).toEqual([]);

    const late = await incidents.applyTransition(raise);
    expect(late.effect).toBe('resolved');
    expect(late.incident?.status).toBe('resolved');
    const [row] = await rowsOf('IS-0001');
    expect(row?.status).toBe('resolved');
    expect(new Date(row!.opened_at).getTime()).toBe(minute(1));
    expect(new Date(row!.resolved_at!).getTime()).toBe(minute(2));
    expect(Number(row!.last_value)).toBe(21.1);

    const timeline = await db().query<{ type: string; at: Date; transition_id: string | null }>(
      `SELECT type, at, transition_id FROM incident_events WHERE incident_id = $1 ORDER BY at, id`,
      [late.incident!.id],
    );
    expect(timeline.map((e) => [e.type, new Date(e.at).getTime(), e.transition_id])).toEqual([
      ['opened', minute(1), raise.transitionId],
      ['resolved', minute(2), clear.transitionId],
    ]);

    // Both jobs retried again (at-least-once): nothing changes.
    expect((await incidents.applyTransition(clear)).effect).toBe('duplicate');
    expect((await incidents.applyTransition(raise)).effect).toBe('duplicate');
    expect(await rowsOf('IS-0001')).toHaveLength(1);
    // Never paged: the condition was over before the incident existed.
    expect(await deliveries()).toBe(0);
  });

  it('lets a stale early clear end nothing: the next episode opens and stays open until its own clear', async () => {
    // A clear with no raise at all (its incident was resolved by hand, say), then a new episode.
    await incidents.applyTransition(transition('IS-0002', 'cleared', minute(10), 21));
    const next = await incidents.applyTransition(transition('IS-0002', 'raised', minute(20), 15));
    expect(next.effect).toBe('opened');
    expect((await rowsOf('IS-0002')).map((r) => r.status)).toEqual(['open']);

    const cleared = await incidents.applyTransition(
      transition('IS-0002', 'cleared', minute(30), 21.5),
    );
    expect(cleared.effect).toBe('resolved');
    const [row] = await rowsOf('IS-0002');
    expect(new Date(row!.resolved_at!).getTime()).toBe(minute(30));
  });

  it('keeps only the newest early clear of a key', async () => {
    await incidents.applyTransition(transition('IS-0003', 'cleared', minute(40), 20));
    await incidents.applyTransition(transition('IS-0003', 'cleared', minute(45), 22));
    await incidents.applyTransition(transition('IS-0003', 'cleared', minute(42), 21));
    const kept = await db().query<{ at: Date; value: number }>(
      `SELECT at, value FROM incident_early_clears WHERE key LIKE '%IS-0003%'`,
    );
    expect(kept.map((r) => [new Date(r.at).getTime(), Number(r.value)])).toEqual([
      [minute(45), 22],
    ]);
  });
});
