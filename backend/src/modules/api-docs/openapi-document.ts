import { readFileSync } from 'node:fs';
import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type RequestBodyObject,
  type ResponseObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import * as contracts from '@cityops/contracts';
import type { z } from 'zod';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe.js';
import { type RouteEntry, routesOf } from '../auth/access-matrix.js';
import { requiredScope } from '../auth/api-scope.js';
import { ROUTE_DOCS, type RouteDoc } from './route-docs.js';
import { SchemaComponents, contractSchemaNames, queryParametersOf } from './zod-openapi.js';

/** The name of the bearer security scheme in the document. */
export const BEARER = 'bearer';

/** The backend's package version (backend/package.json, beside src/ and dist/ alike). */
function backendVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

const DESCRIPTION = [
  "City operations platform's REST API, generated from the running code: routes and status codes",
  'from the controllers, request bodies and query parameters from the same `packages/contracts` zod',
  'schemas that validate them, roles from the decorators the auth guard reads.',
  '',
  'Every route but sign-in, refresh, health, config, `/metrics` and the signed links needs',
  '`Authorization: Bearer <token>`. `x-roles` lists the roles that may call a route;',
  '`x-api-token-scope` the scope an API token needs (`null`: API tokens may not call it).',
  'Every failed call answers `ApiError` `{statusCode, error, message, details?}`; unknown query',
  'parameters are refused. More in docs/api.md and docs/security.md.',
].join('\n');

/** Where a route's request is read from: the zod schemas of its body and query pipes. */
export interface RouteInputs {
  body?: z.ZodType;
  query?: z.ZodType;
}

/** The schemas of the `ZodValidationPipe`s on a handler's `@Body()` and `@Query()`. */
export function routeInputsOf(controller: Type, methodName: string): RouteInputs {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<
    string,
    { pipes?: unknown[] }
  >;
  const inputs: RouteInputs = {};
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    const pipe = arg.pipes?.find((p) => p instanceof ZodValidationPipe);
    if (!pipe) continue;
    // The pipe keeps its schema private; reading it here keeps one declaration per route.
    const schema = (pipe as unknown as { schema: z.ZodType }).schema;
    if (type === (RouteParamtypes.BODY as number)) inputs.body = schema;
    if (type === (RouteParamtypes.QUERY as number)) inputs.query = schema;
  }
  return inputs;
}

/** `AuthModule` → `auth`, `EscalationPoliciesModule` → `escalation-policies`. */
export function tagOfModule(moduleName: string): string {
  return moduleName
    .replace(/Module$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** Every controller the app mounts, with the tag of the module that declares it. */
function controllerTags(app: INestApplication): Map<Type, string> {
  const tags = new Map<Type, string>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values())
      if (wrapper.metatype) tags.set(wrapper.metatype as Type, tagOfModule(module.metatype.name));
  return tags;
}

/** `/api/incidents/:id` → `/api/incidents/{id}`. */
export function openApiPathOf(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * The API's OpenAPI 3 document: @nestjs/swagger scans the controllers for paths, path parameters
 * and success statuses; each operation then gets its tag (the declaring module), roles and security
 * from the metadata the auth guard reads, its request body and query parameters from its zod pipes,
 * and its summary, answer schema and particular errors from ROUTE_DOCS.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CityOps API')
    .setDescription(DESCRIPTION)
    .setVersion(backendVersion())
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'An access token from sign-in, or a display or API token',
      },
      BEARER,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  const tags = controllerTags(app);
  const byName = new Map([...tags.keys()].map((c) => [c.name, c]));
  const components = new SchemaComponents(contractSchemaNames(contracts));
  for (const route of routesOf([...tags.keys()])) {
    const operation = document.paths[openApiPathOf(route.path)]?.[
      route.method.toLowerCase() as 'get'
    ] as OperationObject | undefined;
    const [controllerName = '', methodName = ''] = route.handler.split('.');
    const controller = byName.get(controllerName);
    if (!operation || !controller) continue;
    describeOperation(operation, {
      route,
      tag: tags.get(controller)!,
      methodName,
      inputs: routeInputsOf(controller, methodName),
      doc: ROUTE_DOCS[`${route.method} ${route.path}`],
      components,
    });
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...components.finish() },
  };
  document.tags = [...new Set(tags.values())].sort().map((name) => ({ name }));
  return document;
}

interface OperationContext {
  route: RouteEntry;
  tag: string;
  methodName: string;
  inputs: RouteInputs;
  doc: RouteDoc | undefined;
  components: SchemaComponents;
}

