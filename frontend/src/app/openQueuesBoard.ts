import { apiRequest } from '../modules/api/apiRequest';
import { noContent } from '../modules/api/noContent';

/** Bull Board, served by the backend outside /api (admins only). */
export const QUEUES_BOARD_URL = '/admin/queues';
/** Sets the board's cookie for the signed-in admin (the tab cannot send the bearer token). */
export const QUEUES_BOARD_SESSION_PATH = '/api/admin/queues/session';

/** The part of a browser tab this needs; `window.open` gives one. */
export interface BoardTab {
  opener: unknown;
  location: { href: string };
  close(): void;
}

/**
 * Opens the queue board in a new tab. The tab opens first, while the click still counts as a user
 * gesture (a popup blocker would stop one opened after the request); then the session route sets
 * the board's cookie with the session's token (renewed once if it just expired), and the tab goes
 * to the board. When the request fails the empty tab closes and the error is thrown.
 */
export async function openQueuesBoard(
  openTab: () => BoardTab | null = () => window.open('', '_blank'),
): Promise<void> {
  const tab = openTab();
  if (!tab) throw new Error('the browser blocked the new tab');
  try {
    await apiRequest(QUEUES_BOARD_SESSION_PATH, { method: 'POST', schema: noContent });
  } catch (error) {
    tab.close();
    throw error;
  }
  tab.opener = null;
  tab.location.href = QUEUES_BOARD_URL;
}
