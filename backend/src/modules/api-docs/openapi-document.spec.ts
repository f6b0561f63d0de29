import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject, OperationObject, SchemaObject } from '@nestjs/swagger';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../app.module.js';
import { loadConfig } from '../../config/app-config.js';
import { API_PREFIX, API_PREFIX_EXCLUDE } from '../../infra/http/api-prefix.js';
import { controllersOf, routesOf } from '../auth/access-matrix.js';
import {
  buildOpenApiDocument,
  openApiPathOf,
  sentenceOf,
  tagOfModule,
} from './openapi-document.js';
import { ROUTE_DOCS } from './route-docs.js';

const DOC = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every route the API process mounts, read as the access matrix reads them. */
const routes = routesOf(
  controllersOf(AppModule.register({ config: loadConfig({}), api: true, workers: true })),
);

let app: NestExpressApplication;
let document: OpenAPIObject;

beforeAll(async () => {
  // preview: the module graph without instances, so no Redis, InfluxDB or database is needed.
  app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ config: loadConfig({}), api: true, workers: false }),
    { preview: true, logger: false },
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: API_PREFIX_EXCLUDE });
  document = buildOpenApiDocument(app);
});

afterAll(() => app?.close());

function operations(): [string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m): [string, OperationObject] => [
      `${m.toUpperCase()} ${path}`,
      item[m]!,
    ]),
  );
}

function operation(key: string): OperationObject {
  const [method, path] = key.split(' ') as [string, string];
  const found = document.paths[openApiPathOf(path)]?.[method.toLowerCase() as 'get'];
  if (!found) throw new Error(`no operation ${key}`);
  return found;
}

function component(ref: unknown): SchemaObject {
  const name = String((ref as { $ref?: string }).$ref).replace('#/components/schemas/', '');
  const schema = document.components?.schemas?.[name];
  if (!schema) throw new Error(`no component ${name}`);
  return schema as SchemaObject;
}

describe('OpenAPI document - route docs', () => {
  it('has a summary in ROUTE_DOCS for every route the app mounts, and no entry for a route it does not', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(
      keys.filter((key) => !ROUTE_DOCS[key]),
      'add these to route-docs.ts',
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_DOCS).filter((key) => !keys.includes(key)),
      'stale entries',
    ).toEqual([]);
  });

  it('documents every route once, each with a summary, a module tag and its security', () => {
    const documented = operations();
    expect(documented.map(([key]) => key.replace(/\{(\w+)\}/g, ':$1')).sort()).toEqual(
      routes.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const tags = new Set(document.tags?.map((t) => t.name));
    for (const [key, op] of documented) {
      expect(op.summary, key).toBe(ROUTE_DOCS[key.replace(/\{(\w+)\}/g, ':$1')]?.summary);
      expect(op.tags, key).toHaveLength(1);
      expect(tags.has(op.tags![0]!), key).toBe(true);
      expect(op.security, key).toBeDefined();
    }
  });

  it('takes roles and API-token scopes from the metadata the guard reads', () => {
    const ack = operation('POST /api/incidents/:id/acknowledge') as unknown as Record<
      string,
      unknown
    >;
    expect(ack['x-roles']).toEqual(['admin', 'supervisor', 'operator']);
    expect(ack['x-api-token-scope']).toBe('incidents:write');
    expect(ack.security).toEqual([{ bearer: [] }]);
    const users = operation('GET /api/users') as unknown as Record<string, unknown>;
    expect(users['x-roles']).toEqual(['admin']);
    expect(users['x-api-token-scope']).toBeNull();
    const login = operation('POST /api/auth/login') as unknown as Record<string, unknown>;
    expect(login.security).toEqual([]);
    expect(login['x-public']).toBe(true);
    expect(login['x-roles']).toBeUndefined();
    expect(document.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('tags each route with the module that declares it', () => {
    expect(operation('GET /api/users').tags).toEqual(['auth']);
    expect(operation('GET /api/maintenance').tags).toEqual(['quality']);
    expect(operation('GET /api/oncall/escalation-policies').tags).toEqual(['escalation']);
    expect(operation('GET /metrics').tags).toEqual(['metrics']);
  });

  it('reads request bodies and query parameters from the zod pipes', () => {
    const login = component(
      operation('POST /api/auth/login').requestBody &&
        (
          operation('POST /api/auth/login').requestBody as {
            content: Record<string, { schema: unknown }>;
          }
        ).content['application/json']!.schema,
    );
    expect(login.required).toEqual(['username', 'password']);
    expect(login.additionalProperties).toBe(false);

    const list = operation('GET /api/incidents').parameters as { name: string; in: string }[];
    expect(list.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'domain', 'district', 'from', 'to', 'limit', 'cursor']),
    );
    expect(list.every((p) => p.in === 'query')).toBe(true);

    const spans = operation('GET /api/oncall/schedules/:id/spans').parameters as {
      name: string;
      in: string;
      required: boolean;
    }[];
    expect(spans.find((p) => p.in === 'path')).toMatchObject({ name: 'id', required: true });
    expect(spans.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to']),
    );
  });

  it('documents the answers: the success schema, the error body and the statuses of its kind', () => {
    const ack = operation('POST /api/incidents/:id/acknowledge');
    expect(Object.keys(ack.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
    ]);
    const error = component(
      (ack.responses['404'] as { content: Record<string, { schema: unknown }> }).content[
        'application/json'
      ]!.schema,
    );
    expect(error.required).toEqual(['statusCode', 'error', 'message']);
    expect(Object.keys(operation('DELETE /api/tokens/:id').responses)).toContain('204');
    expect(Object.keys(operation('GET /api/health').responses)).toEqual(['200']);
    const login = operation('POST /api/auth/login').responses['429'] as { headers?: object };
    expect(login.headers).toHaveProperty('Retry-After');
    const ackPage = operation('POST /ack/:token');
    expect(Object.keys(ackPage.responses)).toContain('200');
    expect(ackPage.requestBody).toMatchObject({
      content: { 'application/x-www-form-urlencoded': {} },
    });
  });

  it('is the committed docs/openapi.json (UPDATE_OPENAPI=1 rewrites it)', async () => {
    const options = (await resolveConfig(DOC)) ?? {};
    const expected = await format(JSON.stringify(document), { ...options, parser: 'json' });
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(DOC, expected);
    let committed = '';
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      // missing: the comparison below says so
    }
    expect(
      committed,
      'docs/openapi.json is out of date: run `npm run openapi -w @cityops/backend`',
    ).toBe(expected);
  });
});

describe('OpenAPI document - names', () => {
  it('names tags after modules and summaries after handlers', () => {
    expect(tagOfModule('AuthModule')).toBe('auth');
    expect(tagOfModule('EscalationPoliciesModule')).toBe('escalation-policies');
    expect(sentenceOf('listTeams')).toBe('List teams');
    expect(openApiPathOf('/api/oncall/schedules/:id/spans')).toBe(
      '/api/oncall/schedules/{id}/spans',
    );
  });
});
