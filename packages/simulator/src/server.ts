import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assetsToCsv, assetsToGeoJson } from './city/assets-export.js';
import { UnknownAssetError } from './heating/heating-model.js';
import { BadRequestError, parseLimit } from './heating/readings-page.js';
import {
  parseIndoorTempBody,
  parseRainBody,
  parseStationOutageBody,
  parseTickBody,
  parseWaterDepthBody,
} from './http/control-bodies.js';
import { HttpError, readJsonObject, sendError, sendJson, sendText } from './http/respond.js';
import { createLogger, type Logger } from './lib/logger.js';
import { parseScenarioBody, SCENARIO_CATALOG } from './scenarios/scenarios.js';
import { Simulation } from './simulation.js';
import { MqttReadingPublisher, type ReadingPublisher } from './waterlogging/mqtt-publisher.js';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/** The simulator's HTTP face: the reference source protocols plus the scenario controls. */
export function createSimulatorServer(simulation: Simulation, logger: Logger): Server {
  // The city never changes during a run: export it once, on first ask.
  let assetsCsv: string | undefined;
  let assetsGeoJson: string | undefined;
  const routes: Record<string, Handler> = {
    'GET /health': (_req, res) =>
      sendJson(res, 200, { status: 'ok', newestSeq: simulation.log.lastSeq }),

    'GET /heating/readings': (_req, res, url) => {
      const limit = parseLimit(url.searchParams.get('limit'));
      sendJson(res, 200, simulation.readingsPage(url.searchParams.get('after'), limit));
    },

    'GET /assets.csv': (_req, res) =>
      sendText(res, 'text/csv; charset=utf-8', (assetsCsv ??= assetsToCsv(simulation.city.assets))),
    'GET /assets.geojson': (_req, res) =>
      sendText(
        res,
        'application/geo+json; charset=utf-8',
        (assetsGeoJson ??= JSON.stringify(assetsToGeoJson(simulation.city.assets))),
      ),

    'GET /sanitation/cases': (_req, res, url) =>
      sendJson(
        res,
        200,
        simulation.sanitation.page(
          url.searchParams.get('updatedSince'),
          url.searchParams.get('limit'),
        ),
      ),

    'GET /sanitation/export.csv': (_req, res, url) => {
      const csv = simulation.sanitation.exportCsv(url.searchParams.get('since'));
      const stamp = new Date(simulation.now()).toISOString().replace(/[-:]/g, '').slice(0, 15);
      sendText(res, 'text/csv; charset=utf-8', csv, {
        'content-disposition': `attachment; filename="cases-${stamp}.csv"`,
      });
    },

    'GET /control/state': (_req, res) => sendJson(res, 200, simulation.state()),

    'GET /control/scenarios': (_req, res) =>
      sendJson(res, 200, { scenarios: SCENARIO_CATALOG, active: simulation.activeScenarios() }),

    'POST /control/scenario': async (req, res) => {
      const applied = simulation.setScenario(parseScenarioBody(await readJsonObject(req)));
      logger.info('scenario', applied);
      sendJson(res, 200, { ...applied, active: simulation.activeScenarios() });
    },

    'POST /control/indoor-temp': async (req, res) => {
      const { tempC, ...target } = parseIndoorTempBody(await readJsonObject(req));
      const sensorIds = simulation.heating.setIndoorTemp(target, tempC);
      logger.info('indoor temperature override', { ...target, tempC, sensors: sensorIds.length });
      sendJson(res, 200, { sensorIds, tempC });
    },

    'POST /control/station-outage': async (req, res) => {
      const { stationId, on } = parseStationOutageBody(await readJsonObject(req));
      simulation.heating.setStationOutage(stationId, on, simulation.now());
      logger.info('station outage', { stationId, on });
      sendJson(res, 200, { stationId, on });
    },

    'POST /control/tick': async (req, res) => {
      const { sensorIds } = parseTickBody(await readJsonObject(req));
      const unknown = sensorIds?.filter((id) => !simulation.city.byId.has(id)) ?? [];
      if (unknown.length)
        throw new HttpError(404, `unknown sensor ids: ${unknown.slice(0, 10).join(', ')}`);
      sendJson(res, 200, await simulation.tick(sensorIds));
    },

    'POST /control/rain': async (req, res) => {
      const { rainfallMmH } = parseRainBody(await readJsonObject(req));
      simulation.waterlogging.setRainfall(rainfallMmH);
      sendJson(res, 200, { rainfallMmH });
    },

    'POST /control/water-depth': async (req, res) => {
      const { sensorId, depthCm } = parseWaterDepthBody(await readJsonObject(req));
      simulation.waterlogging.setDepth(sensorId, depthCm);
      sendJson(res, 200, { sensorId, depthCm });
    },
  };
  const paths = new Set(Object.keys(routes).map((key) => key.split(' ')[1]));

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) {
      sendError(res, paths.has(url.pathname) ? 405 : 404, `no route ${req.method} ${url.pathname}`);
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res, url))
      .catch((err: unknown) => {
        if (err instanceof HttpError) sendError(res, err.statusCode, err.message);
        else if (err instanceof BadRequestError) sendError(res, 400, err.message);
        else if (err instanceof UnknownAssetError) sendError(res, 404, err.message);
        else {
          logger.error('request failed', { method: req.method, path: url.pathname, err });
          if (!res.headersSent) sendError(res, 500, 'internal error');
        }
      });
  });
}

export interface StartOptions {
  port: number;
  host?: string;
  seed: string;
  tickMs: number;
  /** Multiplies the default city's counts (default 1). */
  scale?: number;
  ringSize?: number;
  /** Publish waterlogging readings to this broker (off when unset). */
  mqttUrl?: string | null;
  /** Publish waterlogging readings here instead of a broker (tests). */
  publisher?: ReadingPublisher;
  /** Tick on a timer (default). Tests turn it off and call POST /control/tick. */
  autoTick?: boolean;
  logger?: Logger;
  now?: () => number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  simulation: Simulation;
  close(): Promise<void>;
}

export async function startSimulator(options: StartOptions): Promise<RunningSimulator> {
  const logger = options.logger ?? createLogger();
  const mqtt =
    options.publisher ??
    (options.mqttUrl ? await MqttReadingPublisher.connect(options.mqttUrl, logger) : null);
  const simulation = new Simulation({
    seed: options.seed,
    tickMs: options.tickMs,
    ...(options.ringSize !== undefined ? { ringSize: options.ringSize } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    logger,
    mqtt,
    ...(options.now ? { now: options.now } : {}),
  });
  const server = createSimulatorServer(simulation, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const bound =
    !options.host || options.host === '0.0.0.0' || options.host === '::'
      ? '127.0.0.1'
      : options.host;
  const host = bound.includes(':') ? `[${bound}]` : bound;
  if (options.autoTick ?? true) simulation.start();
  return {
    url: `http://${host}:${port}`,
    port,
    simulation,
    close: async () => {
      simulation.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mqtt?.close();
    },
  };
}
