import type { AssetImportResult } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from '../ui/DataTable';
import { importReasonText } from './importReasonText';

/** The rows the import refused: line number and why (translated; the original on hover). */
export function RejectedRowsTable({ rejected }: { rejected: AssetImportResult['rejected'] }) {
  const { t } = useI18n();
  return (
    <DataTable
      testId="asset-import-rejected"
      columns={[{ label: t('admin.assets.line') }, { label: t('admin.assets.reason') }]}
      empty={null}
    >
      {rejected.map(({ line, reason }, index) => (
        <tr key={`${line}-${index}`} data-testid="asset-import-rejected-row" data-line={line}>
          <td className="history-table__number">{line}</td>
          <td title={reason}>{importReasonText(reason, t)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
