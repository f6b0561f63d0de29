import type { QuarantineEntry } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from '../ui/DataTable';
import { QuarantineRow } from './QuarantineRow';

/** Quarantined input, newest first. */
export function QuarantineTable({ entries }: { entries: readonly QuarantineEntry[] }) {
  const { t } = useI18n();
  return (
    <DataTable
      testId="quarantine-table"
      columns={[
        { label: t('admin.quarantine.receivedAt') },
        { label: t('admin.quarantine.source') },
        { label: t('admin.quarantine.reason') },
        { label: t('admin.quarantine.sensorId') },
        { label: t('admin.quarantine.metric') },
        { label: t('admin.quarantine.detail') },
        { label: t('admin.quarantine.payload') },
      ]}
      empty={entries.length === 0 ? t('admin.quarantine.empty') : null}
    >
      {entries.map((entry) => (
        <QuarantineRow key={entry.id} entry={entry} />
      ))}
    </DataTable>
  );
}
