import type { Incident } from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';

/** Who handled an incident: "确认 wang · 解除 zhang", one of them, or an em dash. */
export function handledByText(
  incident: Pick<Incident, 'acknowledgedBy' | 'resolvedBy'>,
  t: TranslateFn,
): string {
  const parts: string[] = [];
  if (incident.acknowledgedBy) parts.push(t('history.ackBy', { name: incident.acknowledgedBy }));
  if (incident.resolvedBy) parts.push(t('history.resolvedBy', { name: incident.resolvedBy }));
  return parts.length ? parts.join(' · ') : '—';
}
