import fc from 'fast-check';
import { hostileDates } from './dates.js';
import { hostileJsonValues } from './json.js';
import { hostileNumbers } from './numbers.js';
import { DEFAULT_SEED, sample } from './sample.js';
import { hostileStrings } from './strings.js';
import type { HostileValue } from './types.js';

/** A variant of a valid record, with what was done to it (path: dotted field path). */
export interface MutatedRecord extends HostileValue {
  mutation: 'replace' | 'remove' | 'add' | 'wrong-type' | 'random';
  path?: string;
}

const SMALL = 1024;

/** The hostile values small enough to put in every field of a record (no huge or deep ones). */
export function smallHostileValues(): HostileValue[] {
  return [
    ...hostileNumbers(),
    ...hostileStrings().filter(isSmall),
    ...hostileDates().filter((d) => typeof d.value === 'string'),
    ...hostileJsonValues().filter(isSmall),
  ];
}

/** Small enough to JSON.stringify and to send anywhere: no huge string, deep or wide value. */
function isSmall(v: HostileValue): boolean {
  if (typeof v.value === 'string') return v.value.length <= SMALL;
  if (Array.isArray(v.value)) return v.value.length <= 10 && !v.label.startsWith('deep');
  if (typeof v.value === 'object' && v.value !== null)
    return (
      Object.keys(v.value).length <= 10 &&
      !v.label.startsWith('deep') &&
      !v.label.includes('long key')
    );
  return true;
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every field path of a record, nested plain objects included ("metrics", "metrics.depthCm"). */
export function fieldPaths(record: Json, prefix: string[] = []): string[][] {
  return Object.keys(record).flatMap((key) => {
    const path = [...prefix, key];
    const value = record[key];
    return isPlainObject(value) ? [path, ...fieldPaths(value, path)] : [path];
  });
}

function clone(record: Json): Json {
  return structuredClone(record);
}

function parentOf(record: Json, path: string[]): Json {
  let node: Json = record;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  return node;
}

function withValue(valid: Json, path: string[], value: unknown): Json {
  const copy = clone(valid);
  // defineProperty: a key like "__proto__" becomes an own field, as JSON.parse would make it.
  Object.defineProperty(parentOf(copy, path), path.at(-1)!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

function without(valid: Json, path: string[]): Json {
  const copy = clone(valid);
  delete parentOf(copy, path)[path.at(-1)!];
  return copy;
}

/** Values fast-check draws for a field: anything JSON-like, odd doubles, odd strings. */
const randomValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(null, true, false, Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc
    .date({ noInvalidDate: false })
    .map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);

/**
 * Variants of a valid record: each field (nested ones too) replaced by each small hostile value,
 * each field removed, unknown fields added, the whole record replaced by a wrong type, and `count`
 * (default 100) fast-check variants with one to three fields replaced by random values. The same
 * seed gives the same variants.
 */
export function mutateRecord(
  valid: Record<string, unknown>,
  options: { seed?: number; count?: number } = {},
): MutatedRecord[] {
  const { seed = DEFAULT_SEED, count = 100 } = options;
  const paths = fieldPaths(valid);
  const out: MutatedRecord[] = [];
  for (const path of paths) {
    const name = path.join('.');
    for (const h of smallHostileValues())
      out.push({
        label: `${name} = ${h.label}`,
        value: withValue(valid, path, h.value),
        mutation: 'replace',
        path: name,
      });
    out.push({
      label: `${name} removed`,
      value: without(valid, path),
      mutation: 'remove',
      path: name,
    });
  }
  const added: [string, unknown][] = [
    ['unexpected', 'x'],
    ['__proto__', { polluted: true }],
    ['constructor', { prototype: { polluted: true } }],
    ['', ''],
    ['a'.repeat(300), 1],
  ];
  for (const [key, value] of added)
    out.push({
      label: `unknown field "${key.slice(0, 20)}" added`,
      value: withValue(valid, [key], value),
      mutation: 'add',
      path: key,
    });
  for (const h of hostileJsonValues()
    .filter(isSmall)
    .filter(
      (v) => !isPlainObject(v.value) || v.label.includes('__proto__') || v.label === 'empty object',
    ))
    out.push({ label: `whole record = ${h.label}`, value: h.value, mutation: 'wrong-type' });

  if (paths.length > 0 && count > 0) {
    const change = fc.tuple(fc.constantFrom(...paths), randomValue);
    const variants = sample(fc.array(change, { minLength: 1, maxLength: 3 }), count, seed);
    variants.forEach((changes, i) => {
      let value = clone(valid);
      for (const [path, v] of changes)
        if (isPlainObject(parentOf(value, path))) value = withValue(value, path, v);
      out.push({
        label: `random #${i} (seed ${seed}): ${changes.map(([p]) => p.join('.')).join(', ')}`,
        value,
        mutation: 'random',
        path: changes.map(([p]) => p.join('.')).join(','),
      });
    });
  }
  return out;
}
