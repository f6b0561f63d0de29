import { type DynamicModule, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ROLES as ALL_ROLES, type Role } from '@cityops/contracts';
import { publicPathOf } from '../../infra/http/api-prefix.js';
import { type RouteAccess, routeAccessOf } from './auth.guard.js';

/** The matrix's columns: every role, and a caller without a token. */
export const MATRIX_CALLERS = [...ALL_ROLES, 'anonymous'] as const;
export type MatrixCaller = (typeof MATRIX_CALLERS)[number];

/** One REST route as a client calls it, with who may. */
export interface RouteEntry {
  method: string;
  /** Express pattern: `/api/incidents/:id`. */
  path: string;
  access: RouteAccess;
  /** `Controller.method`, for messages. */
  handler: string;
}

export function allows(access: RouteAccess, caller: MatrixCaller): boolean {
  if (access.public) return true;
  return caller !== 'anonymous' && access.roles.includes(caller);
}

type ModuleRef = Type | DynamicModule | Promise<DynamicModule> | { forwardRef: () => ModuleRef };

/**
 * Every controller a module tree declares, from the modules' metadata alone (nothing is
 * instantiated): what `AppModule.register(...)` would mount.
 */
export function controllersOf(root: ModuleRef): Type[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type>();
  const visit = (ref: ModuleRef | undefined): void => {
    if (!ref || ref instanceof Promise) return;
    if ('forwardRef' in ref) return visit(ref.forwardRef());
    const dynamic = 'module' in ref ? ref : null;
    const type = dynamic ? dynamic.module : (ref as Type);
    if (seen.has(ref)) return;
    seen.add(ref);
    const read = (key: string) => (Reflect.getMetadata(key, type) as unknown[] | undefined) ?? [];
    for (const c of [...read(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])])
      controllers.add(c as Type);
    for (const i of [...read(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])])
      visit(i as ModuleRef);
  };
  visit(root);
  return [...controllers];
}

/** The REST routes of these controllers, from the same decorators the router and the guard read. */
export function routesOf(controllers: Type[], reflector = new Reflector()): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const controller of controllers) {
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller) as unknown);
    for (const name of methodNames(controller.prototype as object)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (paths === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const method = RequestMethod[requestMethod];
      const access = routeAccessOf(reflector, [handler, controller], method);
      for (const prefix of prefixes.length ? prefixes : [''])
        for (const path of asArray(paths))
          routes.push({
            method,
            path: publicPathOf(requestMethod, prefix, path),
            access,
            handler: `${controller.name}.${name}`,
          });
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function asArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}

function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object)
    for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor') names.add(name);
  return [...names];
}

/** The Socket.IO row: who may hold a live connection. */
export interface LiveAccess {
  roles: readonly Role[];
}

/** docs/access-matrix.md (before prettier aligns the table). */
export function renderAccessMatrix(routes: RouteEntry[], live: LiveAccess): string {
  const cell = (allowed: boolean) => (allowed ? '✓' : '✗');
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    '# Access matrix',
    '',
    '<!-- Generated from the code: do not edit. `npm run access-matrix -w @cityops/backend` writes it. -->',
    '',
    'Who may call each REST route and open the live connection, read from the controllers’',
    'decorators (`@Public()`, `@Roles(...)`, and the default: reads for every role, actions for',
    'admin, supervisor and operator) by the same function the guard applies',
    '(`backend/src/modules/auth/access-matrix.ts`). ✓ allowed, ✗ denied: 403 for a signed-in role,',
    '401 without a token. A unit test fails when this file is out of date; an integration test',
    '(`backend/test/integration/access-matrix.spec.ts`) calls every cell. See',
    '[security.md](security.md).',
    '',
    row(['method', 'path', ...MATRIX_CALLERS]),
    row(['---', '---', ...MATRIX_CALLERS.map(() => ':-:')]),
    ...routes.map((r) =>
      row([r.method, `\`${r.path}\``, ...MATRIX_CALLERS.map((c) => cell(allows(r.access, c)))]),
    ),
    row([
      'Socket.IO',
      '`/socket.io` (connect)',
      ...MATRIX_CALLERS.map((c) => cell(c !== 'anonymous' && live.roles.includes(c))),
    ]),
    '',
  ];
  return lines.join('\n');
}
