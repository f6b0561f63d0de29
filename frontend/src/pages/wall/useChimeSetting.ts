import { useState } from 'react';
import { chimeEnabled } from './chimeEnabled';

const STORAGE_KEY = 'cityops.wall.chime';

function read(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** `chimeEnabled` for this page load; an explicit `?chime=1|0` is remembered for the next ones. */
export function useChimeSetting(): boolean {
  const [enabled] = useState(() => {
    const on = chimeEnabled(window.location.search, read());
    const asked = new URLSearchParams(window.location.search).get('chime');
    if (asked === '1' || asked === '0') {
      try {
        localStorage.setItem(STORAGE_KEY, asked);
      } catch {
        // private mode or full storage: the address still decides this load
      }
    }
    return on;
  });
  return enabled;
}
