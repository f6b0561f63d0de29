import type { HostileValue } from './types.js';

const KB = 1024;

/** Strings that break naive length checks, encoders, renderers, headers and file paths. */
export function hostileStrings(): HostileValue[] {
  return [
    { label: 'empty string', value: '' },
    { label: 'single space', value: ' ' },
    {
      label: 'whitespace only (tabs, newlines, NBSP, ideographic space)',
      value: ' \t\n\r\u00a0\u3000 ',
    },
    { label: 'NUL byte', value: 'a\u0000b' },
    { label: 'only NUL bytes', value: '\u0000\u0000\u0000' },
    {
      label: 'C0 control characters',
      value: '\u0001\u0002\u0007\u0008\u001b[31mred\u001b[0m\u007f',
    },
    { label: 'C1 control characters', value: '\u0085\u0090\u009b\u009f' },
    { label: 'lone high surrogate', value: 'x\ud800y' },
    { label: 'lone low surrogate', value: 'x\udc00y' },
    { label: 'reversed surrogate pair', value: '\udc00\ud800' },
    { label: 'zero-width characters', value: 'S\u200bT\u200c-\u200d0\u2060001\ufeff' },
    { label: 'RTL override', value: '\u202eabc.exe\u202c' },
    { label: 'bidi isolate flood', value: '\u2066\u2067\u2068'.repeat(300) },
    {
      label: 'combining-mark flood (zalgo)',
      value: `Z${'\u0300\u0301\u0302\u0336\u0489'.repeat(400)}`,
    },
    { label: 'emoji with ZWJ sequences and skin tones', value: '👨‍👩‍👧‍👦🏳️‍🌈👍🏽🧑🏿‍🚒' },
    { label: 'astral plane characters', value: '𝕳𝖊𝖑𝖑𝖔 𠜎𠜱𠝹' },
    { label: 'full-width digits', value: '１２３４５' },
    { label: 'Arabic-Indic digits', value: '٣٤٥' },
    { label: 'Chinese text', value: '和平区路边垃圾堆放，积水深度３０厘米' },
    { label: 'BOM at the start', value: '\ufeffvalue' },
    { label: 'replacement character', value: '\ufffd\ufffd' },
    { label: 'non-characters', value: '\ufffe\uffff' },
    { label: 'unicode line and paragraph separators', value: 'a\u2028b\u2029c' },
    { label: 'path traversal (unix)', value: '../../../../etc/passwd' },
    { label: 'path traversal (windows)', value: '..\\..\\..\\windows\\win.ini' },
    { label: 'path traversal (encoded)', value: '%2e%2e%2f%2e%2e%2fetc%2fpasswd' },
    { label: 'absolute path', value: '/etc/shadow' },
    { label: 'HTML script tag', value: '<script>alert(1)</script>' },
    { label: 'HTML attribute injection', value: '"><img src=x onerror=alert(1)>' },
    { label: 'javascript URL', value: 'javascript:alert(document.cookie)' },
    { label: 'format strings', value: '%s%s%s%n%x%d{0}${7*7}{{7*7}}' },
    { label: 'template literal', value: '${process.exit(1)}' },
    { label: 'CRLF header injection', value: 'value\r\nSet-Cookie: pwned=1\r\n\r\n<html>' },
    { label: 'bare LF', value: 'line1\nline2' },
    { label: 'prototype key as string', value: '__proto__' },
    { label: 'the word null', value: 'null' },
    { label: 'the word undefined', value: 'undefined' },
    { label: 'JSON text in a string', value: '{"a":1}' },
    { label: 'very long single token (10 kB, no spaces)', value: 'A'.repeat(10 * KB) },
    { label: 'huge string (100 kB)', value: 'x'.repeat(100 * KB) },
    { label: 'huge string (1 MB, multi-byte)', value: '测'.repeat(350 * KB) },
  ];
}
