import { severityRank, type Incident, type Severity } from '@cityops/contracts';
import type { FeatureCollection, Point } from 'geojson';
import type { MapFeature } from './MapFeature';

interface IncidentPointProperties extends Record<string, unknown> {
  id: string;
  severity: Severity;
  rank: number;
  title: string;
}

type IncidentPoints = FeatureCollection<Point, IncidentPointProperties> & {
  features: MapFeature<Point, IncidentPointProperties>[];
};

/** Incidents with a location as GeoJSON points (the `incidents-halo` layer); those without one are left out. */
export function incidentsToGeoJson(incidents: readonly Incident[]): IncidentPoints {
  return {
    type: 'FeatureCollection',
    features: incidents.flatMap((incident) =>
      incident.location
        ? [
            {
              type: 'Feature' as const,
              id: incident.id,
              geometry: {
                type: 'Point' as const,
                coordinates: [incident.location[0], incident.location[1]],
              },
              properties: {
                id: incident.id,
                severity: incident.severity,
                rank: severityRank(incident.severity),
                title: incident.title,
              },
            },
          ]
        : [],
    ),
  };
}
