import './incidents.css';
import type { Incident } from '@cityops/contracts';
import { IncidentRow } from './IncidentRow';

interface IncidentListProps {
  incidents: readonly Incident[];
  selectedIncidentId: string | null;
  onSelectIncident: (id: string) => void;
  emptyText: string;
  variant: 'console' | 'feed';
}

/** Incidents as rows (already sorted: most severe, then newest), on the desk and in the wall's feed. */
export function IncidentList({
  incidents,
  selectedIncidentId,
  onSelectIncident,
  emptyText,
  variant,
}: IncidentListProps) {
  if (incidents.length === 0) {
    return (
      <p className="incident-list__empty" data-testid="incident-list-empty">
        {emptyText}
      </p>
    );
  }
  return (
    <ul className={`incident-list incident-list--${variant}`} data-testid="incident-list">
      {incidents.map((incident) => (
        <IncidentRow
          key={incident.id}
          incident={incident}
          selected={incident.id === selectedIncidentId}
          onSelect={onSelectIncident}
        />
      ))}
    </ul>
  );
}
