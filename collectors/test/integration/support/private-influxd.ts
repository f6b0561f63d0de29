import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './tcp-proxy.js';

/**
 * An influxd of the test's own (Debian's 1.6 binary), with a temporary data directory and loopback
 * ports, so a test can stop it — gracefully or with SIGKILL — and start it again on the same data,
 * the way deploy/local/lib/influxdb.sh runs one.
 */
export class PrivateInfluxd {
  private process: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly rpcPort: number,
  ) {}

  static async create(): Promise<PrivateInfluxd> {
    const dir = await mkdtemp(join(tmpdir(), 'collectors-influxd-'));
    const influxd = new PrivateInfluxd(dir, await freePort(), await freePort());
    await writeFile(join(dir, 'influxdb.conf'), influxd.config());
    return influxd;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== null;
  }

  /** Starts influxd and waits until GET /ping answers 204. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.process) return;
    const log = openSync(join(this.dir, 'influxd.log'), 'a');
    const child = spawn('influxd', ['run', '-config', join(this.dir, 'influxdb.conf')], {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`influxd exited; see ${this.dir}/influxd.log`);
      if (await this.ping()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`influxd did not answer /ping within ${timeoutMs} ms`);
  }

  /** SIGTERM: influxd shuts down cleanly; SIGKILL: it dies on the spot (its WAL is fsynced per write). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
    this.process = null;
  }

  /** SIGSTOP / SIGCONT: the port stays open but nothing answers, like an overloaded server. */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  async ping(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(1000) });
      return res.status === 204;
    } catch {
      return false;
    }
  }

  async query(q: string, db?: string): Promise<{ columns: string[]; values: unknown[][] }[]> {
    const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
    const res = await fetch(`${this.url}/query`, { method: 'POST', body: params });
    const body = (await res.json()) as {
      results?: { error?: string; series?: { columns: string[]; values: unknown[][] }[] }[];
      error?: string;
    };
    const error = body.error ?? body.results?.[0]?.error;
    if (!res.ok || error) throw new Error(`InfluxDB query failed: ${q}: ${error}`);
    return body.results?.[0]?.series ?? [];
  }

  async destroy(): Promise<void> {
    this.thaw();
    await this.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }

  private config(): string {
    const d = this.dir;
    return `reporting-enabled = false
bind-address = "127.0.0.1:${this.rpcPort}"

[meta]
  dir = "${d}/meta"

[data]
  dir = "${d}/data"
  wal-dir = "${d}/wal"
  index-version = "inmem"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${this.port}"
  auth-enabled = false
  log-enabled = false

[continuous_queries]
  enabled = false

[logging]
  level = "warn"
  suppress-logo = true
`;
  }
}
