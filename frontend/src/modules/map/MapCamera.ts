/**
 * Where the map should look: the whole city, one point (an incident), or wherever the user left it.
 */
export type MapCamera =
  { kind: 'home' } | { kind: 'point'; center: [number, number] } | { kind: 'free' };
