import type { Silence } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from '../ui/DataTable';
import { SilenceRow } from './SilenceRow';

/** The silences of the chosen states, newest start first. */
export function SilenceTable({
  silences,
  busyId,
  onExpire,
}: {
  silences: readonly Silence[];
  busyId: string | null;
  onExpire: (id: string) => void;
}) {
  const { t } = useI18n();
  return (
    <DataTable
      testId="silence-table"
      columns={[
        { label: t('admin.silences.matchers') },
        { label: t('admin.silences.window') },
        { label: t('admin.silences.reason') },
        { label: t('admin.silences.createdBy') },
        { label: t('admin.silences.state') },
        { label: t('admin.users.actions') },
      ]}
      empty={silences.length === 0 ? t('admin.silences.empty') : null}
    >
      {silences.map((silence) => (
        <SilenceRow
          key={silence.id}
          silence={silence}
          busy={busyId === silence.id}
          onExpire={() => onExpire(silence.id)}
        />
      ))}
    </DataTable>
  );
}
