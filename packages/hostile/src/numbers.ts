import type { HostileValue } from './types.js';

/** Numbers and number-like values that slip past `typeof x === 'number'` or a naive `Number(x)`. */
export function hostileNumbers(): HostileValue[] {
  return [
    { label: 'NaN', value: Number.NaN },
    { label: 'Infinity', value: Number.POSITIVE_INFINITY },
    { label: '-Infinity', value: Number.NEGATIVE_INFINITY },
    { label: '"NaN" as a string', value: 'NaN' },
    { label: '"Infinity" as a string', value: 'Infinity' },
    { label: '"-Infinity" as a string', value: '-Infinity' },
    { label: 'negative zero', value: -0 },
    { label: 'negative number', value: -1 },
    { label: 'large negative number', value: -1e9 },
    { label: '1e308', value: 1e308 },
    { label: '-1e308', value: -1e308 },
    { label: 'subnormal 1e-320', value: 1e-320 },
    { label: 'MAX_SAFE_INTEGER + 2', value: Number.MAX_SAFE_INTEGER + 2 },
    { label: 'MIN_SAFE_INTEGER - 2', value: Number.MIN_SAFE_INTEGER - 2 },
    { label: 'fraction where an integer is expected', value: 0.5 },
    { label: 'numeric string with junk "12abc"', value: '12abc' },
    { label: 'hex string "0x1F"', value: '0x1F' },
    { label: 'padded numeric string " 5 "', value: ' 5 ' },
    { label: 'numeric string "5"', value: '5' },
    { label: 'exponent string "1e5"', value: '1e5' },
    { label: 'comma decimal "1,5"', value: '1,5' },
    { label: 'full-width digits "１２"', value: '１２' },
    { label: 'empty string', value: '' },
    { label: 'true', value: true },
    { label: 'false', value: false },
    { label: 'null', value: null },
    { label: 'array with one number', value: [5] },
    { label: 'object with valueOf', value: { valueOf: 5 } },
  ];
}
