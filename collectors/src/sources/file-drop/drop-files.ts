/** Names the drop folder never picks up: dotfiles, editor locks, and files still being written (.tmp, .part). */
export function isCandidateName(name: string, extension = '.csv'): boolean {
  if (name.startsWith('.') || name.startsWith('~')) return false;
  const lower = name.toLowerCase();
  if (lower.endsWith('.tmp') || lower.endsWith('.part')) return false;
  return lower.endsWith(extension);
}

/** "cases.csv" at 2026-11-26T08:01:02.345Z -> "cases.20261126T080102Z.csv" (n > 0 adds "-n"). */
export function timestampedName(name: string, at: number, n = 0): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${base}.${stamp}${n > 0 ? `-${n}` : ''}${ext}`;
}

/** Size and modification time of one observation of a file. */
export interface FileObservation {
  size: number;
  mtimeMs: number;
}

/**
 * Decides when a dropped file is complete: its size and modification time have stayed the same for
 * at least `stableMs`, across scans. A copy in progress keeps changing one or the other.
 */
export class StabilityTracker {
  private readonly seen = new Map<string, FileObservation & { since: number }>();

  constructor(private readonly stableMs: number) {}

  /** Records what a scan saw; true when the file has been unchanged for long enough. */
  observe(name: string, observation: FileObservation, now: number): boolean {
    const previous = this.seen.get(name);
    if (
      previous &&
      previous.size === observation.size &&
      previous.mtimeMs === observation.mtimeMs
    ) {
      return now - previous.since >= this.stableMs;
    }
    this.seen.set(name, { ...observation, since: now });
    return false;
  }

  forget(name: string): void {
    this.seen.delete(name);
  }

  /** Drops what it knows about files that are gone. */
  retain(names: ReadonlySet<string>): void {
    for (const name of this.seen.keys()) if (!names.has(name)) this.seen.delete(name);
  }
}

/** Where a drop folder stands in the file it is working through (the checkpoint's cursor, as JSON). */
export interface FileProgress {
  name: string;
  size: number;
  mtimeMs: number;
  /** sha256 of the file's bytes. */
  hash: string;
  /** The last line whose row has been stored (the header's line before the first chunk). */
  line: number;
}

export function encodeProgress(progress: FileProgress | null): string {
  return progress ? JSON.stringify(progress) : '';
}

/** Reads the checkpoint's cursor; '' (or anything unreadable) means no file in progress. */
export function decodeProgress(cursor: string | null | undefined): FileProgress | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as Partial<FileProgress>;
    if (
      typeof value.name === 'string' &&
      typeof value.size === 'number' &&
      typeof value.mtimeMs === 'number' &&
      typeof value.hash === 'string' &&
      typeof value.line === 'number'
    ) {
      return value as FileProgress;
    }
  } catch {
    // fall through
  }
  return null;
}

/** The line to resume after, when the checkpoint is about this very file (same name, size, time, content). */
export function resumeLine(
  progress: FileProgress | null,
  file: Omit<FileProgress, 'line'>,
): number {
  if (
    progress &&
    progress.name === file.name &&
    progress.size === file.size &&
    progress.mtimeMs === file.mtimeMs &&
    progress.hash === file.hash
  ) {
    return progress.line;
  }
  return 0;
}

/**
 * Compares a CSV header with the expected names (any order, each exactly once, nothing else).
 * Returns what is wrong, or null.
 */
export function headerProblem(
  header: readonly string[],
  expected: readonly string[],
): string | null {
  const names = header.map((h) => h.trim());
  const missing = expected.filter((name) => !names.includes(name));
  const unexpected = names.filter((name) => !expected.includes(name));
  const duplicated = names.filter((name, i) => names.indexOf(name) !== i);
  const problems = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    unexpected.length ? `unexpected ${unexpected.map((n) => JSON.stringify(n)).join(', ')}` : '',
    duplicated.length ? `repeated ${duplicated.join(', ')}` : '',
  ].filter(Boolean);
  return problems.length
    ? `wrong header (${problems.join('; ')}); expected the names ${expected.join(',')} in any order`
    : null;
}
