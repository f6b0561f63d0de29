type Position = readonly number[];
type Nested = Position | readonly Nested[];

interface GeometryCollectionLike {
  features: readonly { geometry: { coordinates: Nested } }[];
}

function visit(coordinates: Nested, box: [number, number, number, number]): void {
  if (typeof coordinates[0] === 'number') {
    const [lng, lat] = coordinates as Position;
    if (lng === undefined || lat === undefined) return;
    box[0] = Math.min(box[0], lng);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lng);
    box[3] = Math.max(box[3], lat);
    return;
  }
  for (const child of coordinates as readonly Nested[]) visit(child, box);
}

/** The [west, south, east, north] box around every coordinate of a FeatureCollection (any geometry). */
export function boundsOf(collection: GeometryCollectionLike): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of collection.features) visit(feature.geometry.coordinates, box);
  return box;
}
