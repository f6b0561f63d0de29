#!/usr/bin/env node
// Starts the application stack on this machine from the built packages: the simulated city, the
// backend (API with its workers, serving the built console) and the collectors. Used by
// `npm run demo` (deploy/local/demo.sh) and by the browser end-to-end tests (startStack()).
// The services it talks to (Redis, InfluxDB) come from deploy/local/services.sh.
//
//   node deploy/local/stack.mjs [--port 8080] [--sim-port 8090] [--data-dir .data/demo]
//                               [--tick-ms 10000] [--scenario demo|none]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Children still running; killed if this launcher exits without stopping them (a crash, an uncaught error). */
const LIVE_CHILDREN = new Set();
process.on('exit', () => {
  for (const child of LIVE_CHILDREN) child.kill('SIGKILL');
});
const BIN = {
  simulator: join(ROOT, 'packages/simulator/dist/cli.js'),
  backend: join(ROOT, 'backend/dist/main.js'),
  collectors: join(ROOT, 'collectors/dist/main.js'),
};

/**
 * @typedef {object} StackOptions
 * @property {number} [port] backend HTTP port (0: any free port)
 * @property {number} [simPort] simulator port (0: any free port)
 * @property {string} [dataDir] PGlite, checkpoints and logs
 * @property {string} [redisUrl]
 * @property {string} [redisPrefix]
 * @property {string} [influxUrl]
 * @property {string} [adminPassword]
 * @property {number} [tickMs] simulator tick
 * @property {number} [pollMs] collector poll interval
 * @property {number} [scale] size of the simulated city (1: ~2,000 stations and 20,000 flats)
 * @property {'demo' | 'none'} [scenario] demo: a few cold flats so the map has live incidents
 * @property {boolean} [quiet] do not echo child output
 * @property {Record<string, string>} [env] extra environment for every process
 */

/**
 * Starts the stack; resolves when the console is reachable, the assets are loaded and the
 * collector runs. stop() ends every process it started, newest first.
 * @param {StackOptions} options
 */
