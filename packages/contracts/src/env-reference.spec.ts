import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  GENERATED_END,
  envReferenceRows,
  envReferenceSections,
  generatedStart,
  markdownCell,
  renderEnvReference,
  replaceGeneratedSection,
} from './env-reference.js';

const Schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('HTTP port'),
  HOST: z.string().default('0.0.0.0').describe('bind address'),
  SECRET: z.string().min(32).describe('signing key'),
  DATABASE_URL: z.string().url().optional().describe('PostgreSQL; unset: embedded'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info']).default('info').describe('how much is logged'),
  TICKS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on')
    .describe('the scheduler'),
  QUEUES: z
    .string()
    .optional()
    .transform((v) => v?.split(',') ?? [])
    .describe('queues, comma-separated; unset: every queue'),
  DOMAINS: z.string().default('a:b|c').describe('category:domain[|domain],…'),
  ORIGINS: z.string().default('').describe('browser origins; empty: none'),
  SPOOL: z
    .string()
    .transform((text) => Number(text))
    .default(1024)
    .describe('spool bound'),
  INSTANCE: z
    .string()
    .default(() => 'host-of-the-generator')
    .meta({ description: 'heartbeat key', envDefault: 'the host name' }),
  INFLUX: z.string().prefault('http://127.0.0.1:8086/db').describe('InfluxDB'),
  INNER: z.string().describe('described inside').default('x'),
});

describe('envReferenceRows', () => {
  const rows = envReferenceRows(Schema);
  const row = (name: string) => rows.find((r) => r.name === name)!;

  it('lists every field in the schema order', () => {
    expect(rows.map((r) => r.name)).toEqual(Object.keys(Schema.shape));
  });

  it('reads defaults (through transforms and pipes), optional and required fields', () => {
    expect(row('PORT')).toEqual({
      name: 'PORT',
      default: '8080',
      required: false,
      meaning: 'HTTP port',
    });
    expect(row('SECRET')).toMatchObject({ default: null, required: true });
    expect(row('DATABASE_URL')).toMatchObject({ default: null, required: false });
    expect(row('QUEUES')).toMatchObject({ default: null, required: false });
    expect(row('TICKS')).toMatchObject({ default: 'on', values: ['on', 'off'] });
    expect(row('SPOOL')).toMatchObject({ default: '1024' });
    expect(row('ORIGINS')).toMatchObject({ default: '' });
    expect(row('INFLUX')).toMatchObject({ default: 'http://127.0.0.1:8086/db' });
  });

  it('takes a note for a computed default instead of the value it computes here', () => {
    expect(row('INSTANCE')).toMatchObject({
      defaultNote: 'the host name',
      required: false,
      meaning: 'heartbeat key',
    });
  });

  it('finds a description given inside the wrappers', () => {
    expect(row('INNER')).toMatchObject({ default: 'x', meaning: 'described inside' });
  });

  it('refuses fields without a description, naming them', () => {
    expect(() =>
      envReferenceRows(z.object({ A: z.string().describe('a'), B: z.string(), C: z.number() })),
    ).toThrow('environment variables without a description: B, C');
  });
});

describe('renderEnvReference', () => {
  const table = renderEnvReference(envReferenceRows(Schema));
  const line = (name: string) => table.split('\n').find((l) => l.startsWith(`| \`${name}\``));

  it('renders a header and one line per variable', () => {
    const lines = table.split('\n');
    expect(lines[0]).toBe('| variable | default | meaning |');
    expect(lines[1]).toBe('| --- | --- | --- |');
    expect(lines).toHaveLength(2 + Object.keys(Schema.shape).length);
  });

  it('shows defaults as code, and unset, required, empty or the note otherwise', () => {
    expect(line('PORT')).toBe('| `PORT` | `8080` | HTTP port |');
    expect(line('DATABASE_URL')).toBe('| `DATABASE_URL` | unset | PostgreSQL; unset: embedded |');
    expect(line('SECRET')).toBe('| `SECRET` | required | signing key |');
    expect(line('ORIGINS')).toBe('| `ORIGINS` | empty | browser origins; empty: none |');
    expect(line('INSTANCE')).toBe('| `INSTANCE` | the host name | heartbeat key |');
  });

  it('shows the values of an enum', () => {
    expect(line('LOG_LEVEL')).toBe(
      '| `LOG_LEVEL` | `info` | how much is logged; one of `error`, `warn`, `info` |',
    );
  });

  it('escapes pipes in descriptions and defaults', () => {
    expect(line('DOMAINS')).toBe('| `DOMAINS` | `a:b\\|c` | category:domain[\\|domain],… |');
  });

  it('keeps a cell on one line', () => {
    expect(markdownCell('one\n   two | three')).toBe('one two \\| three');
  });
});

describe('replaceGeneratedSection', () => {
  const command = 'npm run config-reference -w @cityops/app';
  const doc = [
    '# Configuration',
    '',
    'Hand-written prose.',
    '',
    generatedStart('app env', command),
    '',
    '| old |',
    '',
    GENERATED_END,
    '',
    'More prose.',
    '',
  ].join('\n');

  it('replaces what is between the markers and keeps the rest', () => {
    const next = replaceGeneratedSection(doc, { id: 'app env', command, content: '| new |\n' });
    expect(next).toBe(doc.replace('| old |', '| new |'));
    expect(replaceGeneratedSection(next, { id: 'app env', command, content: '| new |' })).toBe(
      next,
    );
  });

  it('rewrites the start marker when the command changes', () => {
    const next = replaceGeneratedSection(doc, { id: 'app env', command: 'other', content: 'x' });
    expect(next).toContain('<!-- generated: app env (other) -->\n\nx\n\n<!-- end generated -->');
  });

  it('says which marker is missing', () => {
    expect(() => replaceGeneratedSection(doc, { id: 'other env', command, content: '' })).toThrow(
      `no generated section "other env": the document needs exactly one <!-- generated: other env (${command}) -->`,
    );
    expect(() =>
      replaceGeneratedSection(doc.replace(GENERATED_END, ''), {
        id: 'app env',
        command,
        content: '',
      }),
    ).toThrow('has no <!-- end generated -->');
  });
});

describe('envReferenceSections', () => {
  it('puts each variable in exactly one table, the main one taking what no part names', () => {
    const schema = z.object({
      A: z.string().describe('a'),
      B: z.string().describe('b'),
      C: z.string().describe('c'),
    });
    const sections = envReferenceSections(schema, 'main', [{ id: 'part', keys: ['B'] }]);
    expect(sections.map((s) => [s.id, s.rows.map((r) => r.name)])).toEqual([
      ['main', ['A', 'C']],
      ['part', ['B']],
    ]);
  });
});
