import type { CaseCategory, CaseDto, CaseStatus } from '@cityops/contracts';
import type { Point } from 'geojson';
import type { MapFeature } from './MapFeature';

interface CasePointProperties extends Record<string, unknown> {
  id: string;
  category: CaseCategory;
  status: CaseStatus;
  /** Past its due time: the point (and any cluster holding it) is drawn in the overdue colour. */
  overdue: boolean;
}

/** Open sanitation cases as points for the clustered `cases` source; closed ones are left out. */
export function casesToGeoJson(
  cases: readonly CaseDto[] | undefined,
): MapFeature<Point, CasePointProperties>[] {
  return (cases ?? []).flatMap((item) =>
    item.status === 'closed'
      ? []
      : [
          {
            type: 'Feature' as const,
            id: item.id,
            geometry: {
              type: 'Point' as const,
              coordinates: [item.location[0], item.location[1]],
            },
            properties: {
              id: item.id,
              category: item.category,
              status: item.status,
              overdue: item.overdue,
            },
          },
        ],
  );
}
