import { describe, expect, it } from 'vitest';
import { html, markdown, markdownUrl, plain, truncate } from './escape.js';

describe('plain', () => {
  it.each([
    ['a\nb\r\nc\td', 100, 'a b c d'],
    ['  spaced   out  ', 100, 'spaced out'],
    ['abc\u0000\u001b[31mred', 100, 'abc [31mred'],
    ['right\u202eleft', 100, 'right left'],
    ['zero\u200bwidth', 100, 'zero width'],
    ['abcdefghij', 5, 'abcd…'],
    ['解放桥下穿积水', 4, '解放桥…'],
  ])('%j (max %i) → %j', (input, max, expected) => {
    expect(plain(input, max)).toBe(expected);
  });
});

describe('truncate', () => {
  it('never cuts a surrogate pair', () => {
    expect(truncate('🌧️🌧️🌧️🌧️', 3)).toBe('🌧️…');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
    expect(truncate('😀😀', 2)).toBe('😀😀');
  });
});

describe('markdown', () => {
  it.each([
    ['**bold**', '＊＊bold＊＊'],
    ['[link](http://x)', '［link］（http://x）'],
    ['<font color="info">x</font>', '＜font color="info"＞x＜/font＞'],
    ['# h\n> q', '＃ h ＞ q'],
    ['a_b`c`|d~e!f\\g&h', 'a＿b｀c｀｜d～e！f＼g＆h'],
    ['解放桥下穿 3 号', '解放桥下穿 3 号'],
  ])('%j → %j', (input, expected) => {
    expect(markdown(input, 200)).toBe(expected);
  });
});

describe('html', () => {
  it('escapes the five characters that matter', () => {
    expect(html(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('markdownUrl', () => {
  it('encodes characters that would end a markdown link', () => {
    expect(markdownUrl('https://x.test/a b(c)<d>[e]')).toBe(
      'https://x.test/a%20b%28c%29%3Cd%3E%5Be%5D',
    );
  });
});
