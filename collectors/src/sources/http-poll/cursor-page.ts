/** One page of a cursor-paged source: its items and the cursor to ask for next (null: the source gave none). */
export interface CursorPage<T> {
  items: T[];
  next: string | null;
}

/** The source answered, but not with a page we understand. */
export class PageFormatError extends Error {
  override readonly name = 'PageFormatError';
}

export interface PagePlan {
  /** Cursor to checkpoint and continue from, or null to stay where we are. */
  advanceTo: string | null;
  /** Fetch the next page at once (a full page: the source likely has more) instead of waiting the poll interval. */
  more: boolean;
}

/** What to do after a page was handled: follow `next` while pages come back full, rest when one is short. */
export function planAfterPage(
  page: CursorPage<unknown>,
  cursor: string | null,
  limit: number,
): PagePlan {
  const advanceTo =
    page.next !== null && page.next !== '' && page.next !== cursor ? page.next : null;
  return { advanceTo, more: advanceTo !== null && page.items.length >= limit };
}

/** Where and how often a cursor-paged HTTP source is read (HEATING_* and SANITATION_* variables). */
export interface HttpSourceSettings {
  sourceUrl: string;
  pollIntervalMs: number;
  pageLimit: number;
  fetchTimeoutMs: number;
}

/** {base}/{path}?{cursorParam}={cursor}&limit={n}; the first request (no cursor) has no cursorParam. */
export function pageUrl(
  baseUrl: string,
  path: string,
  cursorParam: string,
  cursor: string | null,
  limit: number,
): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path}`);
  if (cursor !== null) url.searchParams.set(cursorParam, cursor);
  url.searchParams.set('limit', String(limit));
  return url.toString();
}
