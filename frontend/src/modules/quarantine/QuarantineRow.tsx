import type { QuarantineEntry } from '@cityops/contracts';
import { useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { useMinuteTime } from '../ui/useMinuteTime';
import { payloadPreview } from './payloadPreview';

const COLUMNS = 7;

/** One quarantined input, and under it on demand its payload (monospace, truncated). */
export function QuarantineRow({ entry }: { entry: QuarantineEntry }) {
  const { t } = useI18n();
  const time = useMinuteTime();
  const [open, setOpen] = useState(false);
  const preview = open ? payloadPreview(entry.payload) : null;
  return (
    <>
      <tr data-testid="quarantine-row" data-id={entry.id} data-reason={entry.reason}>
        <td className="admin-table__time">{time(entry.receivedAt)}</td>
        <td>{entry.source}</td>
        <td title={entry.reason}>{t(`rejection.${entry.reason}`)}</td>
        <td>{entry.sensorId ?? t('admin.none')}</td>
        <td>{entry.metric ?? t('admin.none')}</td>
        <td className="quarantine__detail">{entry.detail}</td>
        <td className="admin-table__actions">
          <button
            type="button"
            className="button"
            aria-expanded={open}
            data-testid="quarantine-toggle"
            onClick={() => setOpen((o) => !o)}
          >
            {open ? t('admin.quarantine.hide') : t('admin.quarantine.show')}
          </button>
        </td>
      </tr>
      {preview ? (
        <tr className="quarantine__payload-row" data-testid="quarantine-payload-row">
          <td colSpan={COLUMNS}>
            <pre className="quarantine__payload" data-testid="quarantine-payload">
              {preview.text}
              {preview.truncated
                ? t('admin.quarantine.truncated', { count: preview.length })
                : null}
            </pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
