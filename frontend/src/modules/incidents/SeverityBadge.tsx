import { SEVERITY_COLORS, type Severity } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/useI18n';

/** The warning colour and level as a chip: "红色 Ⅰ级". */
export function SeverityBadge({
  severity,
  compact = false,
}: {
  severity: Severity;
  compact?: boolean;
}) {
  const { t } = useI18n();
  return (
    <span
      className={`severity-badge severity-badge--${severity}`}
      style={{ '--severity-color': SEVERITY_COLORS[severity] } as CSSProperties}
      data-severity={severity}
    >
      {t(`severity.${severity}`)}
      {compact ? null : (
        <span className="severity-badge__level">{t(`severityLevel.${severity}`)}</span>
      )}
    </span>
  );
}
