import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject, OperationObject, SchemaObject } from '@nestjs/swagger';
import {
  IncidentAssignBodySchema,
  LoginRequestSchema,
  RuleSchema,
  RuleUpdateBodySchema,
} from '@cityops/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppModule } from '../../src/app.module.js';
import { createApiApp } from '../../src/bootstrap.js';
import { API_PREFIX, API_PREFIX_EXCLUDE } from '../../src/infra/http/api-prefix.js';
import { contentSecurityPolicy } from '../../src/infra/http/security-headers.middleware.js';
import { signToken } from '../../src/modules/auth/access-token.js';
import { controllersOf, routesOf } from '../../src/modules/auth/access-matrix.js';
import { buildOpenApiDocument } from '../../src/modules/api-docs/openapi-document.js';
import { TestEnv, portOf } from './support/test-env.js';

const SECRET = 'integration-test-secret-that-is-long-enough-to-pass';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** One backend as main.ts starts it, on its own slice of the real services. */
async function start(extra: Record<string, string> = {}) {
  const env = await TestEnv.create('pglite');
  const config = env.config({ AUTH_SECRET: SECRET, LOG_LEVEL: 'error', ...extra });
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${portOf(app.getHttpServer())}`;
  return { env, app, base, config };
}

function adminToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return signToken({ sid: 'docs', sub: 'admin', role: 'admin', iat: now, exp: now + 3600 }, SECRET);
}

/** `(method, path)` of every operation, in the access matrix's spelling: `GET /api/incidents/:id`. */
function operationKeys(document: OpenAPIObject): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map(
      (m) => `${m.toUpperCase()} ${path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')}`,
    ),
  );
}

function operationOf(document: OpenAPIObject, method: string, path: string): OperationObject {
  const found = document.paths[path]?.[method as 'get'];
  if (!found) throw new Error(`the document has no ${method.toUpperCase()} ${path}`);
  return found;
}

/** The request body's JSON schema, through its `$ref`. */
function bodySchemaOf(document: OpenAPIObject, method: string, path: string): SchemaObject {
  const body = operationOf(document, method, path).requestBody as
    { content: Record<string, { schema: { $ref?: string } & SchemaObject }> } | undefined;
  const schema = body?.content['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON body`);
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return document.components!.schemas![name] as SchemaObject;
}

const contractJson = (schema: z.ZodType) => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
};

