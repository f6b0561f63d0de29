import { SEVERITY_COLORS, severityRank, type Incident } from '@cityops/contracts';
import { useMemo, type CSSProperties } from 'react';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';
import { districtLabelPoints } from './districtLabelPoints';
import { IncidentMarker } from './IncidentMarker';
import { DEPTH_LABEL_ZOOM } from './layers';
import type { LayerToggleState } from './layerToggleState';
import type { PickCard } from './MapCanvasProps';
import type { MarkerComponent } from './MarkerComponent';
import type { WaterDepthPoint } from './waterDepthPoints';

interface MapOverlaysProps {
  Marker: MarkerComponent;
  zoom: number;
  enabled: LayerToggleState;
  waterDepths: readonly WaterDepthPoint[];
  incidents: readonly Incident[];
  selectedIncidentId: string | null;
  onSelectIncident: (id: string) => void;
  pickCard: PickCard | null;
}

/**
 * The HTML layer over the map, shared by both engines (no glyph server, so no symbol layers):
 * district names, depth labels of waterlogging points from zoom 12, and one pulsing marker per
 * located incident, the most severe on top, and the card of a clicked asset or case. Switched-off
 * groups draw nothing here (but a selected incident keeps its marker).
 */
export function MapOverlays({
  Marker,
  zoom,
  enabled,
  waterDepths,
  incidents,
  selectedIncidentId,
  onSelectIncident,
  pickCard,
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
  const depths = enabled.waterlogging && zoom >= DEPTH_LABEL_ZOOM ? waterDepths : [];

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
      {depths.map((point) => (
        <Marker
          key={`depth:${point.id}`}
          longitude={point.lngLat[0]}
          latitude={point.lngLat[1]}
          anchor="bottom"
          offset={[0, -9]}
          style={{ pointerEvents: 'none', zIndex: 1 }}
        >
          <span
            className="depth-label"
            style={
              point.severity
                ? ({ '--depth-color': SEVERITY_COLORS[point.severity] } as CSSProperties)
                : undefined
            }
            data-testid="depth-label"
            data-asset-id={point.id}
          >
            {t('map.depth', { depth: point.depthCm })}
          </span>
        </Marker>
      ))}
      {located.map((incident) => {
        const selected = incident.id === selectedIncidentId;
        // With incidents switched off, the selected one (a card is showing it) still marks its place.
        if (!enabled.incidents && !selected) return null;
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
      {pickCard ? (
        <Marker
          key="pick-card"
          longitude={pickCard.lngLat[0]}
          latitude={pickCard.lngLat[1]}
          anchor={pickCard.below ? 'top' : 'bottom'}
          offset={[0, pickCard.below ? 12 : -12]}
          style={{ zIndex: 20 }}
        >
          {pickCard.node}
        </Marker>
      ) : null}
    </>
  );
}
