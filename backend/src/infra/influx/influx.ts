import { InfluxDB } from 'influx';
import type { AppConfig } from '../../config/app-config.js';

/** Injection token for the InfluxDB 1.x client. */
export const INFLUX = Symbol('INFLUX');

export function createInflux(config: AppConfig['influx']): InfluxDB {
  const url = new URL(config.url);
  return new InfluxDB({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 8086)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    database: config.database,
    ...(config.username ? { username: config.username, password: config.password ?? '' } : {}),
  });
}
