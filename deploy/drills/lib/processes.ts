import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Every child still running; killed when the drill process exits however it exits. */
const LIVE = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The log file (appended); stdout and stderr both go there. */
  logFile: string;
}

/** One child process: its output in a log file, waitable lines, kill and stop by its own pid. */
export class Child {
  private exitCode: number | null = null;
  private readonly listeners = new Set<(line: string) => void>();
  readonly exited: Promise<number>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    LIVE.add(child);
    const log = createWriteStream(logFile, { flags: 'a' });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        LIVE.delete(child);
        this.exitCode = code ?? (signal ? 128 : 1);
        log.write(`\n=== exited (${signal ?? code}) at ${new Date().toISOString()}\n`);
        log.end();
        resolve(this.exitCode);
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        log.write(chunk);
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) for (const listener of this.listeners) listener(line);
      });
    }
  }

  static start(name: string, command: string, args: string[], options: SpawnOptions): Child {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Child(name, child, options.logFile);
  }

  /** `node <script>` with exactly these variables (and PATH). */
  static node(name: string, script: string, args: string[], options: SpawnOptions): Child {
    return Child.start(name, process.execPath, [script, ...args], options);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === null;
  }

  /** The first line matching `re`; rejects when the process exits first or time runs out. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const finish = (error: Error | null, match?: RegExpExecArray) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        if (error) reject(error);
        else resolve(match!);
      };
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `${this.name}: no line ${re} within ${timeoutMs / 1000} s; see ${this.logFile}`,
            ),
          ),
        timeoutMs,
      );
      const listener = (line: string) => {
        const match = re.exec(line);
        if (match) finish(null, match);
      };
      this.listeners.add(listener);
      void this.exited.then((code) =>
        finish(new Error(`${this.name} exited with code ${code}; see ${this.logFile}`)),
      );
    });
  }

  /** kill -9 (by this child's own pid). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
  }
}

/** Thrown by a waitFor check to stop waiting at once (the process it waits for has exited). */
export class GaveUp extends Error {}

/** Polls `check` until it returns something other than undefined/false, or throws on timeout. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof GaveUp) throw error;
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}` +
          (last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''),
      );
    await sleep(everyMs);
  }
}

export const logPath = (dir: string, name: string) => join(dir, `${name}.log`);
