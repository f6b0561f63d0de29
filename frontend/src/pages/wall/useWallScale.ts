import { useEffect, useState } from 'react';
import { wallScale } from './wallScale';

const current = () =>
  typeof window === 'undefined' ? 1 : wallScale(window.innerWidth, window.innerHeight);

/** `wallScale` of the window, from the first render on (no layout shift) and after each resize. */
export function useWallScale(): number {
  const [scale, setScale] = useState(current);
  useEffect(() => {
    const update = () => setScale(current());
    window.addEventListener('resize', update);
    update();
    return () => window.removeEventListener('resize', update);
  }, []);
  return scale;
}
