import { execFile, execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Child, freePort, logPath, waitFor } from './processes.js';

/*
 * Private instances of the backing services for one drill, on free loopback ports, with all their
 * files under the drill's directory. The machine's shared services on the standard ports are never
 * touched: every instance here is a child of the drill (or, for PostgreSQL, a cluster the drill
 * created) and is stopped by its own pid or data directory.
 */

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

/** Redis with an append-only file fsynced on every write, and no eviction (BullMQ needs both). */
export class PrivateRedis {
  private child: Child | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(dir: string): Promise<PrivateRedis> {
    mkdirSync(dir, { recursive: true });
    const redis = new PrivateRedis(dir, await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.child = Child.start(
      'redis',
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
        '--save',
        '',
        '--daemonize',
        'no',
      ],
      { logFile: logPath(this.dir, 'redis') },
    );
    await waitFor(
      'Redis to answer PING',
      async () => (await this.cli('PING')) === 'PONG',
      20_000,
      200,
    );
  }

  /** kill -9: whatever Redis acknowledged is in the AOF (appendfsync always). */
  async crash(): Promise<void> {
    await this.child?.kill();
  }

  async stop(): Promise<void> {
    await this.child?.stop();
  }

  /** One redis-cli command; the raw reply (one line per element of an array). */
  async cli(...args: string[]): Promise<string> {
    const { stdout } = await run(
      'redis-cli',
      ['-h', '127.0.0.1', '-p', String(this.port), '--raw', ...args],
      {
        maxBuffer: 512 * 1024 * 1024,
        timeout: 30_000,
      },
    );
    return stdout.replace(/\n$/, '');
  }
}

/** InfluxDB 1.x (Debian's influxd) configured as deploy/local/lib/influxdb.sh does, on free ports. */
export class PrivateInflux {
  private child: Child | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly rpcPort: number,
    readonly database: string,
  ) {}

  static async start(dir: string, database = 'cityops'): Promise<PrivateInflux> {
    mkdirSync(dir, { recursive: true });
    const influx = new PrivateInflux(dir, await freePort(), await freePort(), database);
    writeFileSync(join(dir, 'influxdb.conf'), influx.config());
    await influx.up();
    return influx;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/${this.database}`;
  }

  get running(): boolean {
    return this.child?.running ?? false;
  }

  private config(): string {
    return `reporting-enabled = false
bind-address = "127.0.0.1:${this.rpcPort}"
[meta]
  dir = "${this.dir}/meta"
  retention-autocreate = true
[data]
  dir = "${this.dir}/data"
  wal-dir = "${this.dir}/wal"
  index-version = "inmem"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${this.port}"
  auth-enabled = false
  log-enabled = false
  pprof-enabled = false
[continuous_queries]
  enabled = true
[logging]
  level = "warn"
  suppress-logo = true
`;
  }

  async up(): Promise<void> {
    this.child = Child.start(
      'influxd',
      'influxd',
      ['run', '-config', join(this.dir, 'influxdb.conf')],
      {
        logFile: logPath(this.dir, 'influxd'),
      },
    );
    await waitFor(
      'InfluxDB to answer /ping',
      async () => (await fetch(`http://127.0.0.1:${this.port}/ping`)).status === 204,
      30_000,
      200,
    );
  }

  /** A graceful stop (SIGTERM): InfluxDB is away until up() is called again. */
  async stop(): Promise<void> {
    await this.child?.stop(30_000);
  }

  /** The database and its default `raw` policy, as deploy/local/stack.mjs makes sure of. */
  async provision(): Promise<void> {
    await this.query(`CREATE DATABASE "${this.database}"`);
    await this.query(
      `CREATE RETENTION POLICY "raw" ON "${this.database}" DURATION 90d REPLICATION 1 DEFAULT`,
    );
  }

  async query(q: string): Promise<unknown> {
    const response = await fetch(`http://127.0.0.1:${this.port}/query`, {
      method: 'POST',
      body: new URLSearchParams({ q, db: this.database }),
    });
    const text = await response.text();
    if (!response.ok || text.includes('"error"'))
      throw new Error(`InfluxDB refused ${q}: ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  }

  /**
   * Every row of a SELECT, read in chunks (no row limit applies), as objects keyed by column
   * (time in epoch ms).
   */
  async rows(q: string): Promise<Record<string, unknown>[]> {
    const params = new URLSearchParams({
      q,
      db: this.database,
      epoch: 'ms',
      chunked: 'true',
      chunk_size: '10000',
    });
    const response = await fetch(`http://127.0.0.1:${this.port}/query?${params}`);
    const text = await response.text();
    if (!response.ok) throw new Error(`InfluxDB refused ${q}: ${response.status} ${text}`);
    const out: Record<string, unknown>[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const chunk = JSON.parse(line) as {
        results?: {
          error?: string;
          series?: { columns: string[]; values: unknown[][]; tags?: Record<string, string> }[];
        }[];
        error?: string;
      };
      if (chunk.error) throw new Error(`InfluxDB: ${chunk.error}`);
      for (const result of chunk.results ?? []) {
        if (result.error) throw new Error(`InfluxDB: ${result.error}`);
        for (const series of result.series ?? [])
          for (const values of series.values) {
            const row: Record<string, unknown> = { ...series.tags };
            series.columns.forEach((column, i) => (row[column] = values[i]));
            out.push(row);
          }
      }
    }
    return out;
  }
}

