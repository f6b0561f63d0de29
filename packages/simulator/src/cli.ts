#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { buildCity } from './city/city-model.js';
import { assetsToCsv } from './city/assets-export.js';
import { seedAssets } from './backend/seed-assets.js';
import { createLogger } from './lib/logger.js';
import { startSimulator } from './server.js';

const USAGE = `cityops-simulator: a simulated Tianjin serving the reference source protocols

Usage:
  cityops-simulator serve [--port 8090] [--host H] [--seed S] [--tick-ms 10000] [--ring-size 200000] [--mqtt-url URL]
  cityops-simulator seed-assets [--backend http://127.0.0.1:8080] [--username admin] --password X [--seed S] [--wait-ms 60000]
  cityops-simulator assets-csv [--seed S]

Environment: SIM_PORT, SIM_HOST, SIM_SEED, SIM_TICK_MS, MQTT_URL (serve); BACKEND_URL, ADMIN_USERNAME, ADMIN_PASSWORD (seed-assets).
`;

const DEFAULT_SEED = 'tianjin';

class UsageError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'tick-ms': { type: 'string' },
      'ring-size': { type: 'string' },
      'mqtt-url': { type: 'string' },
    },
  });
  const env = process.env;
  const logger = createLogger();
  const simulator = await startSimulator({
    port: integer('--port', values.port ?? env.SIM_PORT, 8090, 0),
    host: values.host ?? env.SIM_HOST,
    seed: values.seed ?? env.SIM_SEED ?? DEFAULT_SEED,
    tickMs: integer('--tick-ms', values['tick-ms'] ?? env.SIM_TICK_MS, 10_000, 100),
    ringSize: integer('--ring-size', values['ring-size'], 200_000, 1),
    mqttUrl: values['mqtt-url'] ?? env.MQTT_URL ?? null,
    logger,
  });
  const { assets } = simulator.simulation.city;
  logger.info('simulator listening', {
    url: simulator.url,
    port: simulator.port,
    seed: simulator.simulation.state().seed,
    assets: assets.length,
  });
  const shutdown = (signal: string) => {
    logger.info('simulator stopping', { signal });
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      backend: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      seed: { type: 'string' },
      'wait-ms': { type: 'string' },
    },
  });
  const env = process.env;
  const password = values.password ?? env.ADMIN_PASSWORD;
  if (!password) throw new UsageError('--password (or ADMIN_PASSWORD) is required');
  const city = buildCity(values.seed ?? env.SIM_SEED ?? DEFAULT_SEED);
  const result = await seedAssets({
    backendUrl: values.backend ?? env.BACKEND_URL ?? 'http://127.0.0.1:8080',
    username: values.username ?? env.ADMIN_USERNAME ?? 'admin',
    password,
    csv: assetsToCsv(city.assets),
    waitMs: integer('--wait-ms', values['wait-ms'], 60_000, 0),
    logger: createLogger(),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (result.rejected.length > 0) process.exitCode = 2;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'seed-assets':
      return seed(rest);
    case 'assets-csv': {
      const { values } = parseArgs({ args: rest, options: { seed: { type: 'string' } } });
      process.stdout.write(
        assetsToCsv(buildCity(values.seed ?? process.env.SIM_SEED ?? DEFAULT_SEED).assets),
      );
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `${JSON.stringify({ level: 'error', msg: message, service: 'simulator' })}\n`,
  );
  const code = (err as { code?: unknown }).code;
  if (
    err instanceof UsageError ||
    (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(USAGE);
  }
  process.exit(1);
});
