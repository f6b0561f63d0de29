/**
 * Whether the wall chimes: `?chime=1` in its address turns it on and `?chime=0` off; without the
 * parameter the kiosk's remembered choice (`stored`, from localStorage) holds, off by default. So a
 * kiosk sets it once, and a trip through /login (which drops the query) does not lose it.
 */
export function chimeEnabled(search: string, stored: string | null): boolean {
  const asked = new URLSearchParams(search).get('chime');
  if (asked === '1' || asked === '0') return asked === '1';
  return stored === '1';
}
