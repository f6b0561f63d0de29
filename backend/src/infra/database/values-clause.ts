/**
 * Placeholders for a multi-row INSERT: valuesClause(2, 3) is "($1, $2, $3), ($4, $5, $6)".
 * Values always travel as parameters, never inside the SQL text.
 */
export function valuesClause(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, row) => {
    const cells = Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`);
    return `(${cells.join(', ')})`;
  }).join(', ');
}

/** PostgreSQL takes at most 65535 parameters per statement; keep batches well below it. */
export function chunksForInsert<T>(rows: readonly T[], columns: number, maxParams = 30_000): T[][] {
  const size = Math.max(1, Math.floor(maxParams / columns));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size)
    chunks.push(rows.slice(start, start + size));
  return chunks;
}