function describeOperation(operation: OperationObject, context: OperationContext): void {
  const { route, inputs, doc, components } = context;
  const extensions = operation as unknown as Record<`x-${string}`, unknown>;
  operation.summary = doc?.summary ?? sentenceOf(context.methodName);
  operation.tags = [context.tag];
  if (route.access.public) {
    operation.security = [];
    extensions['x-public'] = true;
    operation.description = 'No bearer token needed.';
  } else {
    const scope = requiredScope(route.method, route.path);
    operation.security = [{ [BEARER]: [] }];
    extensions['x-roles'] = [...route.access.roles];
    extensions['x-api-token-scope'] = scope;
    operation.description = `Roles: ${route.access.roles.join(', ')}. ${
      scope ? `API tokens need the scope \`${scope}\`.` : 'API tokens may not call it.'
    }`;
  }

  const pathParameters = (operation.parameters ?? []).filter(
    (p): p is ParameterObject => 'in' in p && p.in === 'path',
  );
  const queryParameters = inputs.query ? queryParametersOf(inputs.query) : [];
  operation.parameters = [...pathParameters, ...queryParameters];
  if (!operation.parameters.length) delete operation.parameters;

  const body = requestBodyOf(inputs, doc, components);
  if (body) operation.requestBody = body;
  else delete operation.requestBody;

  const scanned = Object.keys(operation.responses ?? {}).find((status) => /^2\d\d$/.test(status));
  const success = doc?.status ?? Number(scanned ?? 200);
  operation.responses = {
    [success]: successOf(success, doc, components),
    ...errorsOf(
      {
        input: !!(body || queryParameters.length || pathParameters.length),
        body: !!body,
        pathParameters: pathParameters.length > 0,
        public: route.access.public,
      },
      doc,
      components,
    ),
  };
}

function requestBodyOf(
  inputs: RouteInputs,
  doc: RouteDoc | undefined,
  components: SchemaComponents,
): RequestBodyObject | undefined {
  const media: Record<string, z.ZodType> = { ...doc?.body };
  if (inputs.body) media['application/json'] = inputs.body;
  if (!Object.keys(media).length) return undefined;
  return {
    required: true,
    content: Object.fromEntries(
      Object.entries(media).map(([type, schema]) => [
        type,
        { schema: components.refOf(schema, 'input') },
      ]),
    ),
  };
}

function successOf(
  status: number,
  doc: RouteDoc | undefined,
  components: SchemaComponents,
): ResponseObject {
  const answer = doc?.answer;
  if (status === 204) return { description: 'Done; no content' };
  if (!answer) return { description: 'OK (JSON)' };
  if ('mediaType' in answer)
    return {
      description: answer.description,
      content: { [answer.mediaType]: { schema: { type: 'string' } } },
    };
  return {
    description: 'OK',
    content: { 'application/json': { schema: components.refOf(answer, 'output') } },
  };
}

/** Why each error status happens, for routes that have it. */
const ERROR_TEXT: Record<number, string> = {
  400: 'a malformed body, query or path parameter; `details` lists each problem',
  401: 'no valid bearer token',
  403: "the caller's role, district or API-token scope does not allow it",
  404: 'nothing with this id (or outside the caller’s districts)',
  413: 'the body is over the limit (1 MiB of JSON); `details` names the limit',
};

interface ErrorTraits {
  input: boolean;
  body: boolean;
  pathParameters: boolean;
  public: boolean;
}

function errorsOf(
  traits: ErrorTraits,
  doc: RouteDoc | undefined,
  components: SchemaComponents,
): Record<string, ResponseObject> {
  const when: Record<number, string> = {};
  if (traits.input) when[400] = ERROR_TEXT[400]!;
  if (!traits.public) Object.assign(when, { 401: ERROR_TEXT[401], 403: ERROR_TEXT[403] });
  if (traits.pathParameters) when[404] = ERROR_TEXT[404]!;
  if (traits.body) when[413] = ERROR_TEXT[413]!;
  Object.assign(when, doc?.errors);
  const body: SchemaObject | ReferenceObject = doc?.htmlErrors
    ? { type: 'string' }
    : components.refOf(contracts.ApiErrorSchema, 'output');
  const mediaType = doc?.htmlErrors ? 'text/html' : 'application/json';
  return Object.fromEntries(
    Object.entries(when).map(([status, description]) => {
      const response: ResponseObject = { description, content: { [mediaType]: { schema: body } } };
      if (status === '429')
        response.headers = {
          'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } },
        };
      return [status, response];
    }),
  );
}

/** `listTeams` → `List teams`: the summary of a route ROUTE_DOCS does not know yet. */
export function sentenceOf(methodName: string): string {
  const words = methodName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
