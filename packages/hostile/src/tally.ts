/** Counts the inputs tried per entry point, for the report printed after a hostile suite. */
export class HostileTally {
  private readonly counts = new Map<string, number>();

  add(entryPoint: string, n = 1): void {
    this.counts.set(entryPoint, (this.counts.get(entryPoint) ?? 0) + n);
  }

  count(entryPoint: string): number {
    return this.counts.get(entryPoint) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  entries(): [string, number][] {
    return [...this.counts.entries()];
  }

  /** A small aligned table "entry point | inputs" with the total. */
  report(): string {
    const rows: [string, string][] = [
      ['entry point', 'inputs'],
      ...this.entries().map(([name, n]): [string, string] => [name, String(n)]),
      ['total', String(this.total())],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    const fmt = ([a, b]: [string, string]) => `${a.padEnd(w0)} | ${b.padStart(w1)}`;
    const rule = `${'-'.repeat(w0)}-+-${'-'.repeat(w1)}`;
    const [head, ...body] = rows;
    const total = body.pop()!;
    return [fmt(head!), rule, ...body.map(fmt), rule, fmt(total)].join('\n');
  }
}
