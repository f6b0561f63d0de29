import { describe, expect, it } from 'vitest';
import {
  type DeliveryRow,
  type EventRow,
  type IncidentRow,
  countDeliveries,
  countIncidents,
  countJobs,
  countPoints,
  stepOf,
} from './counting.js';

const r = (sensorId: string, ts: number) => ({ sensorId, ts });
const p = (assetId: string, time: number) => ({ assetId, time });

describe('countPoints', () => {
  it('finds nothing lost or duplicated when every served reading is one point', () => {
    expect(
      countPoints([r('A', 1), r('B', 1), r('A', 2)], [p('A', 1), p('A', 2), p('B', 1)]),
    ).toEqual({
      expected: 3,
      stored: 3,
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
  });

  it('counts a served reading with no point as lost, even when another point makes up the number', () => {
    const count = countPoints([r('A', 1), r('A', 2)], [p('A', 1), p('A', 3)]);
    expect(count).toMatchObject({ lost: 1, unexpected: 1, duplicated: 0 });
  });

  it('counts the same asset and time stored twice (two series) as a duplicate', () => {
    expect(countPoints([r('A', 1)], [p('A', 1), p('A', 1), p('A', 1)])).toMatchObject({
      lost: 0,
      duplicated: 2,
    });
  });

  it('treats a reading served twice as one expected point', () => {
    expect(countPoints([r('A', 1), r('A', 1)], [p('A', 1)])).toMatchObject({
      expected: 1,
      lost: 0,
      duplicated: 0,
    });
  });

  it('does not confuse asset ids that run into the timestamp', () => {
    // "A1" at 23 and "A12" at 3 would both be "A123" if the key were concatenated naively.
    expect(countPoints([r('A1', 23)], [p('A12', 3)])).toMatchObject({ lost: 1, unexpected: 1 });
  });
});

describe('countJobs', () => {
  it('counts readings no completed job carried as lost, and failed or waiting jobs as not completed', () => {
    const count = countJobs(
      [r('A', 1), r('A', 2), r('B', 1)],
      [
        { id: 'j1', state: 'completed', readings: [r('A', 1)] },
        { id: 'j2', state: 'failed', readings: [r('A', 2)] },
        { id: 'j3', state: 'waiting', readings: [r('B', 1)] },
      ],
    );
    expect(count).toEqual({
      jobs: 3,
      completed: 1,
      notCompleted: 2,
      lostReadings: 2,
      duplicatedReadings: 0,
    });
  });

  it('counts a reading carried by two completed jobs once as duplicated', () => {
    const count = countJobs(
      [r('A', 1), r('A', 2)],
      [
        { id: 'j1', state: 'completed', readings: [r('A', 1)] },
        { id: 'j2', state: 'completed', readings: [r('A', 1), r('A', 2)] },
      ],
    );
    expect(count).toMatchObject({ lostReadings: 0, duplicatedReadings: 1 });
  });
});

const RULE = 'indoor-temp-low';
const incident = (id: string, assetId: string, status: IncidentRow['status']): IncidentRow => ({
  id,
  key: `${RULE}|${assetId}`,
  assetId,
  ruleId: RULE,
  status,
});
const ev = (
  incidentId: string,
  type: string,
  transitionId: string | null = null,
  data = {},
): EventRow => ({
  incidentId,
  type,
  transitionId,
  data,
});

describe('countIncidents', () => {
  const episodes = [
    { assetId: 'IS-1', ruleId: RULE },
    { assetId: 'IS-2', ruleId: RULE },
  ];

  it('is clean when each episode opened and resolved one incident', () => {
    const count = countIncidents(
      episodes,
      [incident('i1', 'IS-1', 'resolved'), incident('i2', 'IS-2', 'resolved')],
      [
        ev('i1', 'opened', 't1'),
        ev('i1', 'resolved', 't2'),
        ev('i2', 'opened', 't3'),
        ev('i2', 'resolved', 't4'),
      ],
    );
    expect(count).toEqual({
      episodes: 2,
      incidents: 2,
      lostRaised: 0,
      lostCleared: 0,
      duplicateIncidents: 0,
      duplicateTransitions: 0,
      halfWritten: 0,
    });
  });

  it('finds an episode with no incident and one left open', () => {
    const count = countIncidents(
      episodes,
      [incident('i2', 'IS-2', 'open')],
      [ev('i2', 'opened', 't3')],
    );
    expect(count).toMatchObject({ lostRaised: 1, lostCleared: 1 });
  });

  it('counts a resolved status without its resolved event as a lost clear', () => {
    const count = countIncidents(
      [episodes[0]!],
      [incident('i1', 'IS-1', 'resolved')],
      [ev('i1', 'opened', 't1')],
    );
    expect(count).toMatchObject({ lostCleared: 1 });
  });

  it('counts a second incident for one episode, and two open ones of a key', () => {
    const count = countIncidents(
      [episodes[0]!],
      [incident('i1', 'IS-1', 'open'), incident('i9', 'IS-1', 'open')],
      [ev('i1', 'opened', 't1'), ev('i9', 'opened', 't9')],
    );
    // one beyond the episode's, one for the two unresolved incidents of the key
    expect(count.duplicateIncidents).toBe(2);
  });

  it('finds an incident without its opened event (half-written) and repeated transitions', () => {
    const count = countIncidents(
      [episodes[0]!],
      [incident('i1', 'IS-1', 'resolved'), incident('i5', 'IS-5', 'open')],
      [
        ev('i1', 'opened', 't1'),
        ev('i1', 'opened', 't1b'),
        ev('i1', 'resolved', 't2'),
        ev('i1', 'comment', 't2'),
      ],
    );
    expect(count).toMatchObject({ halfWritten: 1, duplicateTransitions: 2 });
  });
});

describe('countDeliveries', () => {
  const row = (deliveryId: string, status: DeliveryRow['status'] = 'sent'): DeliveryRow => ({
    deliveryId,
    incidentId: deliveryId.split('|')[0]!,
    recipient: deliveryId.split('|')[2]!,
    channel: 'webhook',
    status,
  });
  const escalated = (incidentId: string, recipients: string[]) =>
    ev(incidentId, 'escalated', null, { generation: 0, round: 0, step: 0, recipients });
  const notified = (deliveryId: string) =>
    ev(deliveryId.split('|')[0]!, 'notified', null, { deliveryId });

  it('matches each decided page with one row, one notified event and one receipt', () => {
    const id = 'i1|0.0.0|duty|webhook';
    const count = countDeliveries(
      [escalated('i1', ['duty']), notified(id)],
      [row(id)],
      [{ deliveryId: id, incidentId: 'i1' }],
    );
    expect(count).toEqual({
      decided: 1,
      sent: 1,
      received: 1,
      lost: 0,
      duplicateRows: 0,
      duplicateNotified: 0,
      repeatedReceipts: 0,
    });
  });

  it('counts a decided page that never arrived as lost, once, even with its row stuck', () => {
    const id = 'i1|0.0.0|duty|webhook';
    const count = countDeliveries([escalated('i1', ['duty'])], [row(id, 'sending')], []);
    expect(count).toMatchObject({ decided: 1, lost: 1 });
  });

  it('counts repeats at the receiver, a second notified event, and two rows for one step across generations', () => {
    const a = 'i1|0.0.0|duty|webhook';
    const b = 'i1|1.0.0|duty|webhook';
    const count = countDeliveries(
      [escalated('i1', ['duty']), notified(a), notified(a)],
      [row(a), row(b)],
      [
        { deliveryId: a, incidentId: 'i1' },
        { deliveryId: a, incidentId: 'i1' },
      ],
    );
    expect(count).toMatchObject({
      duplicateRows: 1,
      duplicateNotified: 1,
      repeatedReceipts: 1,
      lost: 0,
    });
  });

  it('reads the step of a delivery id without its generation', () => {
    expect(stepOf('i1|3.1.2|duty|webhook')).toBe('1.2');
    expect(stepOf('digest|key|slot')).toBe('key');
  });
});
