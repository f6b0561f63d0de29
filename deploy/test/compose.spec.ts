import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BACKEND_ENV, COLLECTOR_ENV, SIMULATOR_ENV } from './app-env.js';
import {
  ROOT,
  existsInRepo,
  looksLikeRealSecret,
  readRepo,
  repoPath,
  urlPassword,
} from './repo.js';

const COMPOSE = 'deploy/compose.yaml';
const ENV_EXAMPLE = 'deploy/.env.example';

const MISSING = `docker-compose is not installed, and this check validates ${COMPOSE} with it (no Docker engine needed).
Install it: as root, \`npm run services -- up --for-tests\` does (Debian's docker-compose package), or
  apt-get update && apt-get install -y --no-install-recommends docker-compose`;

/** `docker-compose -f deploy/compose.yaml --env-file deploy/.env.example …` from the repo root. */
function compose(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(
    'docker-compose',
    ['-f', COMPOSE, '--env-file', ENV_EXAMPLE, ...args],
    // No variables from this shell: only the env file decides, as on a fresh machine.
    { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  );
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(MISSING);
    throw result.error;
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  volumes?: (string | { type: string; source: string; target: string })[];
}

const raw = parseYaml(readRepo(COMPOSE), { merge: true }) as Record<string, unknown>;
const rawServices = raw.services as Record<string, Service>;

interface Resolved {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}
let cached: Resolved | undefined;

/** The file as docker-compose resolves it, with the simulator profile (run once). */
function resolved(): Resolved {
  if (!cached) {
    const out = compose('--profile', 'simulator', 'config');
    expect(out.status, out.stderr).toBe(0);
    cached = parseYaml(out.stdout) as Resolved;
  }
  return cached;
}

/** A volume entry's source when it is a named volume (not a bind mount), else null. */
function namedVolume(v: string | { type: string; source: string }): string | null {
  if (typeof v === 'object') return v.type === 'volume' ? v.source : null;
  const source = v.split(':')[0]!;
  return /^[./~]/.test(source) || !v.includes(':') ? null : source;
}

const envExample = new Map(
  readRepo(ENV_EXAMPLE)
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .map((l) => {
      const i = l.indexOf('=');
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as const;
    }),
);

/** Which app reads a service's environment. */
const APP_ENV: Record<string, ReadonlySet<string>> = {
  api: BACKEND_ENV,
  worker: BACKEND_ENV,
  collectors: COLLECTOR_ENV,
  simulator: SIMULATOR_ENV,
  'simulator-seed': SIMULATOR_ENV,
};

/** One-shot jobs: no healthcheck, restarted only on failure. */
const ONE_SHOT = ['simulator-seed'];

describe(`${COMPOSE} with docker-compose (v1)`, () => {
  it('is valid for docker-compose config, with and without the simulator profile', () => {
    for (const args of [
      ['config', '-q'],
      ['--profile', 'simulator', 'config', '-q'],
    ]) {
      const out = compose(...args);
      expect(out.status, `docker-compose ${args.join(' ')}: ${out.stderr}`).toBe(0);
    }
  });

  it('runs every service the deployment needs, the simulator only under its profile', () => {
    const { services } = resolved();
    for (const name of [
      'redis',
      'influxdb',
      'postgres',
      'mosquitto',
      'api',
      'worker',
      'collectors',
    ])
      expect(services[name], name).toBeDefined();
    expect(services.simulator?.profiles).toEqual(['simulator']);
    expect(services['simulator-seed']?.profiles).toEqual(['simulator']);
    for (const [name, s] of Object.entries(rawServices))
      if (!name.startsWith('simulator')) expect(s.profiles, name).toBeUndefined();
  });

  it('uses the official images with the settings the platform relies on', () => {
    const { services } = resolved();
    expect(services.influxdb!.image).toBe('influxdb:1.8');
    expect(services.postgres!.image).toBe('postgres:15');
    expect(services.mosquitto!.image).toBe('eclipse-mosquitto:2');
    expect(services.redis!.image).toMatch(/^redis:7/);
    const redis = services.redis!.command!.join(' ');
    expect(redis).toContain('--appendonly yes');
    expect(redis).toContain('--maxmemory-policy noeviction');
  });

  it('has no top-level name and no version other than 3.x (docker-compose v1 rejects name:)', () => {
    expect(raw.name).toBeUndefined();
    if (raw.version !== undefined) expect(String(raw.version)).toMatch(/^3(\.\d+)?$/);
  });

  it('gives every long-running service a health check and restart: unless-stopped', () => {
    const { services } = resolved();
    for (const [name, s] of Object.entries(services)) {
      if (ONE_SHOT.includes(name)) {
        expect(s.restart, name).toBe('on-failure');
        continue;
      }
      expect(s.restart, name).toBe('unless-stopped');
      expect(s.healthcheck?.test?.length, `${name} healthcheck`).toBeGreaterThan(0);
    }
  });

  it('waits on dependencies that have a health check', () => {
    const { services } = resolved();
    for (const [name, s] of Object.entries(services))
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(services[dep], `${name} depends on ${dep}`).toBeDefined();
        expect(condition, `${name} -> ${dep}`).toBe('service_healthy');
        expect(services[dep]!.healthcheck, `${dep} has a healthcheck`).toBeDefined();
      }
    expect(Object.keys(services.api!.depends_on ?? {}).sort()).toEqual(
      ['influxdb', 'postgres', 'redis'].sort(),
    );
  });

  it('keeps state in named volumes and mounts config files that exist', () => {
    const { services, volumes } = resolved();
    for (const name of ['redis', 'influxdb', 'postgres', 'mosquitto', 'collectors']) {
      const named = (services[name]!.volumes ?? []).map(namedVolume).filter((v) => v !== null);
      expect(named.length, `${name} has a named volume`).toBeGreaterThan(0);
      for (const v of named) expect(Object.keys(volumes)).toContain(v);
    }
    for (const s of Object.values(rawServices))
      for (const v of s.volumes ?? [])
        if (typeof v === 'string' && v.startsWith('./'))
          expect(existsInRepo('deploy', v.split(':')[0]!), v).toBe(true);
    const mosquitto = readRepo('deploy/mosquitto/mosquitto.conf');
    expect(mosquitto).toMatch(/^listener 1883\b/m);
    expect(mosquitto).toMatch(/^(allow_anonymous true|password_file )/m);
  });

  it('builds the images from targets of deploy/docker/Dockerfile and starts their entry points', () => {
    const dockerfile = readRepo('deploy/docker/Dockerfile');
    for (const [name, s] of Object.entries(rawServices)) {
      if (s.build) {
        expect(s.build.dockerfile).toBe('deploy/docker/Dockerfile');
        expect(dockerfile, `${name}: target ${s.build.target}`).toMatch(
          new RegExp(`^FROM \\S+ AS ${s.build.target}$`, 'm'),
        );
      }
    }
    expect(rawServices.api!.command).toEqual(['node', 'dist/main.js']);
    expect(rawServices.worker!.command).toEqual(['node', 'dist/worker.js']);
    expect(rawServices.worker!.image).toBe(rawServices.api!.image);
    expect(rawServices.collectors!.command).toEqual(['node', 'dist/main.js']);
  });

  it('sets only variables the apps read, and points the health checks at their ports', () => {
    const { services } = resolved();
    for (const [name, names] of Object.entries(APP_ENV))
      for (const key of Object.keys(services[name]!.environment ?? {}))
        expect(names.has(key), `${name}: ${key} is not read by the app`).toBe(true);
    const env = (name: string) => services[name]!.environment ?? {};
    expect(services.worker!.healthcheck!.test.join(' ')).toContain(
      `127.0.0.1:${env('worker').WORKER_METRICS_PORT}/health`,
    );
    expect(services.collectors!.healthcheck!.test.join(' ')).toContain(
      `127.0.0.1:${env('collectors').COLLECTOR_METRICS_PORT}/health`,
    );
    expect(services.api!.healthcheck!.test.join(' ')).toContain('127.0.0.1:8080/api/health');
    expect(env('api').DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(env('api').WORKERS_IN_API).toBe('false');
  });

  it('lists in .env.example exactly the variables compose.yaml uses, without real secrets', () => {
    const text = readFileSync(repoPath(COMPOSE), 'utf8').replace(/\$\$/g, '');
    const used = new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
    expect([...used].sort()).toEqual([...envExample.keys()].sort());
    for (const [key, value] of envExample) {
      if (/PASSWORD|SECRET|TOKEN/.test(key))
        expect(looksLikeRealSecret(value), `${key}=${value} looks real`).toBe(false);
      const password = urlPassword(value);
      if (password !== null) expect(looksLikeRealSecret(password), key).toBe(false);
    }
  });
});
