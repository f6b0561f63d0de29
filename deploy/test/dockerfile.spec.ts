import { describe, expect, it } from 'vitest';
import { existsInRepo, packageScripts, readRepo } from './repo.js';

/** One instruction of a Dockerfile, continuation lines joined. */
interface Instruction {
  op: string;
  args: string;
  line: number;
}

interface Stage {
  name: string | null;
  base: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending && line.startsWith('#')) return;
    if (!pending) start = i + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = pending + line;
    pending = '';
    const m = /^(\S+)\s*(.*)$/.exec(full)!;
    instructions.push({ op: m[1]!.toUpperCase(), args: m[2]!, line: start });
  });
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`line ${ins.line}: cannot read FROM ${ins.args}`);
      stages.push({ name: m[2] ?? null, base: m[1]!, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.op !== 'ARG') throw new Error(`line ${ins.line}: ${ins.op} before the first FROM`);
      const [key, value = ''] = ins.args.split('=', 2);
      args.set(key!, value);
    } else {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return { args, stages };
}

const expand = (value: string, args: Map<string, string>) =>
  value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
    const key = (a ?? b)!;
    if (!args.has(key)) throw new Error(`\${${key}} is not a global ARG`);
    return args.get(key)!;
  });

/** `["node", "x"]` or shell form, as words. */
function words(args: string): string[] {
  return args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.trim().split(/\s+/);
}

/** Flags (--from=…, --chown=…) and the source/destination words of a COPY. */
function copyParts(args: string): { flags: Map<string, string>; sources: string[]; dest: string } {
  const parts = words(args);
  const flags = new Map<string, string>();
  while (parts[0]?.startsWith('--')) {
    const [k, v = ''] = parts.shift()!.slice(2).split('=', 2);
    flags.set(k!, v);
  }
  const dest = parts.pop()!;
  return { flags, sources: parts, dest };
}

