import { isMetricName, METRICS, type Incident } from '@cityops/contracts';

/** The incident's latest reading with its unit ("23.5 cm", "16.2 °C"), or null when it has none. */
export function formatIncidentValue(
  incident: Pick<Incident, 'metric' | 'lastValue'>,
): string | null {
  if (incident.lastValue === null) return null;
  const value = Number.isInteger(incident.lastValue)
    ? String(incident.lastValue)
    : incident.lastValue.toFixed(1);
  const unit =
    incident.metric && isMetricName(incident.metric) ? METRICS[incident.metric].unit : '';
  return unit ? `${value} ${unit}` : value;
}
