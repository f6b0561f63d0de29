export type TimeMode = 'shift-to-now' | 'keep-time';
export type Speed = number | 'max';

/** How source times become reading times, and when each is sent (ms after the start). */
export interface TimePlan {
  /** The reading's time for a source time. */
  map(ts: number): number;
  /** When to send it, in ms after the replay started (0: at once). */
  sendAfter(ts: number): number;
  /** How far the times move (0 with keep-time; with a finite speed the spacing shrinks too). */
  describe: string;
}

/**
 * keep-time: times as in the file; a finite speed only paces the sending.
 * shift-to-now with speed max: every time moves by the same amount so that the last row lands at
 * now (a backfill that ends now).
 * shift-to-now with a finite speed: the first row lands at now and the rest follow in (speed times
 * compressed) real time, each sent when its new time comes, so the stream looks live.
 */
export function planTime(
  mode: TimeMode,
  speed: Speed,
  first: number,
  last: number,
  now: number,
): TimePlan {
  const pace = (ts: number) => (speed === 'max' ? 0 : Math.max(0, (ts - first) / speed));
  if (mode === 'keep-time') return { map: (ts) => ts, sendAfter: pace, describe: 'times kept' };
  if (speed === 'max') {
    const shift = now - last;
    return {
      map: (ts) => ts + shift,
      sendAfter: () => 0,
      describe: `times moved by ${Math.round(shift / 1000)} s so the last row lands at now`,
    };
  }
  return {
    map: (ts) => Math.round(now + (ts - first) / speed),
    sendAfter: pace,
    describe: `the first row lands at now, the rest follow at ${speed}x`,
  };
}
