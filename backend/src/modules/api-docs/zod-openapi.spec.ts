import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  SchemaComponents,
  componentNameOf,
  contractSchemaNames,
  openApiSchemaOf,
  queryParametersOf,
} from './zod-openapi.js';

describe('zod → OpenAPI: component names', () => {
  const Login = z.strictObject({ username: z.string() });
  const Page = z.object({ limit: z.number().default(100) });

  it('names each exported `<Name>Schema` after its export and skips the rest', () => {
    const names = contractSchemaNames({
      LoginRequestSchema: Login,
      PageSchema: Page,
      ROLES: ['admin'],
      checkReading: () => true,
      lowercaseSchema: z.string(),
      Schema: z.string(),
      NotAZodSchema: { parse: () => 1 },
    });
    expect([...names.values()]).toEqual(['LoginRequest', 'Page']);
    expect(names.get(Login)).toBe('LoginRequest');
  });

  it('keeps the first name of a schema exported twice', () => {
    const names = contractSchemaNames({ RuleSchema: Login, RuleUpdateBodySchema: Login });
    expect(names.get(Login)).toBe('Rule');
    expect(names.size).toBe(1);
  });

  it('adds Input only to the request side of a schema whose two sides differ', () => {
    expect(componentNameOf('Page', 'input', true)).toBe('PageInput');
    expect(componentNameOf('Page', 'output', true)).toBe('Page');
    expect(componentNameOf('Page', 'input', false)).toBe('Page');
  });

  it('refers to a named schema by $ref and inlines an unnamed one', () => {
    const components = new SchemaComponents(new Map([[Login, 'LoginRequest']]));
    const named = components.refOf(Login, 'input');
    const inline = components.refOf(z.object({ note: z.string() }), 'input');
    const schemas = components.finish();
    expect(named).toEqual({ $ref: '#/components/schemas/LoginRequest' });
    expect(inline).toMatchObject({ type: 'object', required: ['note'] });
    expect(Object.keys(schemas)).toEqual(['LoginRequest']);
    expect(schemas.LoginRequest).toMatchObject({ required: ['username'] });
  });

  it('splits a schema used both ways when a default makes its sides differ', () => {
    const components = new SchemaComponents(
      new Map<z.ZodType, string>([
        [Page, 'Page'],
        [Login, 'Login'],
      ]),
    );
    const input = components.refOf(Page, 'input');
    const output = components.refOf(Page, 'output');
    const same = [components.refOf(Login, 'input'), components.refOf(Login, 'output')];
    const schemas = components.finish();
    expect(input).toEqual({ $ref: '#/components/schemas/PageInput' });
    expect(output).toEqual({ $ref: '#/components/schemas/Page' });
    expect(schemas.PageInput!.required ?? []).not.toContain('limit');
    expect(schemas.Page!.required).toContain('limit');
    expect(same).toEqual([
      { $ref: '#/components/schemas/Login' },
      { $ref: '#/components/schemas/Login' },
    ]);
  });
});

describe('zod → OpenAPI: schemas and query parameters', () => {
  it('converts to the OpenAPI 3.0 dialect without a $schema', () => {
    const schema = openApiSchemaOf(z.object({ at: z.string().nullable() }), 'input');
    expect(schema).not.toHaveProperty('$schema');
    expect(JSON.stringify(schema)).toContain('"nullable":true');
  });

  it('documents a transform as what the client sends (input) and as anything (output)', () => {
    const list = z
      .string()
      .max(50)
      .transform((s) => s.split(','));
    expect(openApiSchemaOf(list, 'input')).toMatchObject({ type: 'string', maxLength: 50 });
    expect(openApiSchemaOf(list, 'output')).toEqual({});
  });

  it('makes one query parameter per property, required as the schema says', () => {
    const query = z
      .object({
        team: z.string().describe('a team id'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        at: z.iso.datetime({ offset: true }).optional(),
      })
      .strict();
    const parameters = queryParametersOf(query);
    expect(parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['team', 'query', true],
      ['limit', 'query', false],
      ['at', 'query', false],
    ]);
    expect(parameters[0]).toMatchObject({ description: 'a team id', schema: { type: 'string' } });
    expect(parameters[0]!.schema).not.toHaveProperty('description');
    expect(parameters[1]!.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
  });

  it('reads the properties of intersections, refinements and unions of objects', () => {
    const intersection = z.intersection(
      z.object({ from: z.string() }),
      z.object({ to: z.string().optional() }),
    );
    expect(queryParametersOf(intersection).map((p) => [p.name, p.required])).toEqual([
      ['from', true],
      ['to', false],
    ]);
    const refined = z
      .object({ from: z.string(), to: z.string() })
      .refine((q) => q.from < q.to, 'from must be before to');
    expect(queryParametersOf(refined).map((p) => p.name)).toEqual(['from', 'to']);
    const union = z.union([
      z.object({ id: z.string(), kind: z.literal('a') }),
      z.object({ id: z.string(), name: z.string() }),
    ]);
    const byName = Object.fromEntries(queryParametersOf(union).map((p) => [p.name, p.required]));
    expect(byName).toEqual({ id: true, kind: false, name: false });
  });

  it('has no parameters for a schema that is not an object', () => {
    expect(queryParametersOf(z.string())).toEqual([]);
    expect(queryParametersOf(z.object({}))).toEqual([]);
  });
});
