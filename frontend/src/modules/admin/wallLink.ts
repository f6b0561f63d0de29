/**
 * The ready-made wall link of a display token: the token travels in the fragment, which browsers
 * never send to a server (no access logs, no Referer); the wall removes it from the address bar.
 */
export function wallLink(origin: string, token: string): string {
  return `${origin}/wall#display=${encodeURIComponent(token)}`;
}
