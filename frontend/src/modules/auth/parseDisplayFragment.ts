/** `#display=<token>` (the wall link's fragment) → the token, or null for any other fragment. */
export function parseDisplayFragment(hash: string): string | null {
  if (!hash.startsWith('#')) return null;
  const token = new URLSearchParams(hash.slice(1)).get('display')?.trim();
  return token && token.length <= 4_096 ? token : null;
}
