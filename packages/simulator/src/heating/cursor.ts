/**
 * Opaque paging cursor: base64url of "<runId>.<seq>". The run id tells a cursor from an earlier run of
 * the simulator (whose sequence restarted at 1) from one of this run, so a collector that kept its
 * checkpoint across a simulator restart starts at the oldest reading instead of waiting for the
 * sequence to catch up.
 */
export interface Cursor {
  runId: string;
  seq: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.runId}.${cursor.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  const match = /^([a-z0-9]{1,20})\.(\d{1,15})$/.exec(
    Buffer.from(text, 'base64url').toString('utf8'),
  );
  if (!match) return null;
  const seq = Number(match[2]);
  return Number.isSafeInteger(seq) ? { runId: match[1]!, seq } : null;
}
