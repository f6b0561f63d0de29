import { readFileSync, readdirSync } from 'node:fs';

/*
 * CPU use read from Linux /proc, for the benchmarks' "where did the CPU go" lines. Elsewhere (no
 * /proc) every answer is null or empty, and the benchmarks print what they can.
 */

const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far; null when /proc cannot tell. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(after[11]) + Number(after[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** PIDs of the local processes whose command name is one of `names`, by name. */
export function pidsByCommand(names: readonly string[]): Map<string, number[]> {
  const found = new Map<string, number[]>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (names.includes(comm)) found.set(comm, [...(found.get(comm) ?? []), Number(entry)]);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // not Linux
  }
  return found;
}

/** Busy CPU seconds of the whole machine so far; null when /proc cannot tell. */
export function machineBusySeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
