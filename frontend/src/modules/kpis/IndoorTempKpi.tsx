import type { AssetCollection } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { indoorTemperature } from './indoorTemperature';
import './kpis.css';

/** Average indoor temperature now, over the online indoor sensors, in °C to one decimal. */
export function IndoorTempKpi({ assets }: { assets: AssetCollection | undefined }) {
  const { t } = useI18n();
  const { meanC, sensors } = indoorTemperature(assets);
  return (
    <section className="now-tile" aria-label={t('kpi.indoorTemp')} data-testid="kpi-indoor-temp">
      <h2 className="now-tile__label">{t('kpi.indoorTemp')}</h2>
      <p className="now-tile__value" data-testid="kpi-indoor-temp-value">
        <span className="kpi-number now-tile__number">
          {meanC === null ? '—' : meanC.toFixed(1)}
        </span>
        <span className="kpi-unit">°C</span>
      </p>
      <p className="now-tile__detail">{t('kpi.indoorTempOver', { count: sensors })}</p>
    </section>
  );
}
