import type { AssetFeature, CaseDto, Incident } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { assetPickRows, casePickRows, type PickCardRow } from './pickCardRows';

interface MapPickCardProps {
  kind: 'asset' | 'case';
  id: string;
  /** The live asset or case (null once it is gone: imported away, closed). */
  asset: AssetFeature | null;
  item: CaseDto | null;
  /** The asset's open incident, if any: the card links to it. */
  incident: Incident | null;
  onSelectIncident: (id: string) => void;
  onClose: () => void;
}

/** The card a click on an asset or a case opens over the map, kept current by live updates. */
export function MapPickCard({
  kind,
  id,
  asset,
  item,
  incident,
  onSelectIncident,
  onClose,
}: MapPickCardProps) {
  const { t, locale } = useI18n();
  const timeZone = useTimeZone();
  const context = { t, locale, timeZone };
  let title = id;
  let rows: PickCardRow[] = [];
  if (kind === 'asset' && asset) {
    title = asset.properties.name;
    rows = assetPickRows(asset, context);
  } else if (kind === 'case' && item) {
    title = t('map.pick.case', { id: item.id });
    rows = casePickRows(item, context);
  }
  const gone = rows.length === 0;

  return (
    <article
      className="map-pick-card"
      data-testid="map-pick-card"
      data-kind={kind}
      data-id={id}
      onClick={(event) => event.stopPropagation()}
    >
      <header className="map-pick-card__header">
        <h3 className="map-pick-card__title">{title}</h3>
        <button
          type="button"
          className="map-pick-card__close"
          aria-label={t('map.pick.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      {gone ? (
        <p className="map-pick-card__gone">
          {kind === 'asset' ? t('map.pick.gone') : t('map.pick.caseGone')}
        </p>
      ) : (
        <dl className="map-pick-card__rows">
          {rows.map(([label, value]) => (
            <div key={label} className="map-pick-card__row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {kind === 'case' && item?.description ? (
        <p className="map-pick-card__description">{item.description}</p>
      ) : null}
      {incident ? (
        <button
          type="button"
          className="button map-pick-card__incident"
          data-testid="map-pick-incident"
          onClick={() => onSelectIncident(incident.id)}
        >
          {t('map.pick.openIncident')} · {t(`severity.${incident.severity}`)}
        </button>
      ) : null}
    </article>
  );
}
