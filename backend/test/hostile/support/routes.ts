import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { type RouteEntry, routesOf } from '../../../src/modules/auth/access-matrix.js';
import { ZodValidationPipe } from '../../../src/infra/http/zod-validation.pipe.js';

/** A route of the running app, with what its handler validates (read from its pipes). */
export interface HostileRoute extends RouteEntry {
  /** `GET /api/incidents` */
  key: string;
  /** Path parameter names (`id`, `sensorId`, …). */
  params: string[];
  /** The query parameters its query schema knows (empty: it takes none, or none we can read). */
  queryKeys: string[];
  /** Whether the handler reads a body. */
  takesBody: boolean;
}

/**
 * Every REST route the running app mounts (the controllers Nest discovered, read as the access
 * matrix reads them), so that a route another engineer adds is in the corpus without a change here.
 * Query parameter names come from the zod schema of the handler's `@Query(ZodQuery(...))` pipe.
 */
export function liveRoutes(app: INestApplication): HostileRoute[] {
  const controllers = new DiscoveryService(app.get(ModulesContainer))
    .getControllers()
    .map((wrapper) => wrapper.metatype as Type);
  const byHandler = new Map<string, { query: string[]; body: boolean }>();
  for (const controller of controllers) {
    for (const name of Object.getOwnPropertyNames(controller.prototype as object)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
        string,
        { pipes?: unknown[] }
      >;
      const query: string[] = [];
      let body = false;
      for (const [key, arg] of Object.entries(args)) {
        const type = Number(key.split(':')[0]);
        if (type === (RouteParamtypes.BODY as number)) body = true;
        if (type === (RouteParamtypes.QUERY as number))
          for (const pipe of arg.pipes ?? [])
            if (pipe instanceof ZodValidationPipe) query.push(...keysOf(schemaOf(pipe)));
      }
      byHandler.set(`${controller.name}.${name}`, { query: [...new Set(query)], body });
    }
  }
  return routesOf(controllers).map((route) => {
    const found = byHandler.get(route.handler);
    return {
      ...route,
      key: `${route.method} ${route.path}`,
      params: [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!),
      queryKeys: found?.query ?? [],
      // Handlers that read `@Req()` (the acknowledge form) have no @Body: every write gets bodies.
      takesBody: (found?.body ?? false) || route.method !== 'GET',
    };
  });
}

function schemaOf(pipe: ZodValidationPipe<z.ZodType>): z.ZodType {
  return (pipe as unknown as { schema: z.ZodType }).schema;
}

/** The keys of a zod 4 object schema, through optional/default/pipe/transform wrappers. */
export function keysOf(schema: unknown, depth = 0): string[] {
  if (depth > 10 || !schema || typeof schema !== 'object') return [];
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (!def) return [];
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape as Record<string, unknown>);
    case 'pipe':
      return [...keysOf(def.in, depth + 1), ...keysOf(def.out, depth + 1)];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return keysOf(def.innerType, depth + 1);
    case 'intersection':
      return [...keysOf(def.left, depth + 1), ...keysOf(def.right, depth + 1)];
    case 'union':
      return (def.options as unknown[]).flatMap((o) => keysOf(o, depth + 1));
    default:
      return [];
  }
}

/**
 * Syntactically valid values for path parameters that name nothing (as the access matrix's
 * DUMMY_PARAMS): the baseline a hostile value replaces. Unknown names get a plain slug.
 */
export const DUMMY_PARAMS: Record<string, string> = {
  id: '0a000000-0000-4000-8000-0000000000aa',
  sensorId: 'NO-SUCH-SENSOR',
  file: 'no-such-member.ics',
  token: 'malformed',
  username: 'no-such-user',
};

/** The route's path with every parameter filled: `values[name]`, else its dummy. */
export function pathOf(route: HostileRoute, values: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    encodeAny(values[name] ?? DUMMY_PARAMS[name] ?? 'no-such-thing'),
  );
}

/**
 * encodeURIComponent for any string, lone surrogates included (they go out as U+FFFD, which is
 * what a UTF-8 client sends for them; encodeURIComponent throws instead).
 */
export function encodeAny(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}
