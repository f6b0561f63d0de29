import { z } from 'zod';

/*
 * The configuration reference (docs/configuration.md) is generated from the apps' zod environment
 * schemas, so it cannot drift from what the processes accept. Each field's meaning is its zod
 * description (`.describe('…')` or `.meta({ description })`); the default comes from `.default()` /
 * `.prefault()`. Pure: the apps read and write the document themselves.
 */

/** Metadata keys the reference reads, besides `description`. */
export interface EnvReferenceMeta {
  description?: string;
  /**
   * How the default is chosen, as prose, for a default zod cannot show as a value (a function of
   * the host, say): `.meta({ description, envDefault: 'the host name' })`.
   */
  envDefault?: string;
}

/** One environment variable as the reference shows it. */
export interface EnvReferenceRow {
  name: string;
  /** The default as the variable would be written (`8080`), or null when there is none. */
  default: string | null;
  /** The schema's `envDefault`: prose shown instead of the default value. */
  defaultNote?: string;
  /** Neither a default nor optional: the process does not start without it. */
  required: boolean;
  /** The zod description. */
  meaning: string;
  /** The accepted values, when the variable is an enum. */
  values?: string[];
}

type AnySchema = z.core.$ZodType;

/** What the wrappers around a field say: its default, whether it may be left out, its values. */
interface FieldFacts {
  default?: unknown;
  hasDefault: boolean;
  optional: boolean;
  meta: EnvReferenceMeta;
  values?: string[];
}

function metaOf(schema: AnySchema): EnvReferenceMeta {
  return (z.globalRegistry.get(schema) as EnvReferenceMeta | undefined) ?? {};
}

/**
 * Walks a field from the outside in, through the wrappers that leave the variable's text as it is
 * (default, optional, the input side of a pipe or transform): the outermost default and metadata win.
 */
function factsOf(field: AnySchema): FieldFacts {
  const facts: FieldFacts = { hasDefault: false, optional: false, meta: {} };
  const seen = new Set<AnySchema>();
  let current: AnySchema | undefined = field;
  while (current && !seen.has(current)) {
    seen.add(current);
    const meta = metaOf(current);
    facts.meta = { ...meta, ...facts.meta };
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'default':
      case 'prefault':
        if (!facts.hasDefault) {
          facts.hasDefault = true;
          facts.default = def.defaultValue;
        }
        current = def.innerType as AnySchema;
        break;
      case 'optional':
        facts.optional = true;
        current = def.innerType as AnySchema;
        break;
      case 'nullable':
      case 'readonly':
      case 'nonoptional':
      case 'catch':
        current = def.innerType as AnySchema;
        break;
      case 'pipe':
        current = def.in as AnySchema;
        break;
      case 'enum':
        facts.values ??= Object.values(def.entries as Record<string, string | number>).map(String);
        current = undefined;
        break;
      case 'literal':
        facts.values ??= (def.values as unknown[]).map(String);
        current = undefined;
        break;
      default:
        current = undefined;
    }
  }
  return facts;
}

function defaultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/**
 * The rows of an object schema of environment variables, in the schema's order. Throws, naming
 * them, when a field has no description: every variable must say what it does.
 */
export function envReferenceRows(schema: z.core.$ZodObject): EnvReferenceRow[] {
  const shape = schema._zod.def.shape as Record<string, AnySchema>;
  const undocumented: string[] = [];
  const rows = Object.entries(shape).map(([name, field]): EnvReferenceRow => {
    const facts = factsOf(field);
    const meaning = facts.meta.description?.trim() ?? '';
    if (!meaning) undocumented.push(name);
    return {
      name,
      default: facts.hasDefault ? defaultText(facts.default) : null,
      ...(facts.meta.envDefault ? { defaultNote: facts.meta.envDefault } : {}),
      required: !facts.hasDefault && !facts.optional && !facts.meta.envDefault,
      meaning,
      ...(facts.values ? { values: facts.values } : {}),
    };
  });
  if (undocumented.length)
    throw new Error(
      `environment variables without a description: ${undocumented.join(', ')} (add .describe('…'))`,
    );
  return rows;
}

/** Text for one markdown table cell: no line breaks, pipes escaped. */
export function markdownCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** A code span holding any text (longer fences around backticks, an empty value spelled out). */
function code(text: string): string {
  if (text === '') return 'empty';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The default column: the value, the schema's note, `required`, or `unset`. */
export function envDefaultCell(row: EnvReferenceRow): string {
  if (row.defaultNote) return row.defaultNote;
  if (row.default !== null) return code(row.default);
  return row.required ? 'required' : 'unset';
}

/**
 * The rows as a markdown table: variable, default, meaning (then `; one of …` an enum's values). Columns are
 * not padded: the document's formatter aligns them.
 */
export function renderEnvReference(rows: readonly EnvReferenceRow[]): string {
  const lines = ['| variable | default | meaning |', '| --- | --- | --- |'];
  for (const row of rows) {
    const values = row.values?.length ? `; one of ${row.values.map(code).join(', ')}` : '';
    const cells = [code(row.name), envDefaultCell(row), `${row.meaning}${values}`];
    lines.push(`| ${cells.map(markdownCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The start marker of a generated section: `<!-- generated: <id> (<command>) -->`. */
export function generatedStart(id: string, command: string): string {
  return `<!-- generated: ${id} (${command}) -->`;
}

export const GENERATED_END = '<!-- end generated -->';

/**
 * The document with the generated section `id` replaced by `content` (the marker lines are
 * rewritten too, so a changed command shows). Throws when the document has no such section.
 */
export function replaceGeneratedSection(
  doc: string,
  section: { id: string; command: string; content: string },
): string {
  const prefix = `<!-- generated: ${section.id} (`;
  const start = doc.indexOf(prefix);
  if (start === -1 || doc.indexOf(prefix, start + 1) !== -1)
    throw new Error(
      `${start === -1 ? 'no' : 'more than one'} generated section "${section.id}": the document needs exactly one ${generatedStart(section.id, section.command)} … ${GENERATED_END}`,
    );
  const end = doc.indexOf(GENERATED_END, start);
  if (end === -1) throw new Error(`generated section "${section.id}" has no ${GENERATED_END}`);
  return `${doc.slice(0, start)}${generatedStart(section.id, section.command)}\n\n${section.content.trim()}\n\n${doc.slice(end)}`;
}

/** One generated table of docs/configuration.md: its marker id and its variables. */
export interface EnvReferenceSection {
  id: string;
  rows: EnvReferenceRow[];
}

/**
 * A schema's variables in its order, split into the document's tables: each part takes its keys,
 * the main table the rest, so every variable is in exactly one table.
 */
export function envReferenceSections(
  schema: z.core.$ZodObject,
  main: string,
  parts: readonly { id: string; keys: readonly string[] }[],
): EnvReferenceSection[] {
  const rows = envReferenceRows(schema);
  const inPart = new Set(parts.flatMap((part) => part.keys));
  return [
    { id: main, rows: rows.filter((row) => !inPart.has(row.name)) },
    ...parts.map((part) => ({
      id: part.id,
      rows: rows.filter((row) => part.keys.includes(row.name)),
    })),
  ];
}

/** The document with each section's generated table rendered anew (not yet formatted). */
export function renderEnvReferenceSections(
  doc: string,
  command: string,
  sections: readonly EnvReferenceSection[],
): string {
  return sections.reduce(
    (text, section) =>
      replaceGeneratedSection(text, {
        id: section.id,
        command,
        content: renderEnvReference(section.rows),
      }),
    doc,
  );
}
