#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { buildScaledCity } from './city/city-model.js';
import { assetsToCsv } from './city/assets-export.js';
import { seedAssets } from './backend/seed-assets.js';
import { integerOption as integer, numberOption, scaleOption, UsageError } from './cli-options.js';
import { createLogger } from './lib/logger.js';
import { assertLoopback, LOAD_LIMITS, LoadError, runLoad } from './load/load-generator.js';
import { startSimulator } from './server.js';
import { MqttReadingPublisher } from './waterlogging/mqtt-publisher.js';

const USAGE = `cityops-simulator: a simulated Tianjin serving the reference source protocols

Usage:
  cityops-simulator serve [--port 8090] [--host H] [--seed S] [--scale 1] [--tick-ms 10000] [--ring-size N] [--mqtt-url URL]
  cityops-simulator seed-assets [--backend http://127.0.0.1:8080] [--username admin] --password X [--seed S] [--scale 1] [--wait-ms 60000]
  cityops-simulator assets-csv [--seed S] [--scale 1]
  cityops-simulator load --mqtt-url mqtt://127.0.0.1:1883 [--rate 20000] [--duration 60] [--qos 1] [--seed S] [--scale 1]

--scale multiplies the default city (12 heat sources, 2 000 stations, 20 000 flats, 300 flood-prone
points with the 13 tunnels, 40 rain gauges): 0.01 is a tiny test city, 5 a load test. Use the same
--seed and --scale for serve, seed-assets and load.

Environment: SIM_PORT, SIM_HOST, SIM_SEED, SIM_SCALE, SIM_TICK_MS, MQTT_URL (serve, load);
BACKEND_URL, ADMIN_USERNAME, ADMIN_PASSWORD (seed-assets).
`;

const DEFAULT_SEED = 'tianjin';

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      'tick-ms': { type: 'string' },
      'ring-size': { type: 'string' },
      'mqtt-url': { type: 'string' },
    },
  });
  const env = process.env;
  const logger = createLogger();
  const ringSize = values['ring-size'];
  const simulator = await startSimulator({
    port: integer('--port', values.port ?? env.SIM_PORT, 8090, 0, 65_535),
    host: values.host ?? env.SIM_HOST,
    seed: values.seed ?? env.SIM_SEED ?? DEFAULT_SEED,
    scale: scaleOption(values.scale ?? env.SIM_SCALE),
    tickMs: integer('--tick-ms', values['tick-ms'] ?? env.SIM_TICK_MS, 10_000, 100),
    ...(ringSize !== undefined ? { ringSize: integer('--ring-size', ringSize, 0, 1) } : {}),
    mqttUrl: values['mqtt-url'] ?? env.MQTT_URL ?? null,
    logger,
  });
  const { simulation } = simulator;
  logger.info('simulator listening', {
    url: simulator.url,
    port: simulator.port,
    seed: simulation.state().seed,
    scale: simulation.scale,
    assets: simulation.city.assets.length,
    ringSize: simulation.log.capacity,
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
      scale: { type: 'string' },
      'wait-ms': { type: 'string' },
    },
  });
  const env = process.env;
  const password = values.password ?? env.ADMIN_PASSWORD;
  if (!password) throw new UsageError('--password (or ADMIN_PASSWORD) is required');
  const city = buildScaledCity(
    values.seed ?? env.SIM_SEED ?? DEFAULT_SEED,
    scaleOption(values.scale ?? env.SIM_SCALE),
  );
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

async function load(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'mqtt-url': { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      qos: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
    },
  });
  const env = process.env;
  const url = values['mqtt-url'] ?? env.MQTT_URL;
  if (!url) throw new UsageError('--mqtt-url (or MQTT_URL) is required');
  assertLoopback(url);
  const ratePerS = integer('--rate', values.rate, 20_000, 1, LOAD_LIMITS.maxRatePerS);
  const durationS = numberOption('--duration', values.duration, 60, 0.1, LOAD_LIMITS.maxDurationS);
  const qos = integer('--qos', values.qos, 1, 0, 1) as 0 | 1;
  const city = buildScaledCity(
    values.seed ?? env.SIM_SEED ?? DEFAULT_SEED,
    scaleOption(values.scale ?? env.SIM_SCALE),
  );
  const logger = createLogger();
  const mqtt = await MqttReadingPublisher.connect(url, logger, 'simulator-load');
  try {
    // Every sensor that reports, so the collector knows them all (seed the same city first).
    const sensors = city.assets;
    logger.info('load starting', { ratePerS, durationS, qos, sensors: sensors.length });
    const result = await runLoad({
      ratePerS,
      durationS,
      sensors,
      publish: (topic, payload) => mqtt.publishMessage(topic, payload, qos),
      onProgress: (p) => logger.info('load progress', p),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.failed > 0 || result.acked < result.target) process.exitCode = 2;
  } finally {
    await mqtt.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'seed-assets':
      return seed(rest);
    case 'load':
      return load(rest);
    case 'assets-csv': {
      const { values } = parseArgs({
        args: rest,
        options: { seed: { type: 'string' }, scale: { type: 'string' } },
      });
      const city = buildScaledCity(
        values.seed ?? process.env.SIM_SEED ?? DEFAULT_SEED,
        scaleOption(values.scale ?? process.env.SIM_SCALE),
      );
      process.stdout.write(assetsToCsv(city.assets));
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
    err instanceof LoadError ||
    (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(USAGE);
  }
  process.exit(1);
});
