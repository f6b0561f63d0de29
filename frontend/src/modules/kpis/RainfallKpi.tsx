import { SEVERITY_COLORS, type AssetCollection } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/useI18n';
import { rainfallNow } from './rainfallNow';
import './kpis.css';

/**
 * Rainfall now: the highest intensity among the rain gauges (mm/h), their mean and count, and the
 * rainstorm signal level (CMA colours, from the `rainstorm-signal` incidents on those gauges).
 */
export function RainfallKpi({ assets }: { assets: AssetCollection | undefined }) {
  const { t } = useI18n();
  const { maxMmH, meanMmH, gauges, level } = rainfallNow(assets);
  return (
    <section
      className={`now-tile${level ? ' now-tile--signal' : ''}`}
      style={level ? ({ '--severity-color': SEVERITY_COLORS[level] } as CSSProperties) : undefined}
      aria-label={t('kpi.rainfall')}
      data-testid="kpi-rainfall"
      data-level={level ?? 'none'}
    >
      <h2 className="now-tile__label">{t('kpi.rainfall')}</h2>
      <p className="now-tile__value" data-testid="kpi-rainfall-value">
        <span className="now-tile__prefix">{t('kpi.rainfallMax')}</span>
        <span className="kpi-number now-tile__number">
          {maxMmH === null ? '—' : maxMmH.toFixed(1)}
        </span>
        <span className="kpi-unit">mm/h</span>
      </p>
      <p className="now-tile__detail">
        {t('kpi.rainfallMean', {
          value: meanMmH === null ? '—' : meanMmH.toFixed(1),
          count: gauges,
        })}
      </p>
      <p className="now-tile__badge" data-testid="kpi-rainfall-signal">
        {level ? t('kpi.rainSignal', { severity: t(`severity.${level}`) }) : t('kpi.rainNoSignal')}
      </p>
    </section>
  );
}
