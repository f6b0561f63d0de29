import {
  isMetricName,
  METRICS,
  METRIC_NAMES,
  type AssetFeature,
  type CaseDto,
  type MetricDefinition,
} from '@cityops/contracts';
import { districtLabel } from '../i18n/districtLabel';
import { formatDateTime } from '../i18n/formatDateTime';
import type { Locale } from '../i18n/Locale';
import type { TranslateFn } from '../i18n/TranslateFn';

export type PickCardRow = readonly [label: string, value: string];

interface RowContext {
  t: TranslateFn;
  locale: Locale;
  timeZone: string;
}

function metricValue(name: string, value: number): string {
  if (!isMetricName(name)) return String(value);
  const definition: MetricDefinition = METRICS[name];
  if (definition.boolean) return value ? 'ON' : 'OFF';
  const text = Number.isInteger(value)
    ? String(value)
    : value.toFixed(definition.unit === 'MPa' ? 2 : 1);
  return `${text} ${definition.unit}`;
}

/** An asset's card: kind, district, status, each latest value with its unit (contract order), last report. */
export function assetPickRows(
  asset: AssetFeature,
  { t, locale, timeZone }: RowContext,
): PickCardRow[] {
  const { kind, district, status, latest, lastSeenAt } = asset.properties;
  const rows: PickCardRow[] = [
    [t('map.pick.kind'), t(`assetKind.${kind}`)],
    [t('incident.district'), districtLabel(district, locale) ?? t('incident.unknownDistrict')],
    [t('map.pick.status'), t(`assetStatus.${status}`)],
  ];
  const known = METRIC_NAMES.filter((name) => latest[name] !== undefined);
  const other = Object.keys(latest)
    .filter((name) => !isMetricName(name))
    .sort();
  for (const name of [...known, ...other]) {
    const value = latest[name]!;
    rows.push([isMetricName(name) ? t(`metric.${name}`) : name, metricValue(name, value)]);
  }
  rows.push([
    t('map.pick.lastSeen'),
    lastSeenAt ? formatDateTime(lastSeenAt, 'full', timeZone) : t('map.pick.never'),
  ]);
  return rows;
}

/** A case's card: category, source, status, district, reported and due times (overdue said so). */
export function casePickRows(item: CaseDto, { t, locale, timeZone }: RowContext): PickCardRow[] {
  const due = formatDateTime(item.dueAt, 'full', timeZone);
  return [
    [t('map.pick.category'), t(`category.${item.category}`)],
    [t('map.pick.source'), t(`caseSource.${item.source}`)],
    [t('map.pick.status'), t(`caseStatus.${item.status}`)],
    [t('incident.district'), districtLabel(item.district, locale) ?? t('incident.unknownDistrict')],
    [t('map.pick.reportedAt'), formatDateTime(item.reportedAt, 'full', timeZone)],
    [t('map.pick.dueAt'), item.overdue ? `${due} · ${t('map.pick.overdue')}` : due],
  ];
}