describe('API reference - /api/docs', () => {
  let app: INestApplication;
  let env: TestEnv;
  let base: string;
  let document: OpenAPIObject;
  let config: ReturnType<TestEnv['config']>;

  beforeAll(async () => {
    ({ app, env, base, config } = await start());
    const response = await fetch(`${base}/api/docs/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as OpenAPIObject;
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  it('serves an OpenAPI 3 document without a token', () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info.title).toBe('CityOps API');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('documents exactly the routes of the access matrix, each once', () => {
    const matrix = routesOf(
      controllersOf(AppModule.register({ config, api: true, workers: true })),
    ).map((r) => `${r.method} ${r.path}`);
    const documented = operationKeys(document);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...matrix].sort());
    expect(documented).not.toContain('GET /api/docs');
  });

  it('gives every route a summary, a module tag and its roles from the guard’s metadata', () => {
    const matrix = routesOf(
      controllersOf(AppModule.register({ config, api: true, workers: true })),
    );
    for (const route of matrix) {
      const op = operationOf(
        document,
        route.method.toLowerCase(),
        route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
      ) as OperationObject & Record<string, unknown>;
      const key = `${route.method} ${route.path}`;
      expect(op.summary, key).toMatch(/\w/);
      expect(op.tags, key).toHaveLength(1);
      if (route.access.public) {
        expect(op.security, key).toEqual([]);
        expect(op['x-public'], key).toBe(true);
      } else {
        expect(op.security, key).toEqual([{ bearer: [] }]);
        expect(op['x-roles'], key).toEqual(route.access.roles);
        expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(['401', '403']));
      }
      for (const name of route.path.match(/:([A-Za-z0-9_]+)/g) ?? [])
        expect(op.parameters, key).toContainEqual(
          expect.objectContaining({ in: 'path', name: name.slice(1), required: true }),
        );
    }
    expect(document.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('takes request bodies from the contracts schemas the routes validate with', () => {
    const login = bodySchemaOf(document, 'post', '/api/auth/login');
    expect(login.required).toEqual(['username', 'password']);
    expect(login).toEqual(contractJson(LoginRequestSchema));

    const created = bodySchemaOf(document, 'post', '/api/rules');
    expect(created).toEqual(contractJson(RuleSchema));
    for (const branch of created.oneOf as SchemaObject[])
      expect(branch.required).toEqual(expect.arrayContaining(['id', 'name', 'domain', 'type']));
    expect(bodySchemaOf(document, 'put', '/api/rules/{id}')).toEqual(
      contractJson(RuleUpdateBodySchema),
    );

    const assign = bodySchemaOf(document, 'post', '/api/incidents/{id}/assign');
    expect(assign).toEqual(contractJson(IncidentAssignBodySchema));
    expect(assign.required).toEqual(['assignee']);
  });

  it('documents the error body and the statuses a route can answer', () => {
    const error = document.components!.schemas!.ApiError as SchemaObject;
    expect(error.required).toEqual(['statusCode', 'error', 'message']);
    const ack = operationOf(document, 'post', '/api/incidents/{id}/acknowledge');
    expect(Object.keys(ack.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409']),
    );
    expect(ack.responses['400']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
    });
    expect(Object.keys(operationOf(document, 'delete', '/api/tokens/{id}').responses)).toContain(
      '204',
    );
    expect(Object.keys(operationOf(document, 'post', '/api/rules').responses)).toContain('201');
  });

  it('describes what the API really validates: required fields and known query parameters', async () => {
    const login = bodySchemaOf(document, 'post', '/api/auth/login');
    const missing = login.required!.at(-1)!;
    const body = Object.fromEntries(
      login.required!.filter((name) => name !== missing).map((name) => [name, 'x']),
    );
    const refused = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { details: string[] }).details.join()).toContain(missing);

    const known = (
      operationOf(document, 'get', '/api/incidents').parameters as { name: string; in: string }[]
    ).filter((p) => p.in === 'query');
    expect(known.map((p) => p.name)).toContain('limit');
    const headers = { authorization: `Bearer ${adminToken()}` };
    expect((await fetch(`${base}/api/incidents?limit=1`, { headers })).status).toBe(200);
    const unknown = await fetch(`${base}/api/incidents?nosuchparameter=1`, { headers });
    expect(unknown.status).toBe(400);
    expect(known.map((p) => p.name)).not.toContain('nosuchparameter');
  });

  it('serves the document as the script writes it (docs/openapi.json), built without services', async () => {
    const preview = await NestFactory.create<NestExpressApplication>(
      AppModule.register({ config, api: true, workers: false }),
      { preview: true, logger: false },
    );
    preview.setGlobalPrefix(API_PREFIX, { exclude: API_PREFIX_EXCLUDE });
    try {
      expect(JSON.parse(JSON.stringify(buildOpenApiDocument(preview)))).toEqual(document);
    } finally {
      await preview.close();
    }
  });

  it('serves the same document as YAML', async () => {
    const response = await fetch(`${base}/api/docs/openapi.yaml`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^openapi: 3\./m);
    expect(text).toContain('/api/auth/login:');
  });

  it('serves Swagger UI whose scripts and styles all load from this origin under the CSP', async () => {
    for (const path of ['/api/docs', '/api/docs/']) {
      const page = await fetch(`${base}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type'), path).toMatch(/^text\/html/);
      // The console's strict policy, not a relaxed one: scripts only from this origin.
      expect(page.headers.get('content-security-policy'), path).toBe(
        contentSecurityPolicy({ mapbox: false }),
      );
      const html = await page.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length, path).toBeGreaterThanOrEqual(3);
      // script-src 'self' blocks inline scripts: every script must be a file.
      for (const [, attributes, inline] of scripts) {
        expect(attributes, path).toMatch(/\bsrc=/);
        expect(inline!.trim(), path).toBe('');
      }
      const assets = [
        ...scripts.map(([, attributes]) => /\bsrc=["']([^"']+)["']/.exec(attributes!)![1]!),
        ...[...html.matchAll(/<link\b[^>]*\bhref=["']([^"']+)["']/g)].map((m) => m[1]!),
      ];
      expect(
        assets.some((a) => a.endsWith('swagger-ui.css')),
        path,
      ).toBe(true);
      for (const asset of assets) {
        const url = new URL(asset, `${base}${path}`);
        expect(url.origin, asset).toBe(base);
        const response = await fetch(url);
        expect(response.status, url.pathname).toBe(200);
        const type = response.headers.get('content-type') ?? '';
        if (url.pathname.endsWith('.js')) expect(type, url.pathname).toMatch(/javascript/);
        if (url.pathname.endsWith('.css')) expect(type, url.pathname).toMatch(/^text\/css/);
        expect(response.headers.get('content-security-policy'), url.pathname).toBeTruthy();
        if (url.pathname.endsWith('swagger-ui-init.js')) {
          const init = await response.text();
          expect(init).toContain('"/api/auth/login"');
          // No request to the public validator (offline, and not allowed by the policy).
          expect(init).not.toContain('validator.swagger.io');
        }
      }
    }
  });

  it('refuses what is not the reference under /api/docs', async () => {
    const post = await fetch(`${base}/api/docs/openapi.json`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(404);
    for (const path of [
      '/api/docs/..%2f..%2f..%2fpackage.json',
      '/api/docs/%2e%2e/%2e%2e/package.json',
      '/api/docs/..%5c..%5cpackage.json',
      '/api/docs/no-such-file.js',
      '/api/docs/%00.js',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect([400, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toContain('"@cityops/backend"');
    }
    // A query string does not change the document that is served.
    const hostile = await fetch(`${base}/api/docs/openapi.json?url=https://evil.example/x.json`);
    expect(await hostile.json()).toEqual(document);
  });
});

describe('API reference - API_DOCS_ENABLED=false', () => {
  let app: INestApplication;
  let env: TestEnv;
  let base: string;

  beforeAll(async () => {
    ({ app, env, base } = await start({ API_DOCS_ENABLED: 'false' }));
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  it('serves no reference: 404 for the page, the documents and the assets', async () => {
    for (const path of [
      '/api/docs',
      '/api/docs/',
      '/api/docs/openapi.json',
      '/api/docs/openapi.yaml',
      '/api/docs/swagger-ui-init.js',
      '/api/docs/swagger-ui-bundle.js',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
    }
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });
});
