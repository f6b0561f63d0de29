import type { ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/** What a client sends (`input`: defaults optional, before transforms) or receives (`output`). */
export type SchemaIo = 'input' | 'output';

/** A zod schema as an OpenAPI 3.0 schema object (zod 4's own converter; transforms become `{}`). */
export function openApiSchemaOf(schema: z.ZodType, io: SchemaIo): SchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json as SchemaObject;
}

/**
 * The component name of each zod schema `packages/contracts` exports as `<Name>Schema`:
 * `LoginRequestSchema` → `LoginRequest`. A schema exported under two names keeps the first in
 * the order given (a module namespace lists its exports alphabetically, so the result is stable).
 */
export function contractSchemaNames(exports: Record<string, unknown>): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [exportName, value] of Object.entries(exports)) {
    const match = /^([A-Z][A-Za-z0-9]*)Schema$/.exec(exportName);
    if (match && value instanceof z.ZodType && !names.has(value)) names.set(value, match[1]!);
  }
  return names;
}

/**
 * `components.schemas` of the document: a contract schema becomes one component used by `$ref`,
 * any other schema stays inline. A schema used both ways whose input and output differ (a field
 * with a default is optional going in, always there coming out) gets two components, the input
 * one named `<Name>Input`. Since that is only known once every route is read, `refOf` hands out
 * reference objects that `finish()` fills in.
 */
export class SchemaComponents {
  private readonly uses = new Map<
    z.ZodType,
    { name: string; refs: Map<SchemaIo, ReferenceObject> }
  >();

  constructor(private readonly names: Map<z.ZodType, string>) {}

  refOf(schema: z.ZodType, io: SchemaIo): SchemaObject | ReferenceObject {
    const name = this.names.get(schema);
    if (name === undefined) return openApiSchemaOf(schema, io);
    let use = this.uses.get(schema);
    if (!use) this.uses.set(schema, (use = { name, refs: new Map() }));
    let ref = use.refs.get(io);
    if (!ref) use.refs.set(io, (ref = { $ref: '' }));
    return ref;
  }

  /** Fills in every reference handed out and returns the components they point to. */
  finish(): Record<string, SchemaObject> {
    const components: Record<string, SchemaObject> = {};
    for (const [schema, { name, refs }] of this.uses) {
      const converted = new Map([...refs.keys()].map((io) => [io, openApiSchemaOf(schema, io)]));
      const input = converted.get('input');
      const output = converted.get('output');
      const split = !!input && !!output && JSON.stringify(input) !== JSON.stringify(output);
      for (const [io, ref] of refs) {
        const componentName = componentNameOf(name, io, split);
        components[componentName] = converted.get(io)!;
        ref.$ref = `#/components/schemas/${componentName}`;
      }
    }
    return Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** `Name`, or `NameInput` for the request side of a schema whose two sides differ. */
export function componentNameOf(name: string, io: SchemaIo, sidesDiffer: boolean): string {
  return sidesDiffer && io === 'input' ? `${name}Input` : name;
}

/**
 * One query parameter per property of a query schema (an object, or an intersection or union of
 * objects: a property is required when every branch requires it).
 */
export function queryParametersOf(schema: z.ZodType): ParameterObject[] {
  const { properties, required } = objectPartsOf(openApiSchemaOf(schema, 'input'));
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property as SchemaObject;
    const parameter: ParameterObject = {
      name,
      in: 'query',
      required: required.has(name),
      schema: rest,
    };
    if (description) parameter.description = description;
    return parameter;
  });
}

interface ObjectParts {
  properties: Record<string, SchemaObject | ReferenceObject>;
  required: Set<string>;
}

function objectPartsOf(schema: SchemaObject, depth = 0): ObjectParts {
  const parts: ObjectParts = { properties: {}, required: new Set() };
  if (depth > 10) return parts;
  Object.assign(parts.properties, schema.properties ?? {});
  for (const name of schema.required ?? []) parts.required.add(name);
  for (const branch of schema.allOf ?? []) {
    const inner = objectPartsOf(branch as SchemaObject, depth + 1);
    Object.assign(parts.properties, inner.properties);
    for (const name of inner.required) parts.required.add(name);
  }
  const alternatives = schema.anyOf ?? schema.oneOf ?? [];
  if (alternatives.length) {
    const branches = alternatives.map((b) => objectPartsOf(b as SchemaObject, depth + 1));
    for (const branch of branches) parts.properties = { ...branch.properties, ...parts.properties };
    const everywhere = [...branches[0]!.required].filter((n) =>
      branches.every((b) => b.required.has(n)),
    );
    for (const name of everywhere) parts.required.add(name);
  }
  return parts;
}
