/** The Content-Type the asset import expects for a file, by its name; null for anything else. */
export function importContentType(filename: string): 'text/csv' | 'application/geo+json' | null {
  const name = filename.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.geojson') || name.endsWith('.json')) return 'application/geo+json';
  return null;
}
