/*
 * Pure counting: what the drills compare after a fault, against ground truth. No I/O here; the
 * drills fetch the rows and hand them over (unit tests: counting.spec.ts).
 */

/** One reading the simulator served: the sensor and its event time (epoch ms). */
export interface ServedReading {
  sensorId: string;
  ts: number;
}

/** One row InfluxDB holds: the series' asset tag and the point's time (epoch ms). */
export interface StoredPoint {
  assetId: string;
  time: number;
}

export interface PointCount {
  expected: number;
  stored: number;
  /** Served readings with no point. */
  lost: number;
  /** Rows beyond the first for one asset and time (the same reading in two series). */
  duplicated: number;
  /** Points that match no served reading. */
  unexpected: number;
}

const key = (asset: string, ts: number) => `${asset}\u0000${ts}`;

/** Served readings against the points in InfluxDB, by asset and event time. */
export function countPoints(
  served: readonly ServedReading[],
  stored: readonly StoredPoint[],
): PointCount {
  const expected = new Set(served.map((r) => key(r.sensorId, r.ts)));
  const seen = new Map<string, number>();
  for (const p of stored) {
    const k = key(p.assetId, p.time);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  let lost = 0;
  for (const k of expected) if (!seen.has(k)) lost++;
  let duplicated = 0;
  let unexpected = 0;
  for (const [k, n] of seen) {
    duplicated += n - 1;
    if (!expected.has(k)) unexpected++;
  }
  return { expected: expected.size, stored: stored.length, lost, duplicated, unexpected };
}

/** One evaluate-readings job as BullMQ keeps it: its id, state and the readings it carried. */
export interface EvaluateJob {
  id: string;
  state: 'completed' | 'failed' | 'waiting' | 'active' | 'delayed' | 'other';
  readings: readonly ServedReading[];
}

export interface JobCount {
  jobs: number;
  completed: number;
  /** Jobs that ended failed or are still not done. */
  notCompleted: number;
  /** Served readings that no completed job carried. */
  lostReadings: number;
  /** Served readings carried by more than one completed job (each extra carriage counts). */
  duplicatedReadings: number;
}

/** Whether every served reading reached the backend in a completed evaluate-readings job, once. */
export function countJobs(
  served: readonly ServedReading[],
  jobs: readonly EvaluateJob[],
): JobCount {
  const carried = new Map<string, number>();
  let completed = 0;
  for (const job of jobs) {
    if (job.state !== 'completed') continue;
    completed++;
    for (const r of job.readings) {
      const k = key(r.sensorId, r.ts);
      carried.set(k, (carried.get(k) ?? 0) + 1);
    }
  }
  let lostReadings = 0;
  let duplicatedReadings = 0;
  for (const r of new Set(served.map((s) => key(s.sensorId, s.ts)))) {
    const n = carried.get(r) ?? 0;
    if (n === 0) lostReadings++;
    else duplicatedReadings += n - 1;
  }
  return {
    jobs: jobs.length,
    completed,
    notCompleted: jobs.length - completed,
    lostReadings,
    duplicatedReadings,
  };
}

/** An episode the drill caused: one flat made cold, then warm again. Each flat is used once. */
export interface Episode {
  assetId: string;
  ruleId: string;
}

export interface IncidentRow {
  id: string;
  key: string;
  assetId: string | null;
  ruleId: string;
  status: 'open' | 'acknowledged' | 'resolved';
}

export interface EventRow {
  incidentId: string;
  type: string;
  /** The alert transition that made the event (null for operators' and notification events). */
  transitionId: string | null;
  data: Record<string, unknown>;
}

export interface IncidentCount {
  episodes: number;
  incidents: number;
  /** Episodes whose incident never opened. */
  lostRaised: number;
  /** Episodes whose incident opened but never resolved although the flat was warm again. */
  lostCleared: number;
  /** Incidents beyond the one each episode calls for, plus keys with two unresolved incidents. */
  duplicateIncidents: number;
  /** A second `opened` or `resolved` on one incident, or one transition id on two events. */
  duplicateTransitions: number;
  /** Incidents without their `opened` timeline event (written half). */
  halfWritten: number;
}

/** The incidents and timeline against the episodes (one raised and one cleared each). */
export function countIncidents(
  episodes: readonly Episode[],
  incidents: readonly IncidentRow[],
  events: readonly EventRow[],
): IncidentCount {
  const byKey = new Map<string, IncidentRow[]>();
  for (const incident of incidents) {
    const list = byKey.get(incident.key) ?? [];
    list.push(incident);
    byKey.set(incident.key, list);
  }
  const typesOf = new Map<string, string[]>();
  const transitions = new Map<string, number>();
  for (const e of events) {
    const list = typesOf.get(e.incidentId) ?? [];
    list.push(e.type);
    typesOf.set(e.incidentId, list);
    if (e.transitionId) transitions.set(e.transitionId, (transitions.get(e.transitionId) ?? 0) + 1);
  }
  const count = (incidentId: string, type: string) =>
    (typesOf.get(incidentId) ?? []).filter((t) => t === type).length;

  let lostRaised = 0;
  let lostCleared = 0;
  let duplicateIncidents = 0;
  for (const episode of episodes) {
    const found = byKey.get(`${episode.ruleId}|${episode.assetId}`) ?? [];
    if (found.length === 0) lostRaised++;
    else if (!found.some((i) => i.status === 'resolved' && count(i.id, 'resolved') > 0))
      lostCleared++;
    duplicateIncidents += Math.max(0, found.length - 1);
  }
  // Two unresolved incidents of one key anywhere (the partial unique index should make it impossible).
  for (const list of byKey.values())
    duplicateIncidents += Math.max(0, list.filter((i) => i.status !== 'resolved').length - 1);

  let duplicateTransitions = 0;
  let halfWritten = 0;
  for (const incident of incidents) {
    const opened = count(incident.id, 'opened');
    if (opened === 0) halfWritten++;
    duplicateTransitions +=
      Math.max(0, opened - 1) + Math.max(0, count(incident.id, 'resolved') - 1);
  }
  for (const n of transitions.values()) duplicateTransitions += n - 1;
  return {
    episodes: episodes.length,
    incidents: incidents.length,
    lostRaised,
    lostCleared,
    duplicateIncidents,
    duplicateTransitions,
    halfWritten,
  };
}

export interface DeliveryRow {
  deliveryId: string;
  incidentId: string | null;
  recipient: string;
  channel: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
}

export interface DeliveryCount {
  /** Pages decided: one per recipient named by an `escalated` step event (one contact each). */
  decided: number;
  sent: number;
  received: number;
  /** Decided pages with no delivery received (per incident), plus other rows never `sent`. */
  lost: number;
  /** Rows for one incident, recipient, channel and step beyond the first. */
  duplicateRows: number;
  /** More than one `notified` event for one delivery. */
  duplicateNotified: number;
  /** Requests the receiver got beyond the first per delivery id (at-least-once at the edge). */
  repeatedReceipts: number;
}

/** The step part of a delivery id (`incident|<generation>.<round>.<step>|member|channel`) without the generation. */
export function stepOf(deliveryId: string): string {
  const step = deliveryId.split('|')[1] ?? '';
  return step.split('.').slice(1).join('.') || step;
}

/** Pages decided on the timeline against deliveries stored, `notified` events and what the receiver got. */
export function countDeliveries(
  events: readonly EventRow[],
  rows: readonly DeliveryRow[],
  receipts: readonly { deliveryId: string; incidentId: string | null }[],
): DeliveryCount {
  const decidedPer = new Map<string, number>();
  let decided = 0;
  for (const e of events) {
    if (e.type !== 'escalated') continue;
    const recipients = e.data.recipients;
    if (!Array.isArray(recipients)) continue;
    decided += recipients.length;
    decidedPer.set(e.incidentId, (decidedPer.get(e.incidentId) ?? 0) + recipients.length);
  }
  const receivedIds = new Map<string, number>();
  const receivedPer = new Map<string, Set<string>>();
  for (const r of receipts) {
    receivedIds.set(r.deliveryId, (receivedIds.get(r.deliveryId) ?? 0) + 1);
    if (r.incidentId) {
      const set = receivedPer.get(r.incidentId) ?? new Set<string>();
      set.add(r.deliveryId);
      receivedPer.set(r.incidentId, set);
    }
  }
  let lost = 0;
  for (const [incidentId, n] of decidedPer)
    lost += Math.max(0, n - (receivedPer.get(incidentId)?.size ?? 0));
  // A row that never reached `sent` for an incident no step event names (a digest, say).
  lost += rows.filter(
    (r) =>
      r.status !== 'sent' && !receivedIds.has(r.deliveryId) && !decidedPer.has(r.incidentId ?? ''),
  ).length;

  const slots = new Map<string, number>();
  for (const r of rows) {
    const slot = [r.incidentId, r.recipient, r.channel, stepOf(r.deliveryId)].join('\u0000');
    slots.set(slot, (slots.get(slot) ?? 0) + 1);
  }
  let duplicateRows = 0;
  for (const n of slots.values()) duplicateRows += n - 1;

  const notified = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'notified') continue;
    const id = typeof e.data.deliveryId === 'string' ? e.data.deliveryId : '';
    notified.set(id, (notified.get(id) ?? 0) + 1);
  }
  let duplicateNotified = 0;
  for (const n of notified.values()) duplicateNotified += n - 1;
  let repeatedReceipts = 0;
  for (const n of receivedIds.values()) repeatedReceipts += n - 1;

  return {
    decided,
    sent: rows.filter((r) => r.status === 'sent').length,
    received: receivedIds.size,
    lost,
    duplicateRows,
    duplicateNotified,
    repeatedReceipts,
  };
}
