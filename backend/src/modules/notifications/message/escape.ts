/**
 * Making untrusted text (asset names, titles, rule names: anything an import or a rule edit can
 * put there) safe for each channel. Every function first flattens the text to one line of
 * printable characters and bounds its length, so a hostile value can neither start a new block
 * (a heading, a quote, a fake "acknowledge" line) nor crowd the real content out of a message.
 */

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line, no control or bidi-override characters, at most `max` characters (code points) with "…". */
export function plain(text: string, max: number): string {
  const line = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return truncate(line, max);
}

/** At most `max` code points (a surrogate pair is never cut), "…" marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Markdown characters replaced by their full-width look-alikes. The robots' markdown dialects
 * (WeCom, DingTalk) do not document backslash escapes, and WeCom honours some HTML tags
 * (<font>, <@user>): a look-alike renders as itself in every dialect, so no markup survives.
 */
const MARKDOWN_LOOKALIKES: Record<string, string> = {
  '\\': '＼',
  '`': '｀',
  '*': '＊',
  _: '＿',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '#': '＃',
  '<': '＜',
  '>': '＞',
  '|': '｜',
  '~': '～',
  '!': '！',
  '&': '＆',
};

/** Untrusted text inside robot markdown. */
export function markdown(text: string, max: number): string {
  return plain(text, max).replace(/[\\`*_[\]()#<>|~!&]/g, (c) => MARKDOWN_LOOKALIKES[c] ?? c);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text inside HTML (element content or a quoted attribute). */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** A URL inside markdown link parentheses: characters that could end the link are percent-encoded. */
export function markdownUrl(url: string): string {
  return url.replace(/[\s()<>[\]"'`\\]/g, (c) =>
    c.charCodeAt(0) < 0x80
      ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
      : encodeURIComponent(c),
  );
}
