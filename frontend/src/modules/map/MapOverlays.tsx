import { severityRank, type Incident } from '@cityops/contracts';
import { useMemo } from 'react';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';
import { districtLabelPoints } from './districtLabelPoints';
import { IncidentMarker } from './IncidentMarker';
import type { MarkerComponent } from './MarkerComponent';

interface MapOverlaysProps {
  Marker: MarkerComponent;
  zoom: number;
  incidents: readonly Incident[];
  selectedIncidentId: string | null;
  onSelectIncident: (id: string) => void;
}

/**
 * The HTML layer over the map, shared by both engines: district names (no glyph server, so no symbol
 * layers) and one pulsing marker per located incident, the most severe on top.
 */
export function MapOverlays({
  Marker,
  zoom,
  incidents,
  selectedIncidentId,
  onSelectIncident,
}: MapOverlaysProps) {
  const { locale, t } = useI18n();
  const labels = districtLabelPoints(zoom);
  const located = useMemo(
    () =>
      incidents
        .filter(
          (incident): incident is Incident & { location: [number, number] } =>
            incident.location !== null,
        )
        .sort((a, b) => severityRank(a.severity) - severityRank(b.severity)),
    [incidents],
  );

  return (
    <>
      {labels.map((point) => (
        <Marker
          key={point.key}
          longitude={point.lngLat[0]}
          latitude={point.lngLat[1]}
          anchor="center"
          style={{ pointerEvents: 'none', zIndex: 0 }}
        >
          <span
            className={point.code ? 'district-label' : 'district-label district-label--central'}
          >
            {point.code ? districtLabel(point.code, locale) : t('map.centralDistricts')}
          </span>
        </Marker>
      ))}
      {located.map((incident) => {
        const selected = incident.id === selectedIncidentId;
        return (
          <Marker
            key={incident.id}
            longitude={incident.location[0]}
            latitude={incident.location[1]}
            anchor="center"
            style={{ zIndex: selected ? 10 : 2 + severityRank(incident.severity) }}
          >
            <IncidentMarker incident={incident} selected={selected} onSelect={onSelectIncident} />
          </Marker>
        );
      })}
    </>
  );
}