/**
 * A throwaway PostgreSQL cluster (initdb + pg_ctl), trust authentication on 127.0.0.1. As root it
 * belongs to the `postgres` OS user, since PostgreSQL refuses to run as root. Durable settings
 * (fsync on): drill 4 crashes it and counts what survived.
 */
export class PrivatePostgres {
  /** Clusters that may be running: pg_ctl daemonises the server, so no child exit ends it. */
  private static readonly live = new Set<PrivatePostgres>();
  static {
    process.on('exit', () => {
      for (const pgsql of PrivatePostgres.live) pgsql.stopNow();
    });
  }

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async start(dir: string): Promise<PrivatePostgres> {
    const bin = postgresBinDir();
    mkdirSync(join(dir, 'run'), { recursive: true });
    const pgsql = new PrivatePostgres(dir, await freePort(), bin);
    if (asRoot) chownTree(dir, 'postgres');
    await pgsql.asOwner(join(bin, 'initdb'), [
      '-D',
      pgsql.data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
    ]);
    appendFileSync(
      join(pgsql.data, 'postgresql.conf'),
      `\n# drill instance\nlisten_addresses = '127.0.0.1'\nport = ${pgsql.port}\nunix_socket_directories = '${join(dir, 'run')}'\nmax_connections = 200\n`,
    );
    await pgsql.up();
    return pgsql;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private async asOwner(command: string, args: string[]): Promise<string> {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args];
    const { stdout } = await run(file, argv, { timeout: 120_000 });
    return stdout;
  }

  async up(): Promise<void> {
    PrivatePostgres.live.add(this);
    await this.asOwner(join(this.bin, 'pg_ctl'), [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** `pg_ctl stop -m immediate`: the server quits without a checkpoint, as on a crash; recovery runs on start. */
  async crash(): Promise<void> {
    await this.asOwner(join(this.bin, 'pg_ctl'), [
      '-D',
      this.data,
      '-m',
      'immediate',
      '-w',
      'stop',
    ]);
  }

  /** Synchronous, for the exit hook: an immediate stop, whatever state the drill was in. */
  private stopNow(): void {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    const args = [join(this.bin, 'pg_ctl'), '-D', this.data, '-m', 'immediate', '-w', 'stop'];
    try {
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
      else execFileSync(args[0]!, args.slice(1), { stdio: 'ignore' });
    } catch {
      // already stopped
    }
  }

  async stop(): Promise<void> {
    PrivatePostgres.live.delete(this);
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    await this.asOwner(join(this.bin, 'pg_ctl'), [
      '-D',
      this.data,
      '-m',
      'fast',
      '-w',
      '-t',
      '60',
      'stop',
    ]).catch(() => undefined);
  }

  /** Rows of one query as arrays of strings (psql, unaligned); throws when the server is away. */
  async query(sql: string): Promise<string[][]> {
    const { stdout } = await run(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(this.port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-qAt',
        '-F',
        '\x1f',
        '-c',
        sql,
      ],
      { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 },
    );
    return stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\x1f'));
  }
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  const newest = versions.at(-1);
  if (!newest)
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)',
    );
  return join(root, newest, 'bin');
}

function chownTree(dir: string, user: string): void {
  const uid = Number(readPasswd(user, 2));
  const gid = Number(readPasswd(user, 3));
  const walk = (path: string) => {
    chownSync(path, uid, gid);
    for (const entry of readdirSync(path, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(path, entry.name));
      else chownSync(join(path, entry.name), uid, gid);
  };
  walk(dir);
}

function readPasswd(user: string, field: number): string {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line)
    throw new Error(`OS user ${user} missing (deploy/local/services.sh up --for-tests creates it)`);
  return line.split(':')[field]!;
}
