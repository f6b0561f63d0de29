import {
  ASSET_CSV_HEADER,
  type AssetImportResult,
  type AssetImportRow,
  AssetImportRowSchema,
  CsvError,
  formatIssues,
  parseCsv,
} from '@cityops/contracts';

export interface ParsedImport {
  rows: AssetImportRow[];
  rejected: AssetImportResult['rejected'];
}

export const MAX_IMPORT_ROWS = 100_000;

/** CSV with the header `id,domain,kind,name,district,lng,lat,parentId` (any column order). */
export function parseAssetCsv(text: string): ParsedImport {
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError)
      return { rows: [], rejected: [{ line: 0, reason: `malformed CSV: ${error.message}` }] };
    throw error;
  }
  const [header, ...body] = table;
  if (!header) return { rows: [], rejected: [{ line: 1, reason: 'empty file' }] };
  const columns = header.fields.map((f) => f.trim());
  const missing = ASSET_CSV_HEADER.filter(
    (name) => name !== 'parentId' && name !== 'district' && !columns.includes(name),
  );
  if (missing.length) {
    return {
      rows: [],
      rejected: [
        {
          line: header.line,
          reason: `header lacks ${missing.join(', ')}; expected ${ASSET_CSV_HEADER.join(',')}`,
        },
      ],
    };
  }
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      rejected: [
        {
          line: 0,
          reason: `too many rows (${body.length}); import at most ${MAX_IMPORT_ROWS} at a time`,
        },
      ],
    };
  }
  return validateRows(
    body.map(({ line, fields }) => {
      if (fields.length !== columns.length)
        return { line, error: `expected ${columns.length} fields, found ${fields.length}` };
      return {
        line,
        record: Object.fromEntries(columns.map((name, i) => [name, fields[i]!.trim()])),
      };
    }),
  );
}

/** A GeoJSON FeatureCollection of Points whose properties carry the CSV's names. Line = feature index + 1. */
export function parseAssetGeoJson(body: unknown): ParsedImport {
  const collection = body as { type?: unknown; features?: unknown };
  if (
    typeof body !== 'object' ||
    body === null ||
    collection.type !== 'FeatureCollection' ||
    !Array.isArray(collection.features)
  ) {
    return { rows: [], rejected: [{ line: 0, reason: 'expected a GeoJSON FeatureCollection' }] };
  }
  if (collection.features.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      rejected: [
        { line: 0, reason: `too many features; import at most ${MAX_IMPORT_ROWS} at a time` },
      ],
    };
  }
  return validateRows(
    collection.features.map((feature: unknown, index: number) => {
      const line = index + 1;
      const f = feature as {
        type?: unknown;
        geometry?: { type?: unknown; coordinates?: unknown };
        properties?: unknown;
      };
      if (typeof f !== 'object' || f === null || f.type !== 'Feature')
        return { line, error: 'not a GeoJSON Feature' };
      const coordinates = f.geometry?.coordinates;
      // Numbers, not anything the row schema would coerce to one ([[117.2], [39.1]], "117.2").
      if (
        f.geometry?.type !== 'Point' ||
        !Array.isArray(coordinates) ||
        coordinates.length < 2 ||
        typeof coordinates[0] !== 'number' ||
        typeof coordinates[1] !== 'number'
      ) {
        return { line, error: 'geometry must be a Point [lng, lat]' };
      }
      const properties =
        typeof f.properties === 'object' && f.properties !== null ? f.properties : {};
      return { line, record: { ...properties, lng: coordinates[0], lat: coordinates[1] } };
    }),
  );
}

function validateRows(
  candidates: (
    { line: number; record: Record<string, unknown> } | { line: number; error: string }
  )[],
): ParsedImport {
  const rows: AssetImportRow[] = [];
  const rejected: AssetImportResult['rejected'] = [];
  const seen = new Map<string, number>();
  for (const candidate of candidates) {
    if ('error' in candidate) {
      rejected.push({ line: candidate.line, reason: candidate.error });
      continue;
    }
    const parsed = AssetImportRowSchema.safeParse(candidate.record);
    if (!parsed.success) {
      rejected.push({ line: candidate.line, reason: formatIssues(parsed.error) });
      continue;
    }
    const firstLine = seen.get(parsed.data.id);
    if (firstLine !== undefined) {
      rejected.push({
        line: candidate.line,
        reason: `duplicate id ${parsed.data.id} (first on line ${firstLine})`,
      });
      continue;
    }
    seen.set(parsed.data.id, candidate.line);
    rows.push(parsed.data);
  }
  return { rows, rejected };
}
