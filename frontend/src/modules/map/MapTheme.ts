/** The wall runs dark (a video wall in a dim room), the desk console light. */
export type MapTheme = 'dark' | 'light';
