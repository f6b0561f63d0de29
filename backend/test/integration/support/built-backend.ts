import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eventually } from './test-env.js';

/*
 * The backend as it is deployed: the built `dist/main.js` (API) and `dist/worker.js` (queue workers)
 * started as separate Node processes on loopback, for the tests that need several processes sharing
 * Redis, InfluxDB and PostgreSQL (multi-process.spec.ts, worker-kill.spec.ts).
 */

const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));
export const BUILT_ENTRIES = { api: `${DIST}main.js`, worker: `${DIST}worker.js` } as const;

/** Throws a message that says what to do when the backend has not been built. */
export function assertBackendBuilt(): void {
  const missing = Object.values(BUILT_ENTRIES).filter((file) => !existsSync(file));
  if (missing.length)
    throw new Error(
      `${missing.join(', ')} missing: these tests start the built backend. Build it first ` +
        '(from the repository root: `npx nx run @cityops/backend:build`; `npm test` builds before ' +
        'the integration tests).',
    );
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/** Children still running; killed if the test process exits without stopping them. */
const LIVE = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

/** One built backend process (API or worker) with its output kept for failure messages. */
export class BackendProcess {
  private readonly kept: string[] = [];
  private exitCode: number | null = null;
  readonly exited: Promise<number>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly keepLines: number,
  ) {
    LIVE.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        LIVE.delete(child);
        this.exitCode = code ?? (signal ? 128 : 1);
        resolve(this.exitCode);
      }),
    );
    // Whole lines only: a chunk may end mid-line (the rest of the line comes with the next one).
    const keeper = () => {
      let partial = '';
      const push = (line: string) => {
        if (line) this.kept.push(line);
        if (this.kept.length > this.keepLines)
          this.kept.splice(0, this.kept.length - this.keepLines);
      };
      return {
        data: (chunk: string) => {
          const parts = (partial + chunk).split('\n');
          partial = parts.pop() ?? '';
          for (const line of parts) push(line);
        },
        end: () => push(partial),
      };
    };
    for (const stream of [child.stdout, child.stderr]) {
      const k = keeper();
      stream?.setEncoding('utf8'); // a character split between chunks stays whole
      stream?.on('data', k.data);
      stream?.on('end', k.end);
    }
  }

  /**
   * Starts `node dist/main.js` or `node dist/worker.js` with exactly these variables (and PATH),
   * keeping the last `keepLines` lines of its output (Infinity: all of it).
   */
  static start(
    name: string,
    role: keyof typeof BUILT_ENTRIES,
    vars: Record<string, string>,
    { keepLines = 200 }: { keepLines?: number } = {},
  ) {
    assertBackendBuilt();
    const child = spawn(process.execPath, [BUILT_ENTRIES[role]], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...vars },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new BackendProcess(name, child, keepLines);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === null;
  }

  /** Every line kept so far (stdout and stderr interleaved as they arrived). */
  get lines(): readonly string[] {
    return this.kept;
  }

  /** The last lines the process wrote (stdout and stderr), for a failure message. */
  output(): string {
    return `--- ${this.name} (pid ${this.pid}) ---\n${this.kept.join('\n')}`;
  }

  /** Resolves when GET /api/health/ready answers 200; fails as soon as the process exits. */
  async ready(baseUrl: string, timeoutMs = 60_000): Promise<void> {
    let stop = false;
    const exited = this.exited.then((code) => {
      throw new Error(`${this.name} exited with code ${code}`);
    });
    try {
      await Promise.race([
        exited,
        eventually(
          async () => !stop && (await fetch(`${baseUrl}/api/health/ready`)).ok,
          timeoutMs,
          `${this.name} to be ready`,
        ),
      ]);
    } catch (error) {
      throw new Error(
        `${String(error)} (an out-of-date backend/dist fails like this too: rebuild it)\n${this.output()}`,
        { cause: error },
      );
    } finally {
      stop = true;
      exited.catch(() => undefined);
    }
  }

  /** kill -9: no shutdown hooks, no lock release, connections just drop. */
  async crash(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
  }
}
