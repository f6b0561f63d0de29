import { parseDisplayFragment } from './parseDisplayFragment';

let taken: { token: string | null } | null = null;

/**
 * The display token of a wall link (`/wall#display=<token>`), read once per page load: the fragment
 * is removed from the address bar at once (history.replaceState), so the secret is not left in
 * the history, bookmarks or screenshots. The fragment never reaches the server (logs, Referer).
 * Later calls return the same answer.
 */
export function takeDisplayToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'> = window.location,
  history: Pick<History, 'replaceState' | 'state'> = window.history,
): string | null {
  if (taken) return taken.token;
  const token = parseDisplayFragment(location.hash);
  if (token) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  taken = { token };
  return token;
}

/** Tests only: forget what was taken. */
takeDisplayToken.reset = () => {
  taken = null;
};