/** A .dockerignore pattern as a RegExp over repo-relative paths (a match excludes the path and everything under it). */
function ignoreRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(/.*)?$`);
}

function excludedByDockerignore(path: string, lines: string[]): boolean {
  let excluded = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (ignoreRegExp((negate ? line.slice(1) : line).replace(/^\/+/, '')).test(path))
      excluded = !negate;
  }
  return excluded;
}

const DOCKERFILE = 'deploy/docker/Dockerfile';
const { args, stages } = parseDockerfile(readRepo(DOCKERFILE));
const dockerignore = readRepo('.dockerignore').split('\n');
const stageNames = stages.map((s) => s.name);

/** The images people run: the stages named by compose.yaml's build targets and the docs. */
const FINAL_STAGES = ['api', 'collectors', 'simulator', 'console-nginx'];
const NODE_RUNTIME = 'node:20-bookworm-slim';

/** Which workspace each Node runtime image runs, and the scripts naming its entry points. */
const RUNS = {
  api: { dir: 'backend', entry: ['dist/main.js', 'dist/worker.js'] },
  collectors: { dir: 'collectors', entry: ['dist/main.js'] },
  simulator: { dir: 'packages/simulator', entry: ['dist/cli.js'] },
} as const;

const stage = (name: string) => {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`${DOCKERFILE} has no stage ${name}`);
  return found;
};
const all = (s: Stage, op: string) => s.instructions.filter((i) => i.op === op);

describe(`${DOCKERFILE}`, () => {
  it('builds every stage FROM a pinned image (through a global ARG) or an earlier stage', () => {
    stages.forEach((s, index) => {
      const base = expand(s.base, args);
      if (stageNames.slice(0, index).includes(base)) return;
      expect(base, `stage ${s.name}: FROM ${s.base}`).toMatch(/^[a-z0-9./-]+(:[A-Za-z0-9._-]+)$/);
      expect(base, `stage ${s.name} must not float on :latest`).not.toMatch(/:latest$/);
    });
    expect(expand('${NODE_IMAGE}', args)).toBe(NODE_RUNTIME);
  });

  it('has one build stage that installs everything and builds every project with Nx', () => {
    const run = all(stage('build'), 'RUN').map((i) => i.args);
    expect(run.some((r) => /^npm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(run.some((r) => r.includes('nx run-many -t build'))).toBe(true);
  });

  it('gives every final image a non-root USER, a HEALTHCHECK and a CMD', () => {
    for (const name of FINAL_STAGES) {
      const s = stage(name);
      const users = all(s, 'USER');
      expect(users.length, `${name} sets USER`).toBeGreaterThan(0);
      const user = users.at(-1)!.args.split(':')[0]!;
      expect(['root', '0'], `${name} runs as ${user}`).not.toContain(user);
      // The user comes after the last RUN: nothing runs as root at start.
      expect(users.at(-1)!.line).toBeGreaterThan(all(s, 'RUN').at(-1)?.line ?? 0);
      expect(all(s, 'HEALTHCHECK').length, `${name} HEALTHCHECK`).toBe(1);
      if (name !== 'console-nginx') expect(all(s, 'CMD').length, `${name} CMD`).toBe(1);
    }
  });

  it('runs the Node images on node:20-bookworm-slim with production dependencies only', () => {
    for (const name of Object.keys(RUNS)) {
      const s = stage(name);
      expect(expand(s.base, args), name).toBe(NODE_RUNTIME);
      const copies = all(s, 'COPY').map((i) => copyParts(i.args));
      // node_modules come from a deps stage, which installs with --omit=dev for its workspace.
      const depsStage = copies.find((c) => c.sources.includes('/app'))?.flags.get('from');
      expect(depsStage, `${name} copies /app from a deps stage`).toBeDefined();
      const install = all(stage(depsStage!), 'RUN').map((i) => i.args);
      expect(install.some((r) => /npm ci .*--omit=dev/.test(r) && r.includes('--workspace'))).toBe(
        true,
      );
      // Nothing from the build stage but build outputs.
      for (const c of copies.filter((c) => c.flags.get('from') === 'build'))
        for (const src of c.sources) expect(src, `${name} copies ${src}`).toMatch(/\/dist$/);
    }
  });

  it('copies only what exists in the repository and is not excluded by .dockerignore', () => {
    for (const s of stages) {
      for (const ins of all(s, 'COPY').concat(all(s, 'ADD'))) {
        const { flags, sources } = copyParts(ins.args);
        const from = flags.get('from');
        if (from !== undefined) {
          expect(stageNames.indexOf(from), `line ${ins.line}: --from=${from}`).toBeGreaterThan(-1);
          expect(stageNames.indexOf(from)).toBeLessThan(stages.indexOf(s));
          continue;
        }
        for (const src of sources) {
          expect(existsInRepo(src), `line ${ins.line}: COPY ${src} (missing)`).toBe(true);
          expect(
            excludedByDockerignore(src, dockerignore),
            `line ${ins.line}: ${src} ignored`,
          ).toBe(false);
        }
      }
    }
  });

  it('copies build outputs from workspaces that have a build script', () => {
    for (const s of stages)
      for (const ins of all(s, 'COPY')) {
        const { flags, sources } = copyParts(ins.args);
        if (flags.get('from') !== 'build') continue;
        for (const src of sources) {
          const dir = src.replace(/^\/app\//, '').replace(/\/dist$/, '');
          expect(packageScripts(dir).build, `${dir} has a build script`).toBeDefined();
        }
      }
  });

  it('starts entry points that are build outputs named in the package.json scripts', () => {
    for (const [name, { dir, entry }] of Object.entries(RUNS)) {
      const s = stage(name);
      const workdir = all(s, 'WORKDIR').at(-1)!.args;
      expect(workdir, `${name} WORKDIR`).toBe(`/app/${dir}`);
      const cmd = words(all(s, 'CMD')[0]!.args);
      expect(cmd[0]).toBe('node');
      expect(entry).toContain(cmd[1]);
      const scripts = Object.values(packageScripts(dir)).join('\n');
      for (const file of entry) {
        expect(scripts, `${dir}/package.json scripts name ${file}`).toContain(`node ${file}`);
        // dist/x.js is compiled from src/x.ts.
        const source = `${dir}/${file.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')}`;
        expect(existsInRepo(source), `${source} exists`).toBe(true);
      }
    }
  });

  it('serves the console from the API image and checks the API on /api/health', () => {
    const api = stage('api');
    const env = all(api, 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('CONSOLE_DIR=/app/frontend/dist');
    const copies = all(api, 'COPY').map((i) => copyParts(i.args));
    expect(copies.some((c) => c.sources.includes('/app/frontend/dist'))).toBe(true);
    expect(readRepo('deploy/docker/healthcheck.mjs')).toContain('/api/health');
    expect(all(stage('collectors'), 'HEALTHCHECK')[0]!.args).toContain(
      'http://127.0.0.1:9464/health',
    );
    expect(readRepo('collectors/src/observability/metrics-server.ts')).toContain(
      "path === '/health'",
    );
  });

  it('puts no secrets in ENV or ARG', () => {
    const secretish = /(PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL|_AUTH|API_KEY)/i;
    const assignments = [
      ...[...args.entries()].map(([k, v]) => `${k}=${v}`),
      ...stages.flatMap((s) =>
        [...all(s, 'ENV'), ...all(s, 'ARG')].flatMap((i) => i.args.split(/\s+/)),
      ),
    ];
    for (const a of assignments) {
      expect(a.split('=')[0], `ENV/ARG ${a}`).not.toMatch(secretish);
      expect(a, `ENV/ARG ${a} carries credentials`).not.toMatch(/:\/\/[^/\s]*:[^/\s]*@/);
    }
  });

  it('keeps dependencies, build outputs, local data and secrets out of the build context', () => {
    for (const path of [
      'node_modules',
      'backend/node_modules',
      'backend/dist',
      '.data/pglite',
      '.git',
      'deploy/.env',
    ])
      expect(excludedByDockerignore(path, dockerignore), path).toBe(true);
    for (const path of ['backend/src/main.ts', 'package-lock.json', 'deploy/docker/nginx.conf'])
      expect(excludedByDockerignore(path, dockerignore), path).toBe(false);
  });
});
