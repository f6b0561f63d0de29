/** What an asset's circle is coloured by: its worst open incident's severity, else its status. */
export type AssetColorKey =
  'red' | 'orange' | 'yellow' | 'blue' | 'alarm' | 'ok' | 'offline' | 'unknown' | 'suspect';
