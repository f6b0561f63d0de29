/** One row of the drills' table. */
export interface DrillResult {
  drill: string;
  load: string;
  faults: string;
  lost: number | null;
  duplicated: number | null;
  /** Fault end → caught up, in ms; null when there is nothing to recover from or it never did. */
  recoveryMs: number | null;
  /** What the recovery time measures, or why there is none. */
  recoveryNote?: string;
  /** The itemised counts behind lost and duplicated. */
  details: string[];
  /** The drill ran to its end (its counts are meaningful) and found nothing lost or duplicated. */
  passed: boolean;
  error?: string;
}

const COLUMNS = [
  'drill',
  'load',
  'faults injected',
  'lost',
  'duplicated',
  'recovery time',
] as const;

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

function cells(r: DrillResult): string[] {
  const count = (n: number | null) => (r.error ? 'error' : n === null ? '—' : String(n));
  const recovery = formatDuration(r.recoveryMs) + (r.recoveryNote ? ` (${r.recoveryNote})` : '');
  return [r.drill, r.load, r.faults, count(r.lost), count(r.duplicated), recovery];
}

/** Markdown table; `|` inside a cell is escaped so the table keeps its columns. */
export function markdownTable(results: readonly DrillResult[]): string {
  const esc = (s: string) =>
    s.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = [COLUMNS.slice(), ...results.map(cells)].map((row) => row.map(esc));
  const widths = COLUMNS.map((_, i) => Math.max(3, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** The table and, per drill, the counts behind it and any error. */
export function markdownReport(results: readonly DrillResult[], header: string): string {
  const parts = [header, '', markdownTable(results), ''];
  for (const r of results) {
    parts.push(`**${r.drill}**: ${r.error ? `error: ${r.error}` : r.passed ? 'passed' : 'FAILED'}`);
    for (const d of r.details) parts.push(`- ${d}`);
    parts.push('');
  }
  return parts.join('\n');
}

export interface DrillOptions {
  only: number[];
  quick: boolean;
  out: string | null;
  keep: boolean;
}

export const DRILL_NUMBERS = [1, 2, 3, 4, 5] as const;

/** `--only 1,3`, `--quick`, `--out FILE`, `--keep` (keep the drills' data and logs). */
export function parseDrillArgs(argv: readonly string[]): DrillOptions {
  const options: DrillOptions = { only: [...DRILL_NUMBERS], quick: false, out: null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--quick':
        options.quick = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--out':
        options.out = value();
        break;
      case '--only': {
        const raw = value();
        const numbers = raw.split(',').map((s) => s.trim());
        const bad = numbers.filter((n) => !/^[1-5]$/.test(n));
        if (bad.length || numbers.length === 0)
          throw new Error(`--only takes drill numbers 1-5 separated by commas (got "${raw}")`);
        options.only = [...new Set(numbers.map(Number))].sort((a, b) => a - b);
        break;
      }
      default:
        throw new Error(`unknown option ${arg} (options: --only 1,3  --quick  --out FILE  --keep)`);
    }
  }
  return options;
}