export async function startStack(options = {}) {
  const dataDir = resolve(options.dataDir ?? join(ROOT, '.data', 'demo'));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const adminPassword = options.adminPassword ?? process.env.ADMIN_PASSWORD ?? 'tianjin-demo';
  const shared = {
    ...process.env,
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: options.redisPrefix ?? process.env.REDIS_PREFIX ?? 'cityops',
    INFLUX_URL: options.influxUrl ?? process.env.INFLUX_URL ?? 'http://127.0.0.1:8086/cityops',
    SIM_SCALE: String(options.scale ?? process.env.SIM_SCALE ?? 1),
    ...options.env,
  };
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) await child.stop();
  };

  try {
    const simulator = launch(
      'simulator',
      [
        BIN.simulator,
        'serve',
        '--port',
        String(options.simPort ?? 8090),
        '--host',
        '127.0.0.1',
        '--tick-ms',
        String(options.tickMs ?? 10_000),
      ],
      shared,
      logDir,
      options.quiet,
    );
    children.push(simulator);
    const simPort = await simulator.waitForLine(/"port":(\d+)/, 30_000).then((m) => Number(m[1]));
    const simUrl = `http://127.0.0.1:${simPort}`;

    await ensureInfluxDatabase(shared.INFLUX_URL);
    const backend = launch(
      'backend',
      [BIN.backend],
      {
        ...shared,
        PORT: String(options.port ?? 8080),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: adminPassword,
      },
      logDir,
      options.quiet,
    );
    children.push(backend);
    const apiPort = await backend
      .waitForLine(/API on http:\/\/127\.0\.0\.1:(\d+)\//, 90_000)
      .then((m) => Number(m[1]));
    const url = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${url}/api/health/ready`, 60_000);

    const seed = launch(
      'seed',
      [
        BIN.simulator,
        'seed-assets',
        '--backend',
        url,
        '--username',
        shared.ADMIN_USERNAME ?? 'admin',
        '--password',
        adminPassword,
      ],
      shared,
      logDir,
      true,
    );
    const seedCode = await seed.exited;
    if (seedCode !== 0)
      throw new Error(
        `loading the simulated city's assets failed (exit ${seedCode}); see ${join(logDir, 'seed.log')}`,
      );

    const collectors = launch(
      'collectors',
      [BIN.collectors],
      {
        ...shared,
        HEATING_SOURCE_URL: `${simUrl}/heating`,
        HEATING_POLL_INTERVAL_MS: String(options.pollMs ?? 2_000),
        SANITATION_SOURCE_URL: `${simUrl}/sanitation`,
        SANITATION_DROP_DIR: join(dataDir, 'drop', 'sanitation'),
        COLLECTOR_STATE_DIR: join(dataDir, 'collectors'),
      },
      logDir,
      options.quiet,
    );
    children.push(collectors);
    await collectors.waitForLine(/"msg":"collectors started"/, 60_000);

    let demo = null;
    if ((options.scenario ?? 'none') === 'demo') {
      await playDemoScenario(simUrl);
      if (!process.env.ADMIN_PASSWORD) demo = await createDemoAccounts(url, adminPassword);
    }
    return { url, simUrl, adminPassword, logDir, stop, demo };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Demo accounts share the demo password; usernames say what each can do. */
const DEMO_ACCOUNTS = [
  { username: 'supervisor', role: 'supervisor' },
  { username: 'operator', role: 'operator' },
  { username: 'heping', role: 'operator', districts: ['120101'] },
];

/**
 * One account per role (and one limited to 和平区) with the demo password, and a display token for
 * the wall, made through the API as an admin would. Only with the demo password: a deployment with
 * its own ADMIN_PASSWORD gets no known accounts.
 */
async function createDemoAccounts(url, password) {
  const call = async (method, path, body, token) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const login = await call('POST', '/api/auth/login', { username: 'admin', password });
  if (login.status !== 200) throw new Error(`demo: admin sign-in failed (${login.status})`);
  const token = login.body.token;
  for (const account of DEMO_ACCOUNTS) {
    const created = await call('POST', '/api/users', { ...account, password }, token);
    if (created.status !== 201 && created.status !== 409)
      throw new Error(`demo: creating ${account.username} failed: ${JSON.stringify(created.body)}`);
  }
  // A new wall link each start (the secret is shown once); the previous demo wall's is revoked.
  const tokens = await call('GET', '/api/tokens', undefined, token);
  for (const old of tokens.body.items.filter((t) => t.name === 'demo wall' && !t.revokedAt))
    await call('DELETE', `/api/tokens/${old.id}`, undefined, token);
  const wall = await call('POST', '/api/tokens', { kind: 'display', name: 'demo wall' }, token);
  if (wall.status !== 201)
    throw new Error(`demo: display token failed: ${JSON.stringify(wall.body)}`);
  return {
    accounts: DEMO_ACCOUNTS.map((a) => a.username),
    wallLink: `${url}/wall#display=${wall.body.token}`,
  };
}

/** A few cold flats, so a newcomer sees live incidents on the map within a minute. */
async function playDemoScenario(simUrl) {
  const post = (path, body) =>
    fetch(`${simUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/control/indoor-temp', { stationId: 'ST-0003', tempC: 16.8 });
  await post('/control/indoor-temp', { sensorId: 'IS-0021', tempC: 15.1 });
  await post('/control/indoor-temp', { sensorId: 'IS-0042', tempC: 10.9 });
  await post('/control/tick', {});
}

function launch(name, args, env, logDir, quiet) {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  // Own process group: a Ctrl-C reaches only this launcher, which stops the children in order
  // (collectors first, so they finish their batch and write their checkpoint).
  const child = spawn(process.execPath, args, {
    env,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  LIVE_CHILDREN.add(child);
  child.on('exit', () => LIVE_CHILDREN.delete(child));
  const listeners = new Set();
  let exitCode = null;
  const exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : 1);
      log.end();
      resolveExit(exitCode);
    });
  });
  const onLine = (line) => {
    for (const listener of listeners) listener(line);
    const problem = line.startsWith('{')
      ? /"level":"(error|fatal|warn)"/.test(line)
      : /error/i.test(line);
    if (!quiet && problem) process.stderr.write(`[${name}] ${line}\n`);
  };
  // Chunks do not end at line ends: keep the unfinished tail of each stream for the next chunk.
  const lineReader = () => {
    let rest = '';
    return (chunk) => {
      const text = chunk.toString();
      log.write(text);
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) onLine(line);
    };
  };
  child.stdout.on('data', lineReader());
  child.stderr.on('data', lineReader());
  return {
    name,
    exited,
    /** Resolves with the first line matching re; rejects when the process exits or time runs out. */
    waitForLine(re, timeoutMs) {
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () =>
            finish(
              new Error(
                `${name} did not start within ${timeoutMs / 1000} s; see ${join(logDir, `${name}.log`)}`,
              ),
            ),
          timeoutMs,
        );
        const listener = (line) => {
          const match = re.exec(line);
          if (match) finish(null, match);
        };
        const finish = (error, match) => {
          clearTimeout(timer);
          listeners.delete(listener);
          if (error) reject(error);
          else resolveLine(match);
        };
        listeners.add(listener);
        void exited.then((code) =>
          finish(new Error(`${name} exited with code ${code}; see ${join(logDir, `${name}.log`)}`)),
        );
      });
    },
    async stop() {
      if (exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * The collectors create the InfluxDB schema (and its rollups) when they start, but the backend's
 * first ticks come before them: the database and its default `raw` policy exist from the start.
 * Both statements leave an existing database and an identical policy as they are.
 */
async function ensureInfluxDatabase(influxUrl) {
  const url = new URL(influxUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const headers = url.username
    ? {
        authorization: `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`,
      }
    : {};
  for (const q of [
    `CREATE DATABASE "${database}"`,
    `CREATE RETENTION POLICY "raw" ON "${database}" DURATION 90d REPLICATION 1 DEFAULT`,
  ]) {
    const response = await fetch(new URL('/query', url.origin), {
      method: 'POST',
      headers,
      body: new URLSearchParams({ q }),
    });
    const text = await response.text();
    // A policy configured differently is the operator's choice: say so and go on.
    if (!response.ok || text.includes('"error"'))
      process.stderr.write(`InfluxDB refused ${q}: ${response.status} ${text}\n`);
  }
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s: ${last}`);
}

function parseArgs(argv) {
  const options = { scenario: 'demo' };
  const names = {
    '--port': 'port',
    '--sim-port': 'simPort',
    '--data-dir': 'dataDir',
    '--tick-ms': 'tickMs',
    '--scenario': 'scenario',
    '--scale': 'scale',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || argv[i + 1] === undefined)
      throw new Error(`unknown or incomplete option ${argv[i]}`);
    options[key] = ['port', 'simPort', 'tickMs', 'scale'].includes(key)
      ? Number(argv[i + 1])
      : argv[i + 1];
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  startStack(options).then(
    (stack) => {
      const usingDemoPassword = !process.env.ADMIN_PASSWORD;
      console.log(`
  City operations console:  ${stack.url}/
    wall screen (大屏)       ${stack.url}/wall
    operator desk           ${stack.url}/console
  Login:                    admin / ${usingDemoPassword ? `${stack.adminPassword}   (demo password; set ADMIN_PASSWORD to choose yours)` : '(your ADMIN_PASSWORD)'}${
    stack.demo
      ? `
                            ${stack.demo.accounts.join(', ')} / ${stack.adminPassword}   (heping: 和平区 only)
  Wall without signing in:  ${stack.demo.wallLink}`
      : ''
  }
  Simulated city:           ${stack.simUrl}/control/state
  Logs:                     ${stack.logDir}

  A few flats are running cold, so incidents appear within a minute. Ctrl-C stops everything.
`);
      let stopping = false;
      const shutdown = () => {
        if (stopping) return;
        stopping = true;
        console.log('\nstopping the stack…');
        void stack.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    },
    (error) => {
      console.error(`demo failed to start: ${error.message}`);
      process.exit(1);
    },
  );
}
