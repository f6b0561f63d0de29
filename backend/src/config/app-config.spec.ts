import { describe, expect, it } from 'vitest';
import { QueueName } from '@cityops/contracts';
import { ConfigError, loadConfig, parseInfluxUrl, workersRunInApi } from './app-config.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.influx).toEqual({ url: 'http://127.0.0.1:8086', database: 'cityops' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(workersRunInApi(config)).toBe(true);
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        REDIS_URL: 'http://x',
        ADMIN_PASSWORD: 'short',
        AUTH_SECRET: 'x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'REDIS_URL', 'ADMIN_PASSWORD', 'AUTH_SECRET']) {
      expect(message).toContain(name);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', ADMIN_PASSWORD: '' }).DATABASE_URL).toBeUndefined();
  });

  it('keeps workers out of the API when PostgreSQL is configured, unless asked', () => {
    expect(workersRunInApi(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }))).toBe(false);
    expect(
      workersRunInApi(loadConfig({ DATABASE_URL: 'postgres://u@h/db', WORKERS_IN_API: 'true' })),
    ).toBe(true);
  });

  it('consumes every queue unless WORKER_QUEUES names some', () => {
    expect(loadConfig({}).WORKER_QUEUES).toEqual(Object.values(QueueName));
    expect(loadConfig({ WORKER_QUEUES: '' }).WORKER_QUEUES).toEqual(Object.values(QueueName));
    expect(
      loadConfig({ WORKER_QUEUES: ' notifications, ticks,notifications' }).WORKER_QUEUES,
    ).toEqual(['notifications', 'ticks']);
  });

  it('refuses unknown queue names in WORKER_QUEUES, naming them and the known ones', () => {
    expect(() => loadConfig({ WORKER_QUEUES: 'telemetry,notification,alerts' })).toThrow(
      /WORKER_QUEUES: unknown queue "notification", "alerts"; choose from telemetry, incidents, .*notifications/,
    );
    expect(() => loadConfig({ WORKER_QUEUES: ' , ' })).toThrow(/WORKER_QUEUES: names no queue/);
  });

  it('serves no worker metrics endpoint unless WORKER_METRICS_PORT is set', () => {
    expect(loadConfig({}).WORKER_METRICS_PORT).toBe(0);
    expect(loadConfig({ WORKER_METRICS_PORT: '9465' }).WORKER_METRICS_PORT).toBe(9465);
    expect(() => loadConfig({ WORKER_METRICS_PORT: 'x' })).toThrow(/WORKER_METRICS_PORT/);
  });
});

describe('parseInfluxUrl', () => {
  it('reads credentials and the database from the URL', () => {
    expect(parseInfluxUrl('http://ops:p%40ss@influx.local:8086/city_ops')).toEqual({
      url: 'http://influx.local:8086',
      database: 'city_ops',
      username: 'ops',
      password: 'p@ss',
    });
  });
});
