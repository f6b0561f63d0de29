import type { MapTheme } from './MapTheme';

const themes: readonly MapTheme[] = ['dark', 'light'];

/** One constant per theme, built once, so React re-renders never diff a new style object. */
export const perTheme = <T>(make: (theme: MapTheme) => T) =>
  Object.fromEntries(themes.map((theme) => [theme, make(theme)])) as Record<MapTheme, T>;
