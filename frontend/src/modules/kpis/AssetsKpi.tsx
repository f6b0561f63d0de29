import type { AssetCollection, Domain } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { assetStats } from '../assets/assetStats';
import { useI18n } from '../i18n/useI18n';
import './kpis.css';

const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;

/** Assets reporting now out of all registered, overall and per domain. */
export function AssetsKpi({ assets }: { assets: AssetCollection | undefined }) {
  const { t } = useI18n();
  const stats = assetStats(assets);
  const rate = percent(stats.online, stats.total);
  const domains = Object.entries(stats.byDomain) as [Domain, { total: number; online: number }][];

  return (
    <section className="kpi-panel" aria-label={t('kpi.assetsOnline')} data-testid="kpi-assets">
      <header className="kpi-panel__header">
        <h2 className="kpi-panel__title">{t('kpi.assetsOnline')}</h2>
      </header>
      {stats.total === 0 ? (
        <p className="kpi-panel__empty">{t('kpi.noData')}</p>
      ) : (
        <>
          <div className="online-gauge" style={{ '--rate': `${rate}%` } as CSSProperties}>
            <div className="online-gauge__numbers">
              <span className="kpi-number online-gauge__online" data-testid="kpi-assets-online">
                {stats.online}
              </span>
              <span className="online-gauge__total">/ {stats.total}</span>
              <span className="online-gauge__rate">
                {t('kpi.onlineRate')} <strong>{rate}%</strong>
              </span>
            </div>
            <div className="online-gauge__bar" aria-hidden="true">
              <span className="online-gauge__fill" />
            </div>
          </div>
          <ul className="domain-stats">
            <li className="domain-stats__row domain-stats__row--alarm">
              <span>{t('kpi.assetsAlarm')}</span>
              <span className="kpi-number">{stats.alarm}</span>
            </li>
            {domains.map(([domain, counts]) => (
              <li key={domain} className="domain-stats__row">
                <span>{t(`domain.${domain}`)}</span>
                <span>
                  <span className="kpi-number">{counts.online}</span>
                  <span className="domain-stats__of"> / {counts.total}</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
