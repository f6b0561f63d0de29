import type { HostileValue } from './types.js';

/** Raw JSON text of `depth` nested arrays with a number at the bottom, e.g. depth 2: `[[0]]`. */
export function deepJsonText(depth: number): string {
  if (!Number.isInteger(depth) || depth < 0)
    throw new RangeError(`depth must be a whole number ≥ 0`);
  return `${'['.repeat(depth)}0${']'.repeat(depth)}`;
}

/** `depth` nested arrays built without recursion (a recursive builder would overflow the stack). */
export function deepArray(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** `depth` nested objects `{"a":{"a":…}}`, built without recursion. */
export function deepObject(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** An object with `keys` own keys k0…kN. */
export function wideObject(keys: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < keys; i++) out[`k${i}`] = i;
  return out;
}

/** Wrong types where an object is expected, prototype-polluting keys, very deep and very wide values. */
export function hostileJsonValues(): HostileValue[] {
  return [
    { label: 'null', value: null },
    { label: 'empty array', value: [] },
    { label: 'empty object', value: {} },
    { label: 'true', value: true },
    { label: 'false', value: false },
    { label: 'zero', value: 0 },
    { label: 'number', value: 42 },
    { label: 'string', value: 'object' },
    { label: 'empty string', value: '' },
    { label: 'array of objects', value: [{}, {}] },
    { label: 'array of nulls', value: [null, null] },
    { label: '__proto__ key', value: JSON.parse('{"__proto__":{"polluted":true,"isAdmin":true}}') },
    {
      label: 'constructor.prototype keys',
      value: JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
    },
    { label: 'prototype key', value: JSON.parse('{"prototype":{"polluted":true}}') },
    {
      label: 'toString / hasOwnProperty overridden',
      value: { toString: 1, hasOwnProperty: 'x', valueOf: null },
    },
    { label: 'nested __proto__', value: JSON.parse('{"a":{"__proto__":{"polluted":true}}}') },
    { label: 'deep arrays (depth 5000)', value: deepArray(5000) },
    { label: 'deep objects (depth 2000)', value: deepObject(2000) },
    { label: 'wide object (10k keys)', value: wideObject(10_000) },
    { label: 'long array (100k numbers)', value: Array.from({ length: 100_000 }, (_, i) => i) },
    { label: 'key with NUL and unicode', value: { 'a\u0000b': 1, '\u202e': 2, '': 3 } },
    { label: 'very long key (10 kB)', value: { ['k'.repeat(10_240)]: 1 } },
  ];
}
