import { SEVERITY_COLORS, type Incident } from '@cityops/contracts';
import type { CSSProperties } from 'react';

interface IncidentMarkerProps {
  incident: Incident;
  selected: boolean;
  onSelect: (id: string) => void;
}

/**
 * One incident on the map: a dot in its severity colour that pulses while nobody has acknowledged it
 * and glows steadily once someone has. Test ids and data attributes are public (end-to-end tests).
 */
export function IncidentMarker({ incident, selected, onSelect }: IncidentMarkerProps) {
  const className = [
    'incident-marker',
    `incident-marker--${incident.severity}`,
    `incident-marker--${incident.status}`,
    selected ? 'incident-marker--selected' : '',
  ].join(' ');
  return (
    <button
      type="button"
      className={className}
      style={{ '--severity-color': SEVERITY_COLORS[incident.severity] } as CSSProperties}
      data-testid="incident-marker"
      data-severity={incident.severity}
      data-incident-id={incident.id}
      data-status={incident.status}
      aria-label={incident.title}
      aria-pressed={selected}
      title={incident.title}
      onClick={(event) => {
        event.stopPropagation();
        onSelect(incident.id);
      }}
    >
      <span className="incident-marker__pulse" />
      <span className="incident-marker__pulse incident-marker__pulse--late" />
      <span className="incident-marker__core" />
    </button>
  );
}
