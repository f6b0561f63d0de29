import type { IncidentFilter } from '@cityops/contracts';

/**
 * The WHERE conditions for the incident filters the list, the CSV export and the statistics share,
 * over the `incidents` table under `alias`. Values go into `params` (positional, numbered after what
 * it already holds); the SQL text is fixed, never user text. An empty result means no condition.
 */
export function incidentFilterSql(
  filter: IncidentFilter,
  alias: string,
  params: unknown[],
): string[] {
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  const a = alias;
  if (filter.status?.length) add((p) => `${a}.status = ANY(${p}::text[])`, filter.status);
  if (filter.domain?.length) add((p) => `${a}.domain = ANY(${p}::text[])`, filter.domain);
  if (filter.severity?.length) add((p) => `${a}.severity = ANY(${p}::text[])`, filter.severity);
  if (filter.district?.length) add((p) => `${a}.district = ANY(${p}::text[])`, filter.district);
  // Sanitation incidents about one case take the case's category (as the statistics group them).
  if (filter.category?.length)
    add(
      (p) =>
        `${a}.domain = 'sanitation' AND EXISTS (SELECT 1 FROM cases fc WHERE fc.id = ${a}.asset_id AND fc.category = ANY(${p}::text[]))`,
      filter.category,
    );
  if (filter.handledBy)
    add((p) => `(${a}.acknowledged_by = ${p} OR ${a}.resolved_by = ${p})`, filter.handledBy);
  if (filter.from) add((p) => `${a}.opened_at >= ${p}::timestamptz`, filter.from);
  if (filter.to) add((p) => `${a}.opened_at < ${p}::timestamptz`, filter.to);
  return where;
}
