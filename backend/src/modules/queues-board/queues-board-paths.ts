/** Where the queue board is served: outside /api, so the console's pages never shadow it. */
export const QUEUES_BOARD_PATH = '/admin/queues';

/** The cookie holding the board ticket (HttpOnly, SameSite=Strict, Path=QUEUES_BOARD_PATH). */
export const BOARD_COOKIE = 'cityops_queues_board';
